import { RoundKind } from './round-kind';
import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Unit } from '../units/unit.entity';
import { VoteRule } from './vote-rule';

export type RoundStatus = 'open' | 'evaluating' | 'closed';

/** The secretary moves a round on: open → evaluating → closed. */
export const NEXT_ROUND_STATUS: Record<RoundStatus, RoundStatus | null> = { open: 'evaluating', evaluating: 'closed', closed: null };

export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  open: 'Đang nhận hồ sơ',
  evaluating: 'Đang chấm',
  closed: 'Đã kết thúc',
};

export const ROUND_STATUSES = Object.keys(ROUND_STATUS_LABELS) as RoundStatus[];

/** An evaluation round (đợt xét sáng kiến). */
@Entity('rounds')
export class Round extends BaseEntity {
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'integer', nullable: true })
  organisingUnitId: number | null;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisingUnitId' })
  organisingUnit?: Unit | null;

  @Column({ type: 'date', nullable: true })
  submissionStart: string | null;

  @Column({ type: 'date', nullable: true })
  submissionEnd: string | null;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: RoundStatus;

  /** Recognition rule: the mean total must reach this score. */
  @Column({ type: 'double precision', default: 70 })
  threshold: number;

  /** How many of all the council's members must vote for to recognise (vote-rule.ts); locked once a vote exists. */
  @Column({ type: 'varchar', length: 20, default: 'two_thirds' })
  voteRule: VoteRule;

  /** Recognising initiatives, or their effect and scope of influence (round-kind.ts); chosen when the round is created. */
  @Column({ type: 'varchar', length: 20, default: 'recognition' })
  kind: RoundKind;

  /** A round of effect and scope: cấp tỉnh is proposed from this many units that adopted… */
  @Column({ type: 'integer', default: 10 })
  scopeUnits: number;

  /** …or from this share (per cent) of the communes in force. */
  @Column({ type: 'double precision', default: 20 })
  scopeCommuneShare: number;

  /** Members from the author's own unit count as in conflict. */
  @Column({ type: 'boolean', default: false })
  conflictSameUnit: boolean;

  constructor(init?: Partial<Round>) {
    super();
    Object.assign(this, init);
  }
}
