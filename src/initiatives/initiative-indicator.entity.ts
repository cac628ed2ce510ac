import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Initiative } from './initiative.entity';

/** A measurable effect: e.g. "Tỷ lệ hồ sơ nộp trực tuyến", %, 12 → 68. */
@Entity('initiative_indicators')
export class InitiativeIndicator {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  initiativeId: number;

  @ManyToOne('Initiative', 'indicators', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'initiativeId' })
  initiative?: Initiative;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 50, default: '' })
  unitOfMeasure: string;

  @Column({ type: 'double precision', nullable: true })
  before: number | null;

  @Column({ type: 'double precision', nullable: true })
  after: number | null;

  constructor(init?: Partial<InitiativeIndicator>) {
    Object.assign(this, init);
  }
}
