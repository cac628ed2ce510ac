import { Role } from '../users/roles';
import { CurrentUser } from './current-user';

// The rules of who may do what, as pure functions: the guard and the services call
// these, and they are unit-tested on their own.

export function hasAnyRole(user: Pick<CurrentUser, 'roles'> | undefined, roles: readonly Role[]): boolean {
  if (!user) return false;
  if (roles.length === 0) return true;
  return roles.some((r) => user.roles.includes(r));
}

/**
 * "Quản trị hệ thống": the whole install. Stored as `district_admin`, the code of the
 * administrators of before (who stay system administrators).
 */
export function isSystemAdmin(user: Pick<CurrentUser, 'roles'> | undefined): boolean {
  return hasAnyRole(user, [Role.DistrictAdmin]);
}

/** The system administrator (the name the code had before there were unit administrators). */
export const isDistrictAdmin = isSystemAdmin;

/** "Quản trị đơn vị" (and not also a system administrator): its own unit's subtree only. */
export function isUnitAdmin(user: Pick<CurrentUser, 'roles'> | undefined): boolean {
  return hasAnyRole(user, [Role.UnitAdmin]) && !isSystemAdmin(user);
}

/** Either administrator: system (everything) or unit (its subtree). */
export function isAdmin(user: Pick<CurrentUser, 'roles'> | undefined): boolean {
  return hasAnyRole(user, [Role.DistrictAdmin, Role.UnitAdmin]);
}

/**
 * Whether a unit lies in the user's scope. `scopeUnitIds` is the user's own unit, its
 * sub-units and the units they took over from (see UnitScopeService). System
 * administrators see every unit.
 */
export function isUnitInScope(
  user: Pick<CurrentUser, 'roles'> | undefined,
  unitId: number,
  scopeUnitIds: ReadonlySet<number>,
): boolean {
  if (!user) return false;
  if (isSystemAdmin(user)) return true;
  return scopeUnitIds.has(unitId);
}

/**
 * Whether the user administers this unit: a system administrator every unit, a unit
 * administrator those of its scope (its own unit, the units below, the units merged into
 * them); nobody else any.
 */
export function administersUnit(user: Pick<CurrentUser, 'roles'> | undefined, unitId: number | null | undefined, scopeUnitIds: ReadonlySet<number>): boolean {
  if (isSystemAdmin(user)) return true;
  return isUnitAdmin(user) && unitId !== null && unitId !== undefined && scopeUnitIds.has(unitId);
}

/** The roles this user may give to others: a system administrator all, a unit administrator all but the system's. */
export function grantableRoles(user: Pick<CurrentUser, 'roles'> | undefined, all: readonly Role[]): Role[] {
  if (isSystemAdmin(user)) return [...all];
  if (isUnitAdmin(user)) return all.filter((r) => r !== Role.DistrictAdmin);
  return [];
}

/**
 * Whether the user may manage this account: a system administrator any; a unit administrator
 * an account of a unit in its scope that is not a system administrator's.
 */
export function mayManageAccount(user: Pick<CurrentUser, 'roles'> | undefined, account: { unitId: number; roles: readonly string[] }, scopeUnitIds: ReadonlySet<number>): boolean {
  if (isSystemAdmin(user)) return true;
  return administersUnit(user, account.unitId, scopeUnitIds) && !account.roles.includes(Role.DistrictAdmin);
}
