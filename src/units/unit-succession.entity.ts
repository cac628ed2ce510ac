import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Unit } from './unit.entity';

export type SuccessionKind = 'merge' | 'split';

/**
 * One edge of the history graph: a unit that ended and a unit that took over from it.
 * A merger gives several rows with the same successor; a split several with the same
 * predecessor.
 */
@Entity('unit_successions')
export class UnitSuccession {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  predecessorId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'predecessorId' })
  predecessor?: Unit;

  @Column({ type: 'integer' })
  successorId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'successorId' })
  successor?: Unit;

  @Column({ type: 'varchar', length: 10 })
  kind: SuccessionKind;

  /** The legal instrument, e.g. "Nghị quyết 1656/NQ-UBTVQH15". */
  @Column({ type: 'varchar', length: 255 })
  instrument: string;

  @Column({ type: 'date' })
  effectiveDate: string;

  @CreateDateColumn()
  createdAt: Date;

  constructor(init?: Partial<UnitSuccession>) {
    Object.assign(this, init);
  }
}
