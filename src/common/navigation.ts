import { Role } from '../users/roles';
import { hasAnyRole } from './access';
import { CurrentUser } from './current-user';

/** One entry of the menu: a link, or a group (a dropdown) of links. */
export interface NavItem {
  href: string;
  label: string;
  /** The page shown is this item's (or, for a group, one of its links'): marked aria-current. */
  active: boolean;
  /** A group's links; absent on a plain link. */
  children?: NavItem[];
  /** The group's element id (for the dropdown's toggle), only on groups. */
  id?: string;
}

interface NavEntry {
  href: (user: CurrentUser) => string;
  label: string;
  roles: Role[];
  /** Paths at or below these mark the item current; the longest match wins. */
  prefixes: (user: CurrentUser) => string[];
  /** Shown inside the "Quản trị" menu instead of the bar. */
  admin?: boolean;
}

const ENTRIES: NavEntry[] = [
  { href: () => '/', label: 'Việc cần làm', roles: [], prefixes: () => [] },
  { href: () => '/initiatives', label: 'Sáng kiến', roles: [], prefixes: () => ['/initiatives'] },
  { href: (u) => `/units/${u.unitId}`, label: 'Đơn vị của tôi', roles: [Role.Author, Role.UnitFocal, Role.CouncilMember, Role.CouncilSecretary], prefixes: (u) => [`/units/${u.unitId}`] },
  { href: () => '/reviews', label: 'Phiếu chấm', roles: [Role.CouncilMember], prefixes: () => ['/reviews'] },
  { href: () => '/rounds', label: 'Đợt xét', roles: [Role.CouncilSecretary, Role.CouncilMember, Role.DistrictAdmin, Role.UnitAdmin], prefixes: () => ['/rounds'] },
  { href: () => '/programmes', label: 'Nhân rộng', roles: [Role.DistrictAdmin, Role.UnitAdmin, Role.CouncilSecretary], prefixes: () => ['/programmes', '/adoptions'] },
  { href: (u) => `/units/${u.unitId}/adoptions`, label: 'Áp dụng sáng kiến', roles: [Role.UnitFocal], prefixes: (u) => [`/units/${u.unitId}/adoptions`, '/adoptions'] },
  { href: () => '/catalogue', label: 'Danh mục công khai', roles: [], prefixes: () => ['/catalogue'] },
  { href: () => '/units', label: 'Đơn vị', roles: [Role.DistrictAdmin, Role.UnitAdmin], prefixes: () => ['/units'], admin: true },
  { href: () => '/users', label: 'Người dùng', roles: [Role.DistrictAdmin, Role.UnitAdmin], prefixes: () => ['/users'], admin: true },
  { href: () => '/fields', label: 'Lĩnh vực', roles: [Role.DistrictAdmin], prefixes: () => ['/fields'], admin: true },
  { href: () => '/legal-bases', label: 'Căn cứ pháp lý', roles: [Role.DistrictAdmin], prefixes: () => ['/legal-bases'], admin: true },
  { href: () => '/reminders', label: 'Nhắc việc tự động', roles: [Role.DistrictAdmin], prefixes: () => ['/reminders'], admin: true },
  { href: () => '/audit', label: 'Nhật ký', roles: [Role.DistrictAdmin], prefixes: () => ['/audit'], admin: true },
];

export const ADMIN_MENU_LABEL = 'Quản trị';

/** How closely `prefix` covers `path` (its length), or -1 when the path is not at or below it. */
function matchLength(path: string, prefix: string): number {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) ? prefix.length : -1;
}

/**
 * The menu for this user: only what their roles open, the administration (the install's,
 * or a unit administrator's units and users) grouped under one "Quản trị" menu, and exactly one item marked current (none on a page
 * of no section, such as the password form): the one whose address covers the path most
 * closely ("Việc cần làm" only on the home page itself).
 */
export function navigation(user: CurrentUser | null, path: string): NavItem[] {
  if (!user) return [];
  // An administrator (of the install or of a unit) reaches its unit from "Quản trị › Đơn vị".
  const admin = hasAnyRole(user, [Role.DistrictAdmin, Role.UnitAdmin]);
  const entries = ENTRIES.filter((e) => hasAnyRole(user, e.roles)).filter((e) => !(admin && e.label === 'Đơn vị của tôi'));
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  let current: NavEntry | null = null;
  let best = -1;
  for (const e of entries) {
    const length = e.href(user) === '/' ? (clean === '/' ? 1 : -1) : Math.max(-1, ...e.prefixes(user).map((p) => matchLength(clean, p)));
    if (length > best) {
      best = length;
      current = e;
    }
  }
  const item = (e: NavEntry): NavItem => ({ href: e.href(user), label: e.label, active: e === current });
  const items: NavItem[] = entries.filter((e) => !e.admin).map(item);
  const adminLinks = entries.filter((e) => e.admin).map(item);
  if (adminLinks.length) {
    const group: NavItem = { href: '#', id: 'nav-admin', label: ADMIN_MENU_LABEL, active: adminLinks.some((l) => l.active), children: adminLinks };
    // Before the public catalogue, which stays last.
    const catalogue = items.findIndex((i) => i.href === '/catalogue');
    items.splice(catalogue < 0 ? items.length : catalogue, 0, group);
  }
  return items;
}
