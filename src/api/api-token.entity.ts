import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

/**
 * A personal access token of the JSON API: the person it acts for (their access rules, read
 * only), a name they chose, the SHA-256 of the token (the token itself is shown once, when
 * it is made, and never stored), its first characters to recognise it, when it was last
 * used, and when it was revoked.
 */
@Entity('api_tokens')
@Index('IDX_api_tokens_hash', ['tokenHash'], { unique: true })
@Index('IDX_api_tokens_user', ['userId'])
export class ApiToken extends BaseEntity {
  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  constructor(init?: Partial<ApiToken>) {
    super();
    Object.assign(this, init);
  }
}
