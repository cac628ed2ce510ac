import { COST, generatePassword, hashCost, hashPassword, TEST_COST, UNUSABLE_HASH, verifyPassword } from './passwords';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one, at the full cost', async () => {
    const hash = await hashPassword('SangKien@2026', COST);
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain('SangKien');
    await expect(verifyPassword('SangKien@2026', hash)).resolves.toBe(true);
    await expect(verifyPassword('sangkien@2026', hash)).resolves.toBe(false);
  });

  it('hashes at 2^14 outside test runners and at 2^10 under them; a hash of either cost verifies anywhere', async () => {
    expect(hashCost({ NODE_ENV: 'production' })).toBe(16384);
    expect(hashCost({})).toBe(16384);
    expect(hashCost({ NODE_ENV: 'test' })).toBe(TEST_COST);
    expect(TEST_COST).toBe(1024);
    const cheap = await hashPassword('SangKien@2026');
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(verifyPassword('SangKien@2026', cheap)).resolves.toBe(true);
    await expect(verifyPassword('SangKien@2025', cheap)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats composed and decomposed Vietnamese the same', async () => {
    const hash = await hashPassword('Mật khẩu Việt');
    await expect(verifyPassword('Mật khẩu Việt'.normalize('NFD'), hash)).resolves.toBe(true);
  });

  it('never matches the unusable hash, an empty or a malformed one', async () => {
    await expect(verifyPassword('', UNUSABLE_HASH)).resolves.toBe(false);
    await expect(verifyPassword('x', '')).resolves.toBe(false);
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
  });

  it('generates readable temporary passwords', () => {
    const p = generatePassword();
    expect(p).toHaveLength(12);
    expect(p).not.toMatch(/[0O1lI]/);
  });
});
