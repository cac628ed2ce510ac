import { Role } from '../users/roles';
import { CurrentUser } from './current-user';

// The rules of who may do what, as pure functions: the guard and the services call
// these, and they are unit-tested on their own.

export function hasAnyRole(user: Pick<CurrentUser, 'roles'> | undefined, roles: readonly Role[]): boolean {
  if (!user) return false;
  if (roles.length === 0) return true;
  return roles.some((r) => user.roles.includes(r));
}

export function isDistrictAdmin(user: Pick<CurrentUser, 'roles'> | undefined): boolean {
  return hasAnyRole(user, [Role.DistrictAdmin]);
}

/**
 * Whether a unit lies in the user's scope. `scopeUnitIds` is the user's own unit, its
 * sub-units and the units they took over from (see UnitScopeService). District
 * administrators see every unit.
 */
export function isUnitInScope(
  user: Pick<CurrentUser, 'roles'> | undefined,
  unitId: number,
  scopeUnitIds: ReadonlySet<number>,
): boolean {
  if (!user) return false;
  if (isDistrictAdmin(user)) return true;
  return scopeUnitIds.has(unitId);
}
