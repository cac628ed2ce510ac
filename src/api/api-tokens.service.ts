import { BadRequestException, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { ApiToken } from './api-token.entity';
import { newToken, TOKEN_USE_RECORDED_EVERY_MS, tokenHash } from './api-rules';
import { ApiTokensRepository } from './api-tokens.repository';

/** At most this many tokens not revoked per person. */
export const MAX_ACTIVE_TOKENS = 10;

/**
 * Personal access tokens of the JSON API: made by a person for themself (shown once, kept
 * hashed), read-only, acting with that person's access rules; revoked by their owner. A
 * token stops working at once when it is revoked or its owner's account is deactivated.
 */
@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger(ApiTokensService.name);

  constructor(
    private readonly repo: ApiTokensRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  mine(ctx: RequestContext): Promise<ApiToken[]> {
    return this.repo.ofUser(ctx.user.id);
  }

  /** A new token for this person: the token itself is returned once and only its hash kept. */
  async create(ctx: RequestContext, name: string): Promise<{ token: string; saved: ApiToken }> {
    const label = name.trim();
    if (!label) throw new FormInvalidException({ name: 'Vui lòng đặt tên cho mã truy cập (ví dụ: Bảng theo dõi của Sở).' });
    return this.uow.run(async () => {
      this.uow.changes();
      await this.repo.lockOwner(ctx.user.id);
      const active = (await this.repo.ofUser(ctx.user.id)).filter((t) => !t.revokedAt);
      if (active.length >= MAX_ACTIVE_TOKENS) throw new FormInvalidException({ name: `Bạn đã có ${MAX_ACTIVE_TOKENS} mã truy cập đang dùng: thu hồi mã không dùng nữa rồi tạo mã mới.` });
      const token = newToken(randomBytes);
      const saved = await this.repo.save(new ApiToken({ userId: ctx.user.id, name: label.slice(0, 100), tokenHash: tokenHash(token), prefix: token.slice(0, 10), lastUsedAt: null, revokedAt: null }));
      await this.audit.log(ctx, { action: 'api.token.create', entityType: 'user', entityId: ctx.user.id, summary: `Tạo mã truy cập API "${saved.name}" (${saved.prefix}…)` });
      return { token, saved };
    });
  }

  /** Revokes one of this person's tokens (403 for another's). */
  async revoke(ctx: RequestContext, id: number): Promise<ApiToken> {
    return this.uow.run(async () => {
      this.uow.changes();
      const token = await this.repo.find(id);
      if (!token || token.userId !== ctx.user.id) throw new ForbiddenException('Bạn chỉ thu hồi được mã truy cập của mình.');
      if (token.revokedAt) throw new BadRequestException('Mã truy cập này đã được thu hồi.');
      await this.repo.revoke(id, ctx.at);
      await this.audit.log(ctx, { action: 'api.token.revoke', entityType: 'user', entityId: ctx.user.id, summary: `Thu hồi mã truy cập API "${token.name}" (${token.prefix}…)` });
      return token;
    });
  }

  /** The token not revoked that this string is, or null; its use is recorded now and then, off the answer's path. */
  async resolve(token: string, now = new Date()): Promise<ApiToken | null> {
    const found = await this.repo.active(tokenHash(token));
    if (found && (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= TOKEN_USE_RECORDED_EVERY_MS)) {
      found.lastUsedAt = now;
      void this.uow
        .run(async () => {
          this.uow.changes();
          await this.repo.touch(found.id, now);
        })
        .catch((e: unknown) => this.logger.warn(`Không ghi được lần dùng mã truy cập #${found.id}: ${(e as Error).message}`));
    }
    return found;
  }
}
