import { Request } from 'express';

/** One cookie of the request (the app has no cookie parser: the session reads its own). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined; // a malformed cookie counts as none
      }
    }
  }
  return undefined;
}
