import { fold } from '../common/text';

/** Roles, stored as text codes, with their Vietnamese labels. A user may hold several. */
export enum Role {
  Author = 'author',
  UnitFocal = 'unit_focal',
  CouncilMember = 'council_member',
  CouncilSecretary = 'council_secretary',
  /** Quản trị hệ thống: the whole install (the code of the administrators of before). */
  DistrictAdmin = 'district_admin',
  /** Quản trị đơn vị: users, units below, rounds of its own unit's subtree. */
  UnitAdmin = 'unit_admin',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Author]: 'Tác giả / cán bộ đề xuất',
  [Role.UnitFocal]: 'Đầu mối CCHC của đơn vị',
  [Role.CouncilMember]: 'Thành viên hội đồng',
  [Role.CouncilSecretary]: 'Thư ký hội đồng',
  [Role.DistrictAdmin]: 'Quản trị hệ thống',
  [Role.UnitAdmin]: 'Quản trị đơn vị',
};

export const ROLES = Object.values(Role);

export function isRole(value: string): value is Role {
  return (ROLES as string[]).includes(value);
}

/** The labels of the roles held, skipping any code that is no longer a role. */
export function roleLabels(roles: readonly string[]): string[] {
  return roles.filter(isRole).map((r) => ROLE_LABELS[r]);
}

/** Other names a file may give a role (besides its code and its label), as people write them. */
const OTHER_NAMES: Record<Role, string[]> = {
  [Role.Author]: ['Tác giả', 'Cán bộ đề xuất'],
  [Role.UnitFocal]: ['Đầu mối CCHC', 'Đầu mối', 'Đầu mối cải cách hành chính'],
  [Role.CouncilMember]: ['Thành viên', 'Thành viên HĐ'],
  [Role.CouncilSecretary]: ['Thư ký', 'Thư ký HĐ'],
  // The label before 2026, still in files written then.
  [Role.DistrictAdmin]: ['Quản trị', 'Quản trị cấp huyện'],
  [Role.UnitAdmin]: ['Quản trị cơ sở'],
};

const BY_NAME = new Map<string, Role>();
for (const role of ROLES) for (const name of [role, ROLE_LABELS[role], ...OTHER_NAMES[role]]) BY_NAME.set(fold(name), role);

/**
 * The role a file names: its code or its Vietnamese name, in any case, with or without
 * marks ("Đầu mối CCHC", "dau moi cchc", "unit_focal"). Null when it names none.
 */
export function parseRole(value: string | null | undefined): Role | null {
  const k = fold(value);
  return k ? (BY_NAME.get(k) ?? null) : null;
}

/** The roles a file may name, for a message: "Tác giả / cán bộ đề xuất (author), …". */
export function acceptedRoles(): string {
  return ROLES.map((r) => `${ROLE_LABELS[r]} (${r})`).join(', ');
}
