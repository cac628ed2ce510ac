import { Column, Entity, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Field } from '../fields/field.entity';
import { Round } from '../rounds/round.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { InitiativeAuthor } from './initiative-author.entity';
import { InitiativeIndicator } from './initiative-indicator.entity';
import { InitiativeStatus, RecognitionLevel } from './initiative-status';

/**
 * A reform initiative with the fields of the request for recognition (Thông tư
 * 18/2013/TT-BKHCN, Phụ lục I). The unit is recorded as it was when filed.
 */
@Entity('initiatives')
export class Initiative extends BaseEntity {
  /** SK-YYYY-NNNN, given at first submission; never reused. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  /** The title folded (no diacritics, lower case), so sorting reads alphabetically. */
  @Column({ type: 'varchar', length: 500, default: '' })
  titleSort: string;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Unit;

  @Column({ type: 'integer' })
  fieldId: number;

  @ManyToOne(() => Field, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fieldId' })
  field?: Field;

  @Column({ type: 'integer', nullable: true })
  roundId: number | null;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'roundId' })
  round?: Round | null;

  @Column({ type: 'varchar', length: 20, default: InitiativeStatus.Draft })
  status: InitiativeStatus;

  @Column({ type: 'varchar', length: 20, nullable: true })
  level: RecognitionLevel | null;

  /** Year of submission (of creation while a draft), for filters and the code. */
  @Column({ type: 'integer' })
  year: number;

  /** Current situation, the problem solved. */
  @Column({ type: 'text', default: '' })
  problem: string;

  /** The solution: steps, and what it improves over the earlier way. */
  @Column({ type: 'text', default: '' })
  solution: string;

  @Column({ type: 'text', default: '' })
  novelty: string;

  /** Conditions needed to apply it. */
  @Column({ type: 'text', default: '' })
  conditions: string;

  /** Where else it could apply. */
  @Column({ type: 'text', default: '' })
  applicability: string;

  /** Effects, in words (measurable ones are indicators). */
  @Column({ type: 'text', default: '' })
  effects: string;

  @Column({ type: 'date', nullable: true })
  firstAppliedDate: string | null;

  /** Investor who created it, when not the authors ("chủ đầu tư tạo ra sáng kiến"). */
  @Column({ type: 'varchar', length: 255, default: '' })
  investorName: string;

  @Column({ type: 'boolean', default: false })
  stateFunded: boolean;

  /** People who took part in applying it first. */
  @Column({ type: 'text', default: '' })
  participants: string;

  /** Never shown publicly. */
  @Column({ type: 'text', default: '' })
  confidentialInfo: string;

  @Column({ type: 'integer' })
  createdById: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: User;

  // Date type (not 'datetime'): timestamp on PostgreSQL.
  @Column({ type: Date, nullable: true })
  submittedAt: Date | null;

  /** Entered by an admin from the paper files of an earlier year (nhập từ hồ sơ giấy). */
  @Column({ type: 'boolean', default: false })
  paperRecord: boolean;

  /** Scoring cycle: a return for revision starts the next one (earlier sheets stay). */
  @Column({ type: 'integer', default: 1 })
  reviewCycle: number;

  @OneToMany(() => InitiativeAuthor, (a) => a.initiative, { cascade: true })
  authors?: InitiativeAuthor[];

  @OneToMany(() => InitiativeIndicator, (i) => i.initiative, { cascade: true })
  indicators?: InitiativeIndicator[];

  constructor(init?: Partial<Initiative>) {
    super();
    Object.assign(this, init);
  }
}
