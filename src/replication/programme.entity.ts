import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Initiative } from '../initiatives/initiative.entity';
import { Unit } from '../units/unit.entity';
import { AdoptionStatus, NotAdoptedReason } from './adoption-rules';

/** A replication programme (kế hoạch nhân rộng) of a year. */
@Entity('programmes')
export class Programme extends BaseEntity {
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'integer' })
  issuingUnitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuingUnitId' })
  issuingUnit?: Unit;

  @Column({ type: 'varchar', length: 100, default: '' })
  decisionNumber: string;

  @Column({ type: 'date', nullable: true })
  decisionDate: string | null;

  @Column({ type: 'date', nullable: true })
  reportDeadline: string | null;

  @Column({ type: 'integer' })
  createdById: number;

  constructor(init?: Partial<Programme>) {
    super();
    Object.assign(this, init);
  }
}

@Entity('programme_initiatives')
export class ProgrammeInitiative {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  programmeId: number;

  @Column({ type: 'integer' })
  initiativeId: number;

  @ManyToOne(() => Initiative, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'initiativeId' })
  initiative?: Initiative;

  constructor(init?: Partial<ProgrammeInitiative>) {
    Object.assign(this, init);
  }
}

/** A target unit; removed ones keep their history (removedAt). */
@Entity('programme_units')
export class ProgrammeUnit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  programmeId: number;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Unit;

  @Column({ type: Date, nullable: true })
  removedAt: Date | null;

  constructor(init?: Partial<ProgrammeUnit>) {
    Object.assign(this, init);
  }
}

export interface UnitIndicator {
  name: string;
  unitOfMeasure: string;
  before: number | null;
  after: number | null;
}

/** Programme × initiative × unit: whether the unit applied the initiative, and why not. */
@Entity('adoptions')
export class Adoption extends BaseEntity {
  @Column({ type: 'integer' })
  programmeId: number;

  @ManyToOne(() => Programme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programmeId' })
  programme?: Programme;

  @Column({ type: 'integer' })
  initiativeId: number;

  @ManyToOne(() => Initiative, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'initiativeId' })
  initiative?: Initiative;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 20, default: AdoptionStatus.NotStarted })
  status: AdoptionStatus;

  @Column({ type: 'date', nullable: true })
  adoptedDate: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  reason: NotAdoptedReason | null;

  @Column({ type: 'text', default: '' })
  explanation: string;

  /** What the unit changed to fit its situation. */
  @Column({ type: 'text', default: '' })
  adaptation: string;

  @Column({ type: 'simple-json', nullable: true })
  indicators: UnitIndicator[] | null;

  /** Number of reports so far (0: never reported). */
  @Column({ type: 'integer', default: 0 })
  version: number;

  @Column({ type: Date, nullable: true })
  reportedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  reportedById: number | null;

  /** Reported by the district on the unit's behalf. */
  @Column({ type: 'boolean', default: false })
  onBehalf: boolean;

  @Column({ type: Date, nullable: true })
  removedAt: Date | null;

  constructor(init?: Partial<Adoption>) {
    super();
    Object.assign(this, init);
  }
}

/** Every report, kept as a version. */
@Entity('adoption_reports')
export class AdoptionReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  adoptionId: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 20 })
  status: AdoptionStatus;

  @Column({ type: 'date', nullable: true })
  adoptedDate: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  reason: NotAdoptedReason | null;

  @Column({ type: 'text', default: '' })
  explanation: string;

  @Column({ type: 'text', default: '' })
  adaptation: string;

  @Column({ type: 'simple-json', nullable: true })
  indicators: UnitIndicator[] | null;

  @Column({ type: 'integer' })
  reportedById: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  reportedByName: string;

  @Column({ type: 'boolean', default: false })
  onBehalf: boolean;

  @CreateDateColumn()
  createdAt: Date;

  constructor(init?: Partial<AdoptionReport>) {
    Object.assign(this, init);
  }
}
