import { unitKindAfterEras } from './1765200000000-UnitEras';

describe(unitKindAfterEras.name, () => {
  const u = (name: string, kind: string, code = 'X') => ({ code, name, kind });

  it('tells the district-level units apart by their names', () => {
    expect(unitKindAfterEras(u('UBND huyện Vĩnh Linh', 'district'), 'province')).toBe('district');
    expect(unitKindAfterEras(u('Thị xã Quảng Trị', 'district'), 'province')).toBe('town');
    expect(unitKindAfterEras(u('UBND thành phố Đông Hà', 'district'), 'province')).toBe('provincial_city');
    expect(unitKindAfterEras(u('Ủy ban nhân dân quận Hải Châu', 'district'), 'province')).toBe('urban_district');
  });

  it('makes a thị trấn a township and keeps a xã a commune', () => {
    expect(unitKindAfterEras(u('UBND thị trấn Hồ Xá', 'commune'), 'district')).toBe('township');
    expect(unitKindAfterEras(u('UBND xã Vĩnh Hòa', 'commune'), 'district')).toBe('commune');
  });

  it("makes a district's department a phòng/ban of before, and keeps a province's", () => {
    expect(unitKindAfterEras(u('Phòng Nội vụ', 'department'), 'district')).toBe('district_office');
    expect(unitKindAfterEras(u('Phòng Nội vụ', 'department'), 'town')).toBe('district_office');
    expect(unitKindAfterEras(u('Sở Nội vụ', 'department'), 'province')).toBe('department');
    expect(unitKindAfterEras(u('Phòng lẻ', 'department'), null)).toBe('department');
    expect(unitKindAfterEras(u('Trung tâm', 'agency'), 'district')).toBe('agency');
  });

  it('makes the unit of the first start a province until it is renamed', () => {
    expect(unitKindAfterEras(u('Đơn vị quản trị hệ thống', 'district', 'QTHT'), null)).toBe('province');
    expect(unitKindAfterEras(u('UBND huyện Phú Tân', 'district', 'QTHT'), null)).toBe('district');
  });
});
