import { randomBytes, timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string | undefined): boolean {
  if (!b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

/**
 * Synchroniser token kept in the session. Forms post it as `_csrf`; forms that upload
 * files (multipart, read later by multer) put it in the action's query string.
 */
export function csrfMiddleware(req: Request, res: Response, next: NextFunction): void {
  // Made only when a page shows a form (the csrfToken view helper calls this), so
  // visitors who only read pages, and requests that render nothing, get no session.
  res.locals.csrfTokenFor = () => csrfToken(req);
  if (SAFE_METHODS.has(req.method)) return next();

  const body = req.body as Record<string, unknown> | undefined;
  const sent = (body && typeof body._csrf === 'string' && body._csrf) || req.get('x-csrf-token') || (typeof req.query._csrf === 'string' && req.query._csrf) || '';
  if (body && '_csrf' in body) delete body._csrf;
  if (!sent || !sameToken(sent, req.session.csrfToken)) {
    res.status(403).render('errors/error', {
      status: 403,
      title: 'Biểu mẫu đã hết hạn',
      message: 'Biểu mẫu đã hết hạn hoặc không hợp lệ, nên thao tác chưa được thực hiện. Vui lòng tải lại trang và thử lại.',
    });
    return;
  }
  next();
}
