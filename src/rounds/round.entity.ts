import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Unit } from '../units/unit.entity';

export type RoundStatus = 'open' | 'evaluating' | 'closed';

export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  open: 'Đang nhận hồ sơ',
  evaluating: 'Đang chấm',
  closed: 'Đã kết thúc',
};

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

  constructor(init?: Partial<Round>) {
    super();
    Object.assign(this, init);
  }
}
