import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A browser that has signed in as a user keeps a keyed mark of that account (up to a few
 * accounts per browser). Sign-in attempts carrying it are not slowed by failures that came
 * from elsewhere, so guessing a password from many addresses cannot lock its owner out.
 * The mark is bound to the account's current password (UsersService.deviceKey): changing
 * or resetting the password ends every mark.
 */
export const DEVICE_COOKIE = 'sk.dev';
export const DEVICE_COOKIE_DAYS = 365;
const MAX_MARKS = 5;

export function deviceMark(secret: string, account: string): string {
  return createHmac('sha256', secret).update(`device:${account.trim().toLowerCase()}`).digest('base64url').slice(0, 32);
}

function marks(cookie: string | undefined): string[] {
  return (cookie ?? '').split('.').filter((m) => /^[A-Za-z0-9_-]{32}$/.test(m));
}

/** Whether the cookie marks this browser as one that signed in as `username`. */
export function isTrustedDevice(secret: string, username: string, cookie: string | undefined): boolean {
  const expected = Buffer.from(deviceMark(secret, username));
  return marks(cookie).some((m) => {
    const got = Buffer.from(m);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

/** The cookie value after a successful sign-in as `username` (newest mark first). */
export function withDevice(secret: string, username: string, cookie: string | undefined): string {
  const mark = deviceMark(secret, username);
  return [mark, ...marks(cookie).filter((m) => m !== mark)].slice(0, MAX_MARKS).join('.');
}
