import { ApiQueryError, etagOf, matchesEtag, RateLimiter, readListQuery } from './api-rules';

describe('the API list query', () => {
  it('reads the filters and the page, 25 a page unless asked (at most 100)', () => {
    expect(readListQuery({})).toEqual({ page: 1, pageSize: 25, q: undefined, year: undefined, field: undefined, unit: undefined, level: undefined });
    expect(readListQuery({ q: ' buu chinh ', year: '2022', unit: '7', level: 'province', page: '2', pageSize: '100' })).toMatchObject({ q: 'buu chinh', year: 2022, unit: 7, level: 'province', page: 2, pageSize: 100 });
  });
  it('names the parameter it cannot read, in Vietnamese', () => {
    const refused = (q: Record<string, unknown>) => {
      try {
        readListQuery(q);
        return null;
      } catch (e) {
        return e instanceof ApiQueryError ? `${e.parameter}: ${e.message}` : String(e);
      }
    };
    expect(refused({ pageSize: '101' })).toBe('pageSize: Tham số pageSize phải là số nguyên dương không quá 100.');
    expect(refused({ page: '0' })).toBe('page: Tham số page phải là số nguyên dương không quá 100000.');
    expect(refused({ year: 'abc' })).toContain('year: Tham số year phải là số nguyên dương');
    expect(refused({ level: 'huyen' })).toContain('level: Tham số level phải là một trong');
    expect(refused({ q: ['a', 'b'] })).toBe('q: Tham số q chỉ được có một giá trị.');
  });
});

describe('ETags', () => {
  it('tags the same data alike, other data otherwise, and reads If-None-Match lists', () => {
    const tag = etagOf({ a: 1 });
    expect(tag).toBe(etagOf({ a: 1 }));
    expect(tag).not.toBe(etagOf({ a: 2 }));
    expect(tag.startsWith('W/"')).toBe(true);
    expect(matchesEtag(`"x", ${tag}`, tag)).toBe(true);
    expect(matchesEtag('*', tag)).toBe(true);
    expect(matchesEtag('"x"', tag)).toBe(false);
    expect(matchesEtag(undefined, tag)).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('lets a key make its share a minute, then says how long to wait; another key is counted apart', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([null, null, null]);
    now += 15_000;
    expect(limiter.take('a')).toBe(45);
    expect(limiter.take('b')).toBeNull();
    now += 45_000;
    expect(limiter.take('a')).toBeNull();
  });
});

describe('personal access tokens', () => {
  it('are random, kept as their SHA-256 only, and read from a Bearer header', async () => {
    const { randomBytes } = await import('node:crypto');
    const { bearerToken, newToken, tokenHash } = await import('./api-rules');
    const a = newToken(randomBytes);
    expect(a).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(newToken(randomBytes)).not.toBe(a);
    expect(tokenHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(a)).not.toContain(a.slice(3, 12));
    expect(bearerToken(`Bearer ${a}`)).toBe(a);
    expect(bearerToken(`bearer ${a}`)).toBeNull();
    expect(bearerToken(a)).toBeNull();
    expect(bearerToken('Bearer sk_short')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
