import { Role } from '../users/roles';
import { hasAnyRole } from './access';
import { CurrentUser } from './current-user';

export interface NavItem {
  href: string;
  label: string;
  active: boolean;
}

interface NavEntry {
  href: (user: CurrentUser) => string;
  label: string;
  roles: Role[];
  /** Paths under this prefix mark the item active. */
  prefix: (user: CurrentUser) => string;
}

const ENTRIES: NavEntry[] = [
  { href: () => '/', label: 'Việc cần làm', roles: [], prefix: () => '/__home' },
  { href: () => '/initiatives', label: 'Sáng kiến', roles: [], prefix: () => '/initiatives' },
  { href: (u) => `/units/${u.unitId}`, label: 'Đơn vị của tôi', roles: [Role.Author, Role.UnitFocal, Role.CouncilMember, Role.CouncilSecretary], prefix: (u) => `/units/${u.unitId}` },
  { href: () => '/units', label: 'Đơn vị', roles: [Role.DistrictAdmin], prefix: () => '/units' },
  { href: () => '/users', label: 'Người dùng', roles: [Role.DistrictAdmin], prefix: () => '/users' },
  { href: () => '/reviews', label: 'Phiếu chấm', roles: [Role.CouncilMember], prefix: () => '/reviews' },
  { href: () => '/rounds', label: 'Đợt xét', roles: [Role.CouncilSecretary, Role.CouncilMember, Role.DistrictAdmin], prefix: () => '/rounds' },
  { href: () => '/programmes', label: 'Nhân rộng', roles: [Role.DistrictAdmin, Role.CouncilSecretary], prefix: () => '/programmes' },
  { href: (u) => `/units/${u.unitId}/adoptions`, label: 'Áp dụng sáng kiến', roles: [Role.UnitFocal], prefix: (u) => `/units/${u.unitId}/adoptions` },
  { href: () => '/fields', label: 'Lĩnh vực', roles: [Role.DistrictAdmin], prefix: () => '/fields' },
  { href: () => '/audit', label: 'Nhật ký', roles: [Role.DistrictAdmin], prefix: () => '/audit' },
  { href: () => '/catalogue', label: 'Danh mục công khai', roles: [], prefix: () => '/catalogue' },
];

/** The menu for this user: only what their roles open. */
export function navigation(user: CurrentUser | null, path: string): NavItem[] {
  if (!user) return [];
  const admin = hasAnyRole(user, [Role.DistrictAdmin]);
  return ENTRIES.filter((e) => hasAnyRole(user, e.roles))
    .filter((e) => !(admin && e.label === 'Đơn vị của tôi'))
    .map((e) => ({
      href: e.href(user),
      label: e.label,
      active: path === '/' ? e.href(user) === '/' : path.startsWith(e.prefix(user)),
    }));
}
