import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { CouncilMember } from '../rounds/council-member.entity';

export type Vote = 'for' | 'against' | 'abstain';
export const VOTES: Vote[] = ['for', 'against', 'abstain'];
export const VOTE_LABELS: Record<Vote, string> = { for: 'Đồng ý', against: 'Không đồng ý', abstain: 'Không biểu quyết' };

export function isVote(v: unknown): v is Vote {
  return typeof v === 'string' && (VOTES as string[]).includes(v);
}

/** Who put the vote on record: the member themselves, or the secretary from the meeting. */
export type VoteSource = 'member' | 'secretary';
export const VOTE_SOURCE_LABELS: Record<VoteSource, string> = { member: 'thành viên tự biểu quyết', secretary: 'thư ký ghi theo biên bản họp' };

/** A council member's vote on an initiative, in one scoring cycle (a return for revision starts another). */
@Entity('member_votes')
@Index('IDX_member_votes_unique', ['initiativeId', 'cycle', 'memberId'], { unique: true })
@Index('IDX_member_votes_member', ['memberId'])
export class MemberVote extends BaseEntity {
  @Column({ type: 'integer' })
  initiativeId: number;

  @Column({ type: 'integer' })
  memberId: number;

  @ManyToOne(() => CouncilMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'memberId' })
  member?: CouncilMember;

  @Column({ type: 'integer' })
  cycle: number;

  @Column({ type: 'varchar', length: 20 })
  vote: Vote;

  @Column({ type: 'varchar', length: 20 })
  recordedBy: VoteSource;

  @Column({ type: 'integer' })
  recordedById: number;

  constructor(init?: Partial<MemberVote>) {
    super();
    Object.assign(this, init);
  }
}
