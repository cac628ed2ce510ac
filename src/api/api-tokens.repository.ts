import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { User } from '../users/user.entity';
import { ApiToken } from './api-token.entity';

/** Every query on `api_tokens`, inside the current unit of work when there is one. */
@Injectable()
export class ApiTokensRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get tokens() {
    return this.uow.repository(ApiToken);
  }

  /**
   * Locks the person's row until the transaction ends, so that two tokens made at once count
   * each other (see UnitOfWork.lockRows: real on PostgreSQL, SQLite runs one transaction at a time).
   */
  lockOwner(userId: number): Promise<void> {
    return this.uow.lockRows(User, [userId]);
  }

  /** A person's tokens, newest first (revoked ones too: they show when they were revoked). */
  ofUser(userId: number): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** The token not revoked with this hash, or null. */
  active(tokenHash: string): Promise<ApiToken | null> {
    return this.tokens.findOne({ where: { tokenHash, revokedAt: IsNull() } });
  }

  find(id: number): Promise<ApiToken | null> {
    return this.tokens.findOne({ where: { id } });
  }

  save(token: ApiToken): Promise<ApiToken> {
    return this.tokens.save(token);
  }

  async revoke(id: number, at: Date): Promise<void> {
    await this.tokens.update({ id }, { revokedAt: at });
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}
