import { CurrentUser } from './current-user';

/**
 * The person making the request and the units they may see, built once per request
 * (CurrentUserMiddleware) and handed to every service that enforces a rule. The scope
 * — own unit, its sub-units and the units merged or split into them — is read on first
 * use and then kept for the rest of the request, so a page that checks ten records asks
 * the database once.
 */
export interface Viewer extends CurrentUser {
  scope(): Promise<ReadonlySet<number>>;
}

export function makeViewer(user: CurrentUser, scopeOf: (unitId: number) => Promise<ReadonlySet<number>>): Viewer {
  let scope: Promise<ReadonlySet<number>> | undefined;
  return {
    ...user,
    scope: () => {
      scope ??= scopeOf(user.unitId);
      return scope;
    },
  };
}

/** A viewer with a known scope (tests, scripts). */
export function viewerWithScope(user: CurrentUser, unitIds: Iterable<number>): Viewer {
  const scope = new Set(unitIds);
  return makeViewer(user, async () => scope);
}
