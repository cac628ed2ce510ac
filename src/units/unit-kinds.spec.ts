import { acceptedUnitKinds, isPastKind, parseUnitKind, pastKindRefusal, UNIT_KIND_LABELS, UNIT_KINDS, UnitKind } from './unit-kinds';

describe(parseUnitKind.name, () => {
  it.each([
    ['Xã', UnitKind.Commune],
    ['xa', UnitKind.Commune],
    ['  XÃ ', UnitKind.Commune],
    ['Phường', UnitKind.Ward],
    ['PHUONG', UnitKind.Ward],
    ['Sở', UnitKind.Department],
    ['so', UnitKind.Department],
    ['Sở, ban, ngành', UnitKind.Department],
    ['sở/ban/ngành', UnitKind.Department],
    ['Đặc khu', UnitKind.SpecialZone],
    ['dac khu', UnitKind.SpecialZone],
    ['Tỉnh', UnitKind.Province],
    ['Tỉnh, thành phố trực thuộc trung ương', UnitKind.Province],
    ['Huyện', UnitKind.District],
    ['Huyện (trước 01/07/2025)', UnitKind.District],
    ['thi tran', UnitKind.Township],
    ['Thị xã', UnitKind.Town],
    ['Thành phố thuộc tỉnh', UnitKind.ProvincialCity],
    ['Phòng, ban chuyên môn', UnitKind.DistrictOffice],
    ['commune', UnitKind.Commune],
    ['SPECIAL_ZONE', UnitKind.SpecialZone],
  ])('reads "%s" as %s', (name, kind) => {
    expect(parseUnitKind(name)).toBe(kind);
  });

  it.each(['', '   ', 'Thôn', 'xã phường', 'village', 'Đầu mối CCHC'])('names no kind with "%s"', (name) => {
    expect(parseUnitKind(name)).toBeNull();
  });

  it('reads back every code and every label', () => {
    for (const kind of UNIT_KINDS) {
      expect(parseUnitKind(kind)).toBe(kind);
      expect(parseUnitKind(UNIT_KIND_LABELS[kind])).toBe(kind);
    }
  });
});

describe('kinds of the two eras', () => {
  it('labels the kinds of before 01/07/2025 so, and no kind of today as a commune and township at once', () => {
    for (const kind of UNIT_KINDS) expect(UNIT_KIND_LABELS[kind].endsWith('(trước 01/07/2025)')).toBe(isPastKind(kind));
    expect(UNIT_KIND_LABELS[UnitKind.Commune]).toBe('Xã');
    expect(acceptedUnitKinds()).toContain('Đặc khu (special_zone), Sở, ban, ngành (department)');
  });

  it('gives a kind of before only to a unit ended by 30/06/2025', () => {
    expect(pastKindRefusal(UnitKind.District, null)).toContain('chỉ dùng cho đơn vị đã chấm dứt hoạt động đến ngày 30/06/2025');
    expect(pastKindRefusal(UnitKind.District, '2025-07-01')).not.toBeNull();
    expect(pastKindRefusal(UnitKind.District, '2025-06-30')).toBeNull();
    expect(pastKindRefusal(UnitKind.Township, '2019-12-31')).toBeNull();
    expect(pastKindRefusal(UnitKind.Commune, null)).toBeNull();
    expect(pastKindRefusal(UnitKind.SpecialZone, null)).toBeNull();
  });
});
