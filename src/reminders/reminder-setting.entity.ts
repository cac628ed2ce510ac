import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ReminderKind } from './reminder-rules';

/** The setting of one weekly reminder (no row: off, the default), and when its last run was claimed. */
@Entity('reminder_settings')
export class ReminderSetting {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  kind: ReminderKind;

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  /** 0 Sunday … 6 Saturday. */
  @Column({ type: 'integer' })
  weekday: number;

  /** 0–23, Vietnam's time. */
  @Column({ type: 'integer' })
  hour: number;

  @Column({ type: Date, nullable: true })
  lastRunAt: Date | null;

  constructor(init?: Partial<ReminderSetting>) {
    if (init) Object.assign(this, init);
  }
}
