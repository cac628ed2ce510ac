import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Request, Response } from 'express';
import { readCookie } from '../common/cookies';
import { csvField, CsvSeparator } from '../common/exports';
import type { IssuedPassword } from './users.service';

/**
 * The temporary passwords of a user import, kept for the admin who imported them: shown
 * once on the result page (a reload does not show them again) and downloadable once as a
 * CSV file, for a short time. They stay in that admin's session (stored in the database)
 * only sealed with AES-256-GCM; the key is in a cookie of that admin's browser, limited
 * to the import pages and to the same time, so neither the database nor the logs ever
 * hold them readable. A download, the time running out or signing out ends them.
 */
export const HOLD_MINUTES = 15;
export const PASSWORDS_KEY_COOKIE = 'sk.pw';
export const RESULT_PATH = '/users/import/result';
const COOKIE_PATH = '/users/import';

export interface SealedPasswords {
  iv: string;
  tag: string;
  data: string;
}

/** What the session keeps about the last import's passwords (never the passwords in clear). */
export interface HeldPasswords {
  ownerId: number;
  fileName: string;
  count: number;
  /** Epoch milliseconds after which the passwords are dropped. */
  until: number;
  /** Null once downloaded or expired. */
  sealed: SealedPasswords | null;
  shown: boolean;
  downloaded: boolean;
}

declare module 'express-session' {
  interface SessionData {
    issuedPasswords: HeldPasswords;
  }
}

export function sealPasswords(passwords: IssuedPassword[], key: Buffer): SealedPasswords {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(passwords), 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: data.toString('base64url') };
}

/** The passwords, or null when the key does not open them (another key, altered data). */
export function openPasswords(sealed: SealedPasswords, key: Buffer): IssuedPassword[] | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as IssuedPassword[];
  } catch {
    return null; // a wrong key or altered data: nothing can be shown
  }
}

/** The file offered for download: one line per person, with a BOM for Excel; comma- or semicolon-separated. */
export function passwordsCsv(passwords: IssuedPassword[], separator: CsvSeparator = ','): string {
  const lines = [['Tên đăng nhập', 'Họ và tên', 'Mật khẩu tạm thời'], ...passwords.map((p) => [p.username, p.fullName, p.password])];
  return `\uFEFF${lines.map((l) => l.map((v) => csvField(v, 'text', separator)).join(separator)).join('\r\n')}\r\n`;
}

/** Keeps the passwords of an import just made for the admin who made it. */
export function holdPasswords(req: Request, res: Response, ownerId: number, fileName: string, passwords: IssuedPassword[], now = Date.now()): void {
  const key = randomBytes(32);
  req.session.issuedPasswords = {
    ownerId,
    fileName,
    count: passwords.length,
    until: now + HOLD_MINUTES * 60_000,
    sealed: sealPasswords(passwords, key),
    shown: false,
    downloaded: false,
  };
  res.cookie(PASSWORDS_KEY_COOKIE, key.toString('base64url'), { httpOnly: true, sameSite: 'strict', secure: req.secure, path: COOKIE_PATH, maxAge: HOLD_MINUTES * 60_000 });
}

export type PasswordsState =
  /** Nothing held for this admin in this session. */
  | { kind: 'none' }
  /** First view: the passwords, shown now and never again on this page. */
  | { kind: 'fresh'; fileName: string; count: number; until: Date; passwords: IssuedPassword[] }
  /** Shown before; the file may still be downloaded once. */
  | { kind: 'shown'; fileName: string; count: number; until: Date }
  | { kind: 'downloaded'; fileName: string; count: number }
  | { kind: 'expired'; fileName: string; count: number };

/** The held passwords of this admin, after dropping them if their time is up or their key is gone. */
function current(req: Request, res: Response, ownerId: number, now: number): { held: HeldPasswords; passwords: IssuedPassword[] | null } | null {
  const held = req.session?.issuedPasswords;
  if (!held || held.ownerId !== ownerId) return null;
  if (!held.sealed) return { held, passwords: null };
  const key = readCookie(req, PASSWORDS_KEY_COOKIE);
  const passwords = now <= held.until && key ? openPasswords(held.sealed, Buffer.from(key, 'base64url')) : null;
  if (!passwords) drop(req, res, held);
  return { held, passwords };
}

function drop(req: Request, res: Response, held: HeldPasswords): void {
  held.sealed = null;
  req.session.issuedPasswords = held;
  res.clearCookie(PASSWORDS_KEY_COOKIE, { path: COOKIE_PATH });
}

/** What the result page shows; the first view marks the passwords as shown. */
export function viewPasswords(req: Request, res: Response, ownerId: number, now = Date.now()): PasswordsState {
  const found = current(req, res, ownerId, now);
  if (!found) return { kind: 'none' };
  const { held, passwords } = found;
  const about = { fileName: held.fileName, count: held.count };
  if (held.downloaded) return { kind: 'downloaded', ...about };
  if (!passwords) return { kind: 'expired', ...about };
  if (held.shown) return { kind: 'shown', ...about, until: new Date(held.until) };
  held.shown = true;
  req.session.issuedPasswords = held;
  return { kind: 'fresh', ...about, until: new Date(held.until), passwords };
}

/** The passwords for the one download, which ends them; or what is left instead. */
export function takePasswordsFile(
  req: Request,
  res: Response,
  ownerId: number,
  now = Date.now(),
): { passwords: IssuedPassword[] } | { refused: Extract<PasswordsState, { kind: 'none' | 'downloaded' | 'expired' }> } {
  const found = current(req, res, ownerId, now);
  if (!found) return { refused: { kind: 'none' } };
  const { held, passwords } = found;
  const about = { fileName: held.fileName, count: held.count };
  if (held.downloaded) return { refused: { kind: 'downloaded', ...about } };
  if (!passwords) return { refused: { kind: 'expired', ...about } };
  held.downloaded = true;
  drop(req, res, held);
  return { passwords };
}
