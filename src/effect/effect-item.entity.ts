import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Outcome } from '../decisions/decision.entity';
import { Vote, VoteSource } from '../decisions/member-vote.entity';
import { Initiative } from '../initiatives/initiative.entity';
import { RecognitionLevel } from '../initiatives/initiative-status';
import { CouncilMember } from '../rounds/council-member.entity';
import { Round } from '../rounds/round.entity';

/**
 * A recognised initiative in a round of effect and scope of influence, with the council's
 * decision on it once recorded: whether its effect is recognised, the scope recognised, the
 * votes, and the adoption evidence as it stood that day (what the documents print).
 */
@Entity('effect_items')
@Index('IDX_effect_items_round_initiative', ['roundId', 'initiativeId'], { unique: true })
@Index('IDX_effect_items_initiative', ['initiativeId'])
export class EffectItem extends BaseEntity {
  @Column({ type: 'integer' })
  roundId: number;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'roundId' })
  round?: Round;

  @Column({ type: 'integer' })
  initiativeId: number;

  @ManyToOne(() => Initiative, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'initiativeId' })
  initiative?: Initiative;

  /** The scope the evidence proposed under the round's rule when it was added (today's is recomputed on its page). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  proposedLevel: RecognitionLevel | null;

  @Column({ type: 'text', default: '' })
  proposalReason: string;

  /** Null until decided. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  outcome: Outcome | null;

  /** The scope of influence recognised. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  level: RecognitionLevel | null;

  /** Toàn quốc: the evidence from outside the province the council relied on. */
  @Column({ type: 'text', default: '' })
  scopeEvidence: string;

  @Column({ type: 'integer', nullable: true })
  votesFor: number | null;

  @Column({ type: 'integer', nullable: true })
  votesAgainst: number | null;

  @Column({ type: 'integer', nullable: true })
  votesAbstain: number | null;

  @Column({ type: 'integer', nullable: true })
  councilSize: number | null;

  @Column({ type: 'double precision', nullable: true })
  meanTotal: number | null;

  @Column({ type: 'varchar', length: 100, default: '' })
  number: string;

  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  place: string;

  @Column({ type: 'text', default: '' })
  reasons: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  signerTitle: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  signerName: string;

  @Column({ type: 'integer', nullable: true })
  authorityUnitId: number | null;

  /** The adoption evidence when decided (JSON of AdoptionEvidence): the documents print it whatever is reported after. */
  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  /** What the documents print of the authority and the signer (JSON, see decision-snapshot.ts). */
  @Column({ type: 'text', nullable: true })
  snapshot: string | null;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  constructor(init?: Partial<EffectItem>) {
    super();
    Object.assign(this, init);
  }
}

export type EffectSheetStatus = 'draft' | 'submitted';

/** A council member's score sheet on one item, against the round's criteria. */
@Entity('effect_sheets')
@Index('IDX_effect_sheets_item_member', ['itemId', 'memberId'], { unique: true })
export class EffectSheet extends BaseEntity {
  @Column({ type: 'integer' })
  itemId: number;

  @ManyToOne(() => EffectItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'itemId' })
  item?: EffectItem;

  @Column({ type: 'integer' })
  memberId: number;

  @ManyToOne(() => CouncilMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'memberId' })
  member?: CouncilMember;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: EffectSheetStatus;

  /** Points per criterion id. */
  @Column({ type: 'simple-json', default: '{}' })
  points: Record<string, number | null>;

  @Column({ type: 'text', default: '' })
  comment: string;

  /** The member declared a conflict of interest (why): they neither score nor vote on the item. */
  @Column({ type: 'text', default: '' })
  conflictReason: string;

  @Column({ type: Date, nullable: true })
  submittedAt: Date | null;

  constructor(init?: Partial<EffectSheet>) {
    super();
    Object.assign(this, init);
  }
}

/** A council member's vote on one item, as the member cast it or the secretary recorded it from the meeting. */
@Entity('effect_votes')
@Index('IDX_effect_votes_item_member', ['itemId', 'memberId'], { unique: true })
export class EffectVote extends BaseEntity {
  @Column({ type: 'integer' })
  itemId: number;

  @Column({ type: 'integer' })
  memberId: number;

  @ManyToOne(() => CouncilMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'memberId' })
  member?: CouncilMember;

  @Column({ type: 'varchar', length: 20 })
  vote: Vote;

  @Column({ type: 'varchar', length: 20 })
  recordedBy: VoteSource;

  @Column({ type: 'integer' })
  recordedById: number;

  constructor(init?: Partial<EffectVote>) {
    super();
    Object.assign(this, init);
  }
}
