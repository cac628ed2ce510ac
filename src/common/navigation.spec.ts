import { Role } from '../users/roles';
import { CurrentUser } from './current-user';
import { ADMIN_MENU_LABEL, navigation, NavItem } from './navigation';

const user = (roles: Role[], unitId = 7): CurrentUser => ({ id: 1, username: 'u', fullName: 'U', position: '', unitId, unitName: 'Xã', roles, mustChangePassword: false });

/** Every link of the menu, groups opened. */
const links = (items: NavItem[]): NavItem[] => items.flatMap((i) => (i.children ? i.children : [i]));
const current = (items: NavItem[]): string[] => links(items).filter((i) => i.active).map((i) => i.label);

describe(navigation.name, () => {
  const admin = user([Role.DistrictAdmin]);
  const focal = user([Role.Author, Role.UnitFocal]);
  const member = user([Role.CouncilMember]);

  it('is empty for a visitor', () => {
    expect(navigation(null, '/')).toEqual([]);
  });

  it("groups the district's administration under one Quản trị menu", () => {
    const items = navigation(admin, '/');
    const group = items.find((i) => i.label === ADMIN_MENU_LABEL);
    expect(group?.children?.map((c) => c.label)).toEqual(['Đơn vị', 'Người dùng', 'Lĩnh vực', 'Căn cứ pháp lý', 'Nhắc việc tự động', 'Nhật ký']);
    expect(items.filter((i) => !i.children).map((i) => i.label)).toEqual(['Việc cần làm', 'Sáng kiến', 'Đợt xét', 'Nhân rộng', 'Danh mục công khai']);
    expect(items[items.length - 1].label).toBe('Danh mục công khai');
  });

  it("gives a unit administrator its rounds and programmes, and its units and users under Quản trị (not the install's fields or log)", () => {
    const items = navigation(user([Role.UnitAdmin]), '/');
    expect(items.find((i) => i.label === ADMIN_MENU_LABEL)?.children?.map((c) => [c.label, c.href])).toEqual([
      ['Đơn vị', '/units'],
      ['Người dùng', '/users'],
    ]);
    expect(items.filter((i) => !i.children).map((i) => i.label)).toEqual(['Việc cần làm', 'Sáng kiến', 'Đợt xét', 'Nhân rộng', 'Danh mục công khai']);
    // Its own unit is reached from Quản trị › Đơn vị, as for the system administrator, even with another role.
    expect(links(navigation(user([Role.UnitAdmin, Role.CouncilSecretary]), '/')).map((l) => l.label)).not.toContain('Đơn vị của tôi');
  });

  it('has no Quản trị menu for anyone else', () => {
    for (const u of [focal, member, user([Role.CouncilSecretary])]) expect(navigation(u, '/').some((i) => i.children)).toBe(false);
  });

  it('marks "Việc cần làm" on the home page only', () => {
    expect(current(navigation(member, '/'))).toEqual(['Việc cần làm']);
    expect(current(navigation(member, '/reviews/3'))).toEqual(['Phiếu chấm']);
    expect(current(navigation(member, '/initiatives/3/decision'))).toEqual(['Sáng kiến']);
    expect(current(navigation(member, '/catalogue'))).toEqual(['Danh mục công khai']);
  });

  it('marks nothing on a page of no section', () => {
    expect(current(navigation(member, '/account/password'))).toEqual([]);
    // A look-alike prefix is not the section.
    expect(current(navigation(member, '/reviewsx'))).toEqual([]);
  });

  it('marks the closest section when two cover the page, and the group of an admin page', () => {
    expect(current(navigation(focal, '/units/7/adoptions'))).toEqual(['Áp dụng sáng kiến']);
    expect(current(navigation(focal, '/units/7'))).toEqual(['Đơn vị của tôi']);
    expect(current(navigation(focal, '/units/70'))).toEqual([]);
    const items = navigation(admin, '/users/5/edit');
    expect(current(items)).toEqual(['Người dùng']);
    expect(items.find((i) => i.label === ADMIN_MENU_LABEL)?.active).toBe(true);
    expect(navigation(admin, '/rounds/2').find((i) => i.label === ADMIN_MENU_LABEL)?.active).toBe(false);
  });
});
