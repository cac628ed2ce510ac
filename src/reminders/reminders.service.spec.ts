import { automock, newTestService, provide } from '../../test/utils/mocks';
import { InProcessJobs } from '../jobs/in-process-jobs';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/request-context';
import { Jobs } from '../jobs/jobs';
import { ReplicationService } from '../replication/replication.service';
import { Programme } from '../replication/programme.entity';
import { ReminderSetting } from './reminder-setting.entity';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

function setup(saved: ReminderSetting[] = []) {
  // The queue's methods as the in-process one has them (Jobs itself declares enqueue abstract).
  const jobs = automock(InProcessJobs);
  const t = newTestService(RemindersService, [provide(Jobs, jobs)]);
  const repo = t.mock(RemindersRepository);
  repo.all.mockResolvedValue(saved);
  repo.save.mockImplementation(async (s) => s);
  repo.claim.mockResolvedValue(true);
  jobs.enqueue.mockResolvedValue({ id: 'j1', outcome: async () => ({ ok: true, value: { reached: 0 } }) });
  return { ...t, repo, jobs, audit: t.mock(AuditService), replication: t.mock(ReplicationService) };
}

const ctx = RequestContext.system(new Date('2026-12-06T08:00:00Z'));
const dto = { overdueEnabled: '1', overdueWeekday: 1, overdueHour: 8, sheetsEnabled: '', sheetsWeekday: 1, sheetsHour: 8 };

describe(RemindersService.name, () => {
  it('reads both reminders as off on Monday at 08:00 until saved', async () => {
    const { sut } = setup([new ReminderSetting({ kind: 'missing-sheets', enabled: true, weekday: 5, hour: 16, lastRunAt: null })]);
    const settings = await sut.settings();
    expect(settings.get('overdue-units')).toEqual({ enabled: false, weekday: 1, hour: 8, lastRunAt: null });
    expect(settings.get('missing-sheets')).toEqual({ enabled: true, weekday: 5, hour: 16, lastRunAt: null });
  });

  it('saves and audits only the reminder that changed', async () => {
    const { sut, repo, audit } = setup();
    await sut.save(ctx, dto);
    expect(repo.save).toHaveBeenCalledTimes(1);
    // Turned on: the Monday 08:00 already past counts as done (the first run is the next one).
    expect(repo.save).toHaveBeenCalledWith(new ReminderSetting({ kind: 'overdue-units', enabled: true, weekday: 1, hour: 8, lastRunAt: new Date('2026-11-30T01:00:00Z') }));
    expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'reminders.settings', summary: 'Nhắc đơn vị quá hạn báo cáo áp dụng hằng tuần: bật, Thứ Hai, 08:00', changes: [{ field: 'overdue-units', before: 'tắt', after: 'bật, Thứ Hai, 08:00' }] }));
  });

  it('queues a run only for a reminder on, due, and claimed here', async () => {
    const lastWeek = new Date('2026-11-23T01:00:00Z');
    const { sut, repo, jobs } = setup([
      new ReminderSetting({ kind: 'overdue-units', enabled: true, weekday: 1, hour: 8, lastRunAt: lastWeek }),
      new ReminderSetting({ kind: 'missing-sheets', enabled: true, weekday: 1, hour: 8, lastRunAt: new Date('2026-11-30T01:00:00Z') }),
    ]);
    const now = new Date('2026-12-06T15:30:00Z');
    expect(await sut.queueDue(now)).toBe(1);
    expect(repo.claim).toHaveBeenCalledWith('overdue-units', new Date('2026-11-30T01:00:00Z'), now);
    expect(jobs.enqueue).toHaveBeenCalledWith(sut.reminder, { kind: 'overdue-units', slot: '2026-11-30T01:00:00.000Z' });
    repo.claim.mockResolvedValue(false); // another instance claimed it
    expect(await sut.queueDue(now)).toBe(0);
    expect(jobs.enqueue).toHaveBeenCalledTimes(1);
  });

  it('reminds the overdue units of every late programme, as "Hệ thống", and records the run', async () => {
    const { sut, replication, audit } = setup();
    replication.allLateProgrammes.mockResolvedValue([{ programme: new Programme({ id: 7, title: 'Kế hoạch 2025' }), units: 2 }]);
    replication.openByUnit.mockResolvedValue(new Map([[11, 1], [12, 3]]));
    replication.remind.mockResolvedValue({ units: 2, people: 2, unreachable: [], skipped: [], again: null, email: null });
    expect(await sut.send('overdue-units', new Date('2026-11-30T01:00:00Z'))).toBe(2);
    expect(replication.remind).toHaveBeenCalledWith(expect.objectContaining({ actor: expect.objectContaining({ name: 'Hệ thống' }) }), 7, [11, 12], '');
    expect(audit.log).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ action: 'reminders.weekly', summary: 'Nhắc đơn vị quá hạn báo cáo áp dụng (tự động, Thứ Hai, 08:00): "Kế hoạch 2025": 2 đơn vị' }));
  });
});
