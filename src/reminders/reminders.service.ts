import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { EffectService } from '../effect/effect.service';
import { JobKind, Jobs } from '../jobs/jobs';
import { ReplicationService } from '../replication/replication.service';
import { ReviewsService } from '../reviews/reviews.service';
import { takesInitiatives } from '../rounds/round-kind';
import { RoundsService } from '../rounds/rounds.service';
import { ReminderSettingsDto } from './dto/reminder-settings.dto';
import { DEFAULT_SCHEDULE, dueSlot, lastSlot, REMINDER_KINDS, REMINDER_TEXT, ReminderKind, ReminderSchedule, scheduleLabel } from './reminder-rules';
import { ReminderSetting } from './reminder-setting.entity';
import { RemindersRepository } from './reminders.repository';

/** When the queue looks for weekly reminders due: hourly, a few minutes past. */
const LOOK_CRON = '5 * * * *';

/** One weekly reminder's run, for the week's time it was due. */
export interface ReminderRun {
  kind: ReminderKind;
  slot: string;
}

/**
 * Weekly reminders the system sends by itself, each off until the system administrator turns
 * it on and chooses its weekday and hour: to units overdue on programmes past their deadline,
 * and to council members with sheets still to submit. A scheduled job looks hourly; a
 * reminder due is claimed (once, whatever the number of instances) in the transaction that
 * queues the job running it, so a claimed run is not lost with an instance. Each reminder
 * sent is audited as when a person sends it, by "Hệ thống", and each run in one entry.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  readonly look: JobKind<object, { queued: number }> = { name: 'weekly-reminders-due', retries: 0, run: async () => ({ queued: await this.queueDue(new Date()) }) };
  /** Not tried again: its reminders commit one programme or round at a time, and those sent must not be sent twice. */
  readonly reminder: JobKind<ReminderRun, { reached: number }> = { name: 'weekly-reminder', retries: 0, run: async (r) => ({ reached: await this.send(r.kind, new Date(r.slot)) }) };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: Jobs,
    private readonly repo: RemindersRepository,
    private readonly replication: ReplicationService,
    private readonly reviews: ReviewsService,
    private readonly effect: EffectService,
    private readonly rounds: RoundsService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.define(this.look);
    this.jobs.define(this.reminder);
    this.jobs.schedule(this.look, LOOK_CRON);
  }

  /** Each reminder's setting (the default, off, for one never saved). */
  async settings(): Promise<Map<ReminderKind, ReminderSchedule>> {
    const saved = new Map((await this.repo.all()).map((s) => [s.kind, s]));
    return new Map(REMINDER_KINDS.map((kind) => [kind, { ...DEFAULT_SCHEDULE, ...pick(saved.get(kind)) }]));
  }

  /** Saves both settings; what changed is audited. */
  async save(ctx: RequestContext, dto: ReminderSettingsDto): Promise<void> {
    const wanted: Record<ReminderKind, Omit<ReminderSchedule, 'lastRunAt'>> = {
      'overdue-units': { enabled: dto.overdueEnabled === '1', weekday: dto.overdueWeekday, hour: dto.overdueHour },
      'missing-sheets': { enabled: dto.sheetsEnabled === '1', weekday: dto.sheetsWeekday, hour: dto.sheetsHour },
    };
    await this.uow.run(async () => {
      this.uow.changes(); // the reminders' settings: nothing any cache holds
      const current = await this.settings();
      for (const kind of REMINDER_KINDS) {
        const before = current.get(kind) as ReminderSchedule;
        const after = wanted[kind];
        if (before.enabled === after.enabled && before.weekday === after.weekday && before.hour === after.hour) continue;
        // Turned on or moved: the first run is at the next time chosen, not at once for a time
        // already past (a time missed while no instance ran still catches up).
        const timing = after.enabled && (!before.enabled || before.weekday !== after.weekday || before.hour !== after.hour);
        await this.repo.save(new ReminderSetting({ kind, ...after, lastRunAt: timing ? lastSlot(after.weekday, after.hour, ctx.at) : before.lastRunAt }));
        const said = (s: Omit<ReminderSchedule, 'lastRunAt'>) => (s.enabled ? `bật, ${scheduleLabel(s)}` : 'tắt');
        await this.audit.log(ctx, {
          action: 'reminders.settings',
          entityType: 'reminder',
          entityId: null,
          summary: `${REMINDER_TEXT[kind].title} hằng tuần: ${said(after)}`,
          changes: [{ field: kind, before: said(before), after: said(after) }],
        });
      }
    });
  }

  /** Claims and queues the reminders due at `now`; how many. */
  async queueDue(now: Date): Promise<number> {
    let queued = 0;
    for (const [kind, setting] of await this.settings()) {
      const slot = dueSlot(setting, now);
      if (!slot) continue;
      const claimed = await this.uow.run(async () => {
        this.uow.changes(); // the claim and the job: nothing any cache holds
        if (!(await this.repo.claim(kind, slot, now))) return false;
        await this.jobs.enqueue(this.reminder, { kind, slot: slot.toISOString() });
        return true;
      });
      if (claimed) queued++;
    }
    return queued;
  }

  /**
   * Sends one reminder now (a run of the job): to every overdue unit of every late programme
   * (units reminded today are left: a run tried again reminds nobody twice), or to every
   * member owing sheets in every round being scored. How many units or members were reached.
   */
  async send(kind: ReminderKind, slot: Date): Promise<number> {
    const ctx = RequestContext.system();
    const parts: string[] = [];
    let reached = 0;
    if (kind === 'overdue-units') {
      for (const { programme } of await this.replication.allLateProgrammes()) {
        const overdue = [...(await this.replication.openByUnit(programme.id)).keys()];
        const outcome = await this.replication.remind(ctx, programme.id, overdue, '');
        reached += outcome.units;
        if (outcome.units) parts.push(`"${programme.title}": ${outcome.units} đơn vị`);
      }
    } else {
      for (const round of (await this.rounds.all()).filter((r) => r.status === 'evaluating')) {
        const members = takesInitiatives(round) ? await this.reviews.remindMembersOf(ctx, round.id) : await this.effect.remindMissingSheets(ctx, round);
        reached += members;
        if (members) parts.push(`"${round.name}": ${members} thành viên`);
      }
    }
    await this.uow.run(() => {
      this.uow.changes();
      return this.audit.log(ctx, {
        action: 'reminders.weekly',
        entityType: 'reminder',
        entityId: null,
        summary: `${REMINDER_TEXT[kind].title} (tự động, ${scheduleLabel({ weekday: weekdayOf(slot), hour: hourOf(slot) })}): ${parts.length ? parts.join('; ') : 'không có ai cần nhắc'}`,
      });
    });
    return reached;
  }
}

function pick(s: ReminderSetting | undefined): Partial<ReminderSchedule> {
  return s ? { enabled: Boolean(s.enabled), weekday: Number(s.weekday), hour: Number(s.hour), lastRunAt: s.lastRunAt } : {};
}

/** The weekday and hour of a time, Vietnam's time. */
function weekdayOf(t: Date): number {
  return new Date(t.getTime() + 7 * 3600 * 1000).getUTCDay();
}
function hourOf(t: Date): number {
  return new Date(t.getTime() + 7 * 3600 * 1000).getUTCHours();
}
