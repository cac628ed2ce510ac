import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

// Passwords are hashed with scrypt (built into Node: no native build to install).
// Format: scrypt$N$r$p$salt$hash, so the cost can be raised later without breaking
// existing hashes.

/** scrypt's cost parameter N for new hashes (2^14: ~40 ms of one core per hash). */
export const COST = 16384;
/**
 * The cost under test runners (NODE_ENV=test, which Jest sets): the test suites sign in
 * and import passwords hundreds of times per run, a minute of CPU at the full cost. A hash
 * names its own N, so every hash verifies whatever the cost of new ones.
 */
export const TEST_COST = 1024;

/** N for a new hash: COST, or TEST_COST when NODE_ENV is 'test'. */
export function hashCost(env: NodeJS.ProcessEnv = process.env): number {
  return env.NODE_ENV === 'test' ? TEST_COST : COST;
}

const R = 8;
const P = 1;
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, n = hashCost()): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash no password matches, verified against when a username does not exist (same timing). */
export const UNUSABLE_HASH = `scrypt$${hashCost()}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A temporary password that reads well aloud or on paper (no 0/O, 1/l/I). */
export function generatePassword(length = 12): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
