import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { ReminderSetting } from './reminder-setting.entity';
import { ReminderKind } from './reminder-rules';

/** The weekly reminders' settings: one row per reminder once an administrator has saved it. */
@Injectable()
export class RemindersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get settings() {
    return this.uow.repository(ReminderSetting);
  }

  all(): Promise<ReminderSetting[]> {
    return this.settings.find();
  }

  save(setting: ReminderSetting): Promise<ReminderSetting> {
    return this.settings.save(setting);
  }

  /**
   * Claims the run of `kind` for the week's time `slot` (a conditional update: of two
   * instances looking at once, one claims it). True when this one did.
   */
  async claim(kind: ReminderKind, slot: Date, now: Date): Promise<boolean> {
    const result = await this.settings
      .createQueryBuilder()
      .update()
      .set({ lastRunAt: now })
      .where('kind = :kind AND enabled = :on AND ("lastRunAt" IS NULL OR "lastRunAt" < :slot)', { kind, on: true, slot })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
