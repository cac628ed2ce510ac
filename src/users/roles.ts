/** Roles, stored as text codes, with their Vietnamese labels. A user may hold several. */
export enum Role {
  Author = 'author',
  UnitFocal = 'unit_focal',
  CouncilMember = 'council_member',
  CouncilSecretary = 'council_secretary',
  DistrictAdmin = 'district_admin',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Author]: 'Tác giả / cán bộ đề xuất',
  [Role.UnitFocal]: 'Đầu mối CCHC của đơn vị',
  [Role.CouncilMember]: 'Thành viên hội đồng',
  [Role.CouncilSecretary]: 'Thư ký hội đồng',
  [Role.DistrictAdmin]: 'Quản trị cấp huyện',
};

export const ROLES = Object.values(Role);

export function isRole(value: string): value is Role {
  return (ROLES as string[]).includes(value);
}

/** The labels of the roles held, skipping any code that is no longer a role. */
export function roleLabels(roles: readonly string[]): string[] {
  return roles.filter(isRole).map((r) => ROLE_LABELS[r]);
}
