import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Unit } from './unit.entity';

/** A change of name: the unit (and its code) stays, the old name is kept here. */
@Entity('unit_renames')
export class UnitRename {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 255 })
  oldName: string;

  @Column({ type: 'varchar', length: 255 })
  newName: string;

  @Column({ type: 'varchar', length: 255 })
  instrument: string;

  @Column({ type: 'date' })
  effectiveDate: string;

  @CreateDateColumn()
  createdAt: Date;

  constructor(init?: Partial<UnitRename>) {
    Object.assign(this, init);
  }
}
