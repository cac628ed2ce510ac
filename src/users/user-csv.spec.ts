import { parseRole, Role } from './roles';
import { parseRolesCell, rolesCellError } from './user-csv';

describe(parseRole.name, () => {
  it.each([
    ['Đầu mối CCHC', Role.UnitFocal],
    ['dau moi cchc', Role.UnitFocal],
    ['ĐẦU MỐI CCHC CỦA ĐƠN VỊ', Role.UnitFocal],
    ['unit_focal', Role.UnitFocal],
    ['Tác giả', Role.Author],
    ['Tác giả / cán bộ đề xuất', Role.Author],
    ['tac gia', Role.Author],
    ['Thành viên hội đồng', Role.CouncilMember],
    ['Thư ký hội đồng', Role.CouncilSecretary],
    ['thu ky', Role.CouncilSecretary],
    ['Quản trị hệ thống', Role.DistrictAdmin],
    ['Quản trị cấp huyện', Role.DistrictAdmin],
    ['quan tri cap huyen', Role.DistrictAdmin],
    ['DISTRICT_ADMIN', Role.DistrictAdmin],
  ])('reads "%s" as %s', (name, role) => {
    expect(parseRole(name)).toBe(role);
  });

  it.each(['', 'vua', 'Đầu', 'Đầu mối cấp xã', 'Xã'])('names no role with "%s"', (name) => {
    expect(parseRole(name)).toBeNull();
  });
});

describe(parseRolesCell.name, () => {
  it('splits on "|", "," and ";", never on the spaces inside a name', () => {
    expect(parseRolesCell('Đầu mối CCHC')).toEqual({ roles: [Role.UnitFocal], unknown: [] });
    expect(parseRolesCell('Tác giả, Đầu mối CCHC')).toEqual({ roles: [Role.Author, Role.UnitFocal], unknown: [] });
    expect(parseRolesCell('author|unit_focal')).toEqual({ roles: [Role.Author, Role.UnitFocal], unknown: [] });
    expect(parseRolesCell(' thư ký hội đồng ;  ; tac gia ')).toEqual({ roles: [Role.CouncilSecretary, Role.Author], unknown: [] });
    expect(parseRolesCell('')).toEqual({ roles: [], unknown: [] });
  });

  it('keeps each role once', () => {
    expect(parseRolesCell('author, Tác giả, TAC GIA').roles).toEqual([Role.Author]);
  });

  it('names an unknown value whole, with the accepted names', () => {
    const { roles, unknown } = parseRolesCell('Đầu mối cấp xã, author');
    expect(roles).toEqual([Role.Author]);
    expect(unknown).toEqual(['Đầu mối cấp xã']);
    const message = rolesCellError(unknown) as string;
    expect(message).toMatch(/^Vai trò không hợp lệ: Đầu mối cấp xã\. /);
    expect(message).toContain('Đầu mối CCHC của đơn vị (unit_focal)');
    expect(rolesCellError([])).toBeNull();
  });
});
