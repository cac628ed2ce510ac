import type { Request } from 'express';
import { Actor, actorName } from '../audit/audit.types';
import { SignInRequiredException } from './exceptions';
import type { Viewer } from './viewer';

/**
 * Who acts, from where and when: one object per request (or per scheduled job, per
 * script), the first argument of every service method that acts for a person or checks
 * what they may see. It carries the viewer (the signed-in person with their unit scope,
 * null for a guest), the actor the audit trail records (id, name, address) and the time
 * the request began, so the rules, the audit and the rows of one request agree on them.
 *
 * Controllers receive it with `@Ctx()`; code that holds the request uses
 * {@link contextOf}; jobs use {@link RequestContext.system}; tests and scripts build one
 * with {@link RequestContext.forViewer}.
 */
export class RequestContext {
  private constructor(
    private readonly signedIn: Viewer | null,
    readonly actor: Actor,
    readonly at: Date,
  ) {}

  /** The request's context: its signed-in person (if any) and address. */
  static fromRequest(req: Request, at = new Date()): RequestContext {
    const user = req.currentUser ?? null;
    return new RequestContext(user, actorOf(user, req.ip ?? ''), at);
  }

  /** A signed-in person acting from an address (tests, scripts, the request's own context). */
  static forViewer(viewer: Viewer, ip = '', at = new Date()): RequestContext {
    return new RequestContext(viewer, actorOf(viewer, ip), at);
  }

  /** Work the application does by itself (first start, scheduled jobs, the demo). */
  static system(at = new Date()): RequestContext {
    return new RequestContext(null, { id: null, name: 'Hệ thống', ip: '' }, at);
  }

  /** Someone not signed in (a failed sign-in, a public download), by address. */
  static guest(ip: string, at = new Date()): RequestContext {
    return new RequestContext(null, { id: null, name: 'Khách', ip }, at);
  }

  /**
   * The moment a person has just proved who they are: the audit names them, though the
   * request that signs them in has no viewer yet.
   */
  static signingIn(person: { id: number; fullName: string; username: string }, ip: string, at = new Date()): RequestContext {
    return new RequestContext(null, { id: person.id, name: actorName(person.fullName, person.username), ip }, at);
  }

  /** The signed-in person, or null for a guest or the system. */
  get viewer(): Viewer | null {
    return this.signedIn;
  }

  /**
   * The signed-in person. Routes that need one are guarded before any service runs, so a
   * context without one here is a guest reaching a rule meant for members: refused as such.
   */
  get user(): Viewer {
    if (!this.signedIn) throw new SignInRequiredException();
    return this.signedIn;
  }

  /** The request's address, as the audit records it. */
  get ip(): string {
    return this.actor.ip;
  }
}

function actorOf(user: Viewer | null, ip: string): Actor {
  return { id: user?.id ?? null, name: user ? actorName(user.fullName, user.username) : 'Khách', ip };
}

const contexts = new WeakMap<Request, RequestContext>();

/** The context of a request, built once (the same object for the guard, the pipes and the handler). */
export function contextOf(req: Request): RequestContext {
  let ctx = contexts.get(req);
  if (!ctx) {
    ctx = RequestContext.fromRequest(req);
    contexts.set(req, ctx);
  }
  return ctx;
}
