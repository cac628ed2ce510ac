import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Roles } from '../common/decorators';
import { formatDateTime } from '../common/dates';
import { flash } from '../common/flash';
import { RequestContext } from '../common/request-context';
import { Role } from '../users/roles';
import { ReminderSettingsDto } from './dto/reminder-settings.dto';
import { nextSlot, REMINDER_KINDS, REMINDER_TEXT, ReminderKind, scheduleLabel, WEEKDAY_LABELS } from './reminder-rules';
import { RemindersService } from './reminders.service';

/** The form's field names of each reminder. */
const FIELDS: Record<ReminderKind, string> = { 'overdue-units': 'overdue', 'missing-sheets': 'sheets' };

/** Weekly reminders sent by the system itself: the system administrator turns each on and chooses when. */
@Controller('reminders')
@Roles(Role.DistrictAdmin)
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @Render('reminders/index')
  index() {
    return this.model();
  }

  /** The page; after a refused form, with what was typed (`req`). */
  async model(req?: Request) {
    const settings = await this.reminders.settings();
    const typed = req?.method === 'POST' ? (req.body as Record<string, unknown>) : null;
    const typedText = (name: string) => (typeof typed?.[name] === 'string' ? (typed[name] as string) : '');
    const now = new Date();
    return {
      title: 'Nhắc việc tự động',
      weekdays: [1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: String(d), label: WEEKDAY_LABELS[d] })),
      hours: Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` })),
      reminders: REMINDER_KINDS.map((kind) => {
        const s = settings.get(kind)!;
        const field = FIELDS[kind];
        return {
          ...REMINDER_TEXT[kind],
          enabledName: `${field}Enabled`,
          weekdayName: `${field}Weekday`,
          hourName: `${field}Hour`,
          enabled: typed ? typedText(`${field}Enabled`) === '1' : s.enabled,
          weekday: typed ? typedText(`${field}Weekday`) : String(s.weekday),
          hour: typed ? typedText(`${field}Hour`) : String(s.hour),
          state: s.enabled ? `Đang bật: ${scheduleLabel(s)} hằng tuần; lần tới ${formatDateTime(nextSlot(s.weekday, s.hour, now))}` : 'Đang tắt',
          lastRun: s.lastRunAt ? formatDateTime(s.lastRunAt) : null,
        };
      }),
      form: { values: {}, errors: {} },
    };
  }

  @Post()
  @FormView('reminders/index', 'model')
  async save(@Body() dto: ReminderSettingsDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.reminders.save(ctx, dto);
    flash(req, 'success', 'Đã lưu lịch nhắc việc tự động.');
    res.redirect(303, '/reminders');
  }
}
