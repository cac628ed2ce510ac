import { BadRequestException, ForbiddenException, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from '../users/roles';
import { ctxOf, person } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';
import { TOKEN_USE_RECORDED_EVERY_MS, tokenHash } from './api-rules';
import { ApiToken } from './api-token.entity';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService, MAX_ACTIVE_TOKENS } from './api-tokens.service';

const OWNER = 12;
const ctx = ctxOf(person(OWNER, [Role.UnitFocal], 7));
const HOUR = TOKEN_USE_RECORDED_EVERY_MS;

const tokenOf = (init: Partial<ApiToken>) => new ApiToken({ id: 3, userId: OWNER, name: 'Bảng theo dõi', tokenHash: 'a'.repeat(64), prefix: 'sk_abcdefg', lastUsedAt: null, revokedAt: null, ...init });
const tokens = (count: number, init: Partial<ApiToken> = {}) => Array.from({ length: count }, (_, k) => tokenOf({ id: k + 1, ...init }));

function setup(existing: ApiToken[] = []) {
  const t = newTestService(ApiTokensService);
  const repo = t.mock(ApiTokensRepository);
  const uow = t.mock(UnitOfWork);
  repo.ofUser.mockResolvedValue(existing);
  repo.save.mockImplementation(async (token) => Object.assign(token, { id: 99 }));
  return { ...t, repo, uow, audit: t.mock(AuditService) };
}

