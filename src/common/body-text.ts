import { NextFunction, Request, Response } from 'express';

/**
 * Removes NUL characters from every text of a parsed form or JSON body. They mean nothing
 * in text, PostgreSQL refuses them in any text column (22021) and SQLite keeps them, so the
 * same form would be saved on one database and fail on the other; a person never types one.
 */
export function withoutNul<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.includes('\0') ? value.replace(/\0/g, '') : value) as T;
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutNul(v, depth + 1)) as T;
  for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = withoutNul((value as Record<string, unknown>)[key], depth + 1);
  return value;
}

/** Express middleware: a parsed body (and the query) without NUL characters (see withoutNul). */
export function removeNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  if (req.body && typeof req.body === 'object') withoutNul(req.body);
  next();
}
