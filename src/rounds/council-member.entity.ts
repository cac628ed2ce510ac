import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { User } from '../users/user.entity';

export type CouncilRole = 'chair' | 'deputy_chair' | 'secretary' | 'member';

export const COUNCIL_ROLE_LABELS: Record<CouncilRole, string> = {
  chair: 'Chủ tịch hội đồng',
  deputy_chair: 'Phó Chủ tịch hội đồng',
  secretary: 'Thư ký hội đồng',
  member: 'Thành viên',
};

export const COUNCIL_ROLES = Object.keys(COUNCIL_ROLE_LABELS) as CouncilRole[];

/** A user's seat on the council of a round. */
@Entity('council_members')
export class CouncilMember extends BaseEntity {
  @Column({ type: 'integer' })
  roundId: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @Column({ type: 'varchar', length: 20 })
  role: CouncilRole;

  constructor(init?: Partial<CouncilMember>) {
    super();
    Object.assign(this, init);
  }
}