/** Lets the work the service started without waiting for it (recording a token's use) finish. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(ApiTokensService.name, () => {
  describe('create', () => {
    it('returns the token itself once and keeps only its SHA-256 and its first ten characters', async () => {
      const { sut, repo } = setup();
      const { token, saved } = await sut.create(ctx, 'Bảng theo dõi của xã');
      expect(token).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
      const kept = repo.save.mock.calls[0][0];
      expect(kept).toMatchObject({ userId: OWNER, name: 'Bảng theo dõi của xã', tokenHash: tokenHash(token), prefix: token.slice(0, 10), lastUsedAt: null, revokedAt: null });
      // Nothing kept holds the token, nor its secret part past the prefix.
      const stored = JSON.stringify(kept);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(token.slice(10));
      expect(saved).toBe(kept);
    });

    it('makes a different token each time', async () => {
      const { sut, repo } = setup();
      const first = await sut.create(ctx, 'Một');
      const second = await sut.create(ctx, 'Hai');
      expect(second.token).not.toBe(first.token);
      expect(repo.save.mock.calls[1][0].tokenHash).not.toBe(repo.save.mock.calls[0][0].tokenHash);
    });

    it('refuses a blank name beside the field, saving nothing', async () => {
      const { sut, repo, uow } = setup();
      await expect(sut.create(ctx, '   ')).rejects.toMatchObject({ errors: { name: 'Vui lòng đặt tên cho mã truy cập (ví dụ: Bảng theo dõi của Sở).' } });
      await expect(sut.create(ctx, '')).rejects.toBeInstanceOf(FormInvalidException);
      expect(uow.run).not.toHaveBeenCalled();
      expect(repo.save).not.toHaveBeenCalled();
    });

    it('keeps the name trimmed and at most 100 characters long', async () => {
      const { sut, repo } = setup();
      await sut.create(ctx, `  ${'x'.repeat(120)}  `);
      expect(repo.save.mock.calls[0][0].name).toBe('x'.repeat(100));
    });

    it(`refuses a token beyond ${MAX_ACTIVE_TOKENS} not revoked for one person, saving nothing`, async () => {
      const { sut, repo, audit } = setup(tokens(MAX_ACTIVE_TOKENS));
      await expect(sut.create(ctx, 'Thêm một mã')).rejects.toMatchObject({ errors: { name: `Bạn đã có ${MAX_ACTIVE_TOKENS} mã truy cập đang dùng: thu hồi mã không dùng nữa rồi tạo mã mới.` } });
      expect(repo.ofUser).toHaveBeenCalledWith(OWNER);
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('does not count revoked tokens against the limit', async () => {
      const { sut, repo } = setup([...tokens(MAX_ACTIVE_TOKENS - 1), ...tokens(5, { revokedAt: new Date('2026-01-01T00:00:00Z') })]);
      await sut.create(ctx, 'Mã thứ mười');
      expect(repo.save).toHaveBeenCalledTimes(1);
    });

    it("locks the owner, then counts the tokens and saves the new one, in the same transaction (two made at once cannot both pass the limit)", async () => {
      const { sut, repo, uow } = setup();
      const inTransaction: string[] = [];
      repo.lockOwner.mockImplementation(async () => {
        if (uow.active) inTransaction.push('lock');
      });
      repo.ofUser.mockImplementation(async () => {
        if (uow.active) inTransaction.push('count');
        return [];
      });
      repo.save.mockImplementation(async (token) => {
        if (uow.active) inTransaction.push('save');
        return token;
      });
      await sut.create(ctx, 'Mã');
      expect(uow.run).toHaveBeenCalledTimes(1);
      expect(repo.lockOwner).toHaveBeenCalledWith(ctx.user.id);
      expect(inTransaction).toEqual(['lock', 'count', 'save']);
    });

    it('audits the creation on the owner, naming the token by its prefix and never by the token', async () => {
      const { sut, audit } = setup();
      const { token } = await sut.create(ctx, 'Bảng theo dõi');
      expect(audit.log).toHaveBeenCalledWith(ctx, { action: 'api.token.create', entityType: 'user', entityId: OWNER, summary: `Tạo mã truy cập API "Bảng theo dõi" (${token.slice(0, 10)}…)` });
      expect(JSON.stringify(audit.log.mock.calls)).not.toContain(token.slice(10));
    });
  });

  describe('mine', () => {
    it("lists the person's own tokens, revoked ones included", async () => {
      const own = [tokenOf({ id: 2 }), tokenOf({ id: 1, revokedAt: new Date('2026-01-01T00:00:00Z') })];
      const { sut, repo } = setup(own);
      expect(await sut.mine(ctx)).toBe(own);
      expect(repo.ofUser).toHaveBeenCalledWith(OWNER);
    });
  });

  describe('revoke', () => {
    it("revokes the owner's token at the request's time and audits it", async () => {
      const { sut, repo, audit } = setup();
      repo.find.mockResolvedValue(tokenOf({ id: 3 }));
      await sut.revoke(ctx, 3);
      expect(repo.revoke).toHaveBeenCalledWith(3, ctx.at);
      expect(audit.log).toHaveBeenCalledWith(ctx, { action: 'api.token.revoke', entityType: 'user', entityId: OWNER, summary: 'Thu hồi mã truy cập API "Bảng theo dõi" (sk_abcdefg…)' });
    });

    it("refuses another person's token and one that does not exist alike (403), revoking nothing", async () => {
      const { sut, repo, audit } = setup();
      repo.find.mockResolvedValue(tokenOf({ id: 3, userId: OWNER + 1 }));
      await expect(sut.revoke(ctx, 3)).rejects.toEqual(new ForbiddenException('Bạn chỉ thu hồi được mã truy cập của mình.'));
      repo.find.mockResolvedValue(null);
      await expect(sut.revoke(ctx, 4)).rejects.toEqual(new ForbiddenException('Bạn chỉ thu hồi được mã truy cập của mình.'));
      expect(repo.revoke).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('refuses a token already revoked', async () => {
      const { sut, repo, audit } = setup();
      repo.find.mockResolvedValue(tokenOf({ id: 3, revokedAt: new Date('2026-01-01T00:00:00Z') }));
      await expect(sut.revoke(ctx, 3)).rejects.toEqual(new BadRequestException('Mã truy cập này đã được thu hồi.'));
      expect(repo.revoke).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });

  describe('resolve', () => {
    const token = `sk_${'Q'.repeat(43)}`;
    const now = new Date('2026-12-06T08:00:00Z');

    it('looks a token up by its hash among those not revoked, never by the token itself', async () => {
      const { sut, repo } = setup();
      const found = tokenOf({ id: 7, lastUsedAt: now });
      repo.active.mockResolvedValue(found);
      expect(await sut.resolve(token, now)).toBe(found);
      expect(repo.active).toHaveBeenCalledWith(tokenHash(token));
      expect(JSON.stringify(repo.active.mock.calls)).not.toContain(token);
    });

    it('refuses an unknown or revoked token, recording no use', async () => {
      const { sut, repo } = setup();
      repo.active.mockResolvedValue(null);
      expect(await sut.resolve(token, now)).toBeNull();
      await settle();
      expect(repo.touch).not.toHaveBeenCalled();
    });

    it('records a first use at once', async () => {
      const { sut, repo } = setup();
      repo.active.mockResolvedValue(tokenOf({ id: 7, lastUsedAt: null }));
      const found = await sut.resolve(token, now);
      await settle();
      expect(repo.touch).toHaveBeenCalledWith(7, now);
      expect(found?.lastUsedAt).toBe(now);
    });

    it('records a use at most once an hour', async () => {
      const { sut, repo } = setup();
      repo.active.mockResolvedValue(tokenOf({ id: 7, lastUsedAt: new Date(now.getTime() - HOUR + 1000) }));
      await sut.resolve(token, now);
      await settle();
      expect(repo.touch).not.toHaveBeenCalled();
      repo.active.mockResolvedValue(tokenOf({ id: 7, lastUsedAt: new Date(now.getTime() - HOUR) }));
      await sut.resolve(token, now);
      await settle();
      expect(repo.touch).toHaveBeenCalledTimes(1);
      expect(repo.touch).toHaveBeenCalledWith(7, now);
    });

    it('still lets the token in when its use cannot be recorded, and says so in the log', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        const { sut, repo } = setup();
        const found = tokenOf({ id: 7, lastUsedAt: null });
        repo.active.mockResolvedValue(found);
        repo.touch.mockRejectedValue(new Error('database is locked'));
        expect(await sut.resolve(token, now)).toBe(found);
        await settle();
        expect(warn).toHaveBeenCalledWith('Không ghi được lần dùng mã truy cập #7: database is locked');
      } finally {
        warn.mockRestore();
      }
    });
  });
});
