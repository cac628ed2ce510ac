import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpException, HttpStatus } from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { readCookie } from './cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie holding the seed of an anonymous visitor's token (the sign-in form). */
export const CSRF_COOKIE = 'sk.csrf';

export const CSRF_REFUSED = 'Biểu mẫu đã hết hạn hoặc không hợp lệ, nên thao tác chưa được thực hiện. Vui lòng tải lại trang và thử lại.';

/** A form posted without its valid token: nothing is done (403). */
export class CsrfRefusedException extends HttpException {
  readonly title = 'Biểu mẫu đã hết hạn';
  constructor() {
    super(CSRF_REFUSED, HttpStatus.FORBIDDEN);
  }
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface CsrfState {
  secret: string;
  /** The anonymous seed of this request, once read or made (every form of a page shares it). */
  seed?: string;
}

const STATE = Symbol('csrf');
type WithState = Request & { [STATE]?: CsrfState };

function anonymousToken(secret: string, seed: string): string {
  return createHmac('sha256', secret).update(`csrf:${seed}`).digest('base64url');
}

/**
 * The token a form of this page carries. A signed-in user's lives in the session. An
 * anonymous visitor (the sign-in form) gets no session: a random seed in a cookie, and
 * the form carries the seed's keyed hash, which a page of another site can neither read
 * nor compute.
 */
export function csrfToken(req: Request, res: Response): string {
  const state = (req as WithState)[STATE] as CsrfState;
  if (req.session?.userId) {
    if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
    return req.session.csrfToken;
  }
  if (!state.seed) {
    const seed = readCookie(req, CSRF_COOKIE);
    if (seed && /^[A-Za-z0-9_-]{43}$/.test(seed)) state.seed = seed;
    else {
      state.seed = randomBytes(32).toString('base64url');
      if (!res.headersSent) res.cookie(CSRF_COOKIE, state.seed, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    }
  }
  return anonymousToken(state.secret, state.seed);
}

/** Whether the token sent with this request is the one its forms carry. */
export function csrfValid(req: Request, sent: unknown): boolean {
  if (typeof sent !== 'string' || !sent) return false;
  const state = (req as WithState)[STATE] as CsrfState;
  if (req.session?.userId) return sameToken(sent, req.session.csrfToken);
  // Without a session the token is checked against the cookie; a browser that says the form
  // came from another site (Sec-Fetch-Site) is refused whatever it sends, since a cookie
  // can be planted by a neighbouring site.
  if (req.get('sec-fetch-site') === 'cross-site') return false;
  const seed = readCookie(req, CSRF_COOKIE);
  return Boolean(seed) && sameToken(sent, anonymousToken(state.secret, seed as string));
}

/** The token of a parsed form body, removed from the body so that DTOs never see it. */
function takeBodyToken(req: Request): unknown {
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || !('_csrf' in body)) return undefined;
  const sent = body._csrf;
  delete body._csrf;
  return sent;
}

const CHECKED = Symbol('csrf-checked');
type Checked = Request & { [CHECKED]?: boolean };

/**
 * Whether this request has shown its valid token: the `_csrf` field of the body read so
 * far (a multipart body arrives field by field), or the X-CSRF-Token header.
 */
export function csrfAccepted(req: Request): boolean {
  const r = req as Checked;
  const sent = takeBodyToken(req) ?? req.get('x-csrf-token');
  if (!r[CHECKED] && csrfValid(req, sent)) r[CHECKED] = true;
  return Boolean(r[CHECKED]);
}

/** Accepts a token read before the body is parsed (the first part of a multipart form). */
export function acceptToken(req: Request, sent: string): boolean {
  const r = req as Checked;
  if (!r[CHECKED] && csrfValid(req, sent)) r[CHECKED] = true;
  return Boolean(r[CHECKED]);
}

/** Multipart forms are checked by the upload layer once it has read their first field. */
export function isMultipart(req: Request): boolean {
  return Boolean(req.is('multipart/form-data'));
}

/**
 * Synchroniser token: every form posts it as its first field `_csrf` (or a script sends
 * the `X-CSRF-Token` header); never in the URL, where it would end up in logs and history.
 */
export function csrfMiddleware(secret: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    (req as WithState)[STATE] = { secret };
    // Made only when a page shows a form (the csrfToken view helper calls this), so
    // visitors who only read pages, and requests that render nothing, get nothing.
    res.locals.csrfTokenFor = () => csrfToken(req, res);
    if (SAFE_METHODS.has(req.method)) return next();
    // Read by the upload layer (common/uploads/multipart.ts); AccessGuard refuses a
    // multipart request to a route that has none.
    if (isMultipart(req) && !req.get('x-csrf-token')) return next();
    if (csrfAccepted(req)) return next();
    res.status(403).render('errors/error', { status: 403, title: 'Biểu mẫu đã hết hạn', message: CSRF_REFUSED });
  };
}
