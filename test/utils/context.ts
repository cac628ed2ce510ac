import { RequestContext } from '../../src/common/request-context';
import { Viewer, viewerWithScope } from '../../src/common/viewer';
import { Role } from '../../src/users/roles';

/** A signed-in person for unit tests: user `u{id}` of a unit, seeing the units given (by default their own). */
export function person(id: number, roles: Role[], unitId = 1, scope: number[] = [unitId]): Viewer {
  return viewerWithScope({ id, username: `u${id}`, fullName: `Người ${id}`, position: '', unitId, unitName: '', roles, mustChangePassword: false }, scope);
}

/** The context of a request made by this person from 127.0.0.1. */
export function ctxOf(viewer: Viewer): RequestContext {
  return RequestContext.forViewer(viewer, '127.0.0.1');
}

/** The context of the district admin (user 1 of unit 1) making a request. */
export function adminCtx(id = 1): RequestContext {
  return ctxOf(person(id, [Role.DistrictAdmin]));
}
