import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Unit } from './unit.entity';

/**
 * A unit that ended without a successor ("Chấm dứt hoạt động"): a district abolished on
 * 01/07/2025, an agency dissolved. Its records stay under it; the units that took over its
 * tasks are named (UnitTaskTransfer) but nothing rolls into them, unlike a merger.
 */
@Entity('unit_endings')
export class UnitEnding {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Unit;

  /** The first day the unit no longer exists (its validTo is the day before). */
  @Column({ type: 'date' })
  effectiveDate: string;

  /** Number and symbol of the instrument, e.g. "1680/NQ-UBTVQH15". */
  @Column({ type: 'varchar', length: 100 })
  instrumentNumber: string;

  @Column({ type: 'date' })
  instrumentDate: string;

  /** Who issued it, e.g. "Ủy ban Thường vụ Quốc hội". */
  @Column({ type: 'varchar', length: 255 })
  instrumentIssuer: string;

  @OneToMany(() => UnitTaskTransfer, (t) => t.ending)
  transfers?: UnitTaskTransfer[];

  @CreateDateColumn()
  createdAt: Date;

  constructor(init?: Partial<UnitEnding>) {
    Object.assign(this, init);
  }
}

/** A unit that took over the tasks of an ended one (no records or rates roll into it). */
@Entity('unit_task_transfers')
export class UnitTaskTransfer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  endingId: number;

  @ManyToOne(() => UnitEnding, (e) => e.transfers, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endingId' })
  ending?: UnitEnding;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Unit;

  constructor(init?: Partial<UnitTaskTransfer>) {
    Object.assign(this, init);
  }
}
