import TestAgent from 'supertest/lib/agent';
import { nextSlot } from '../src/reminders/reminder-rules';
import { RemindersService } from '../src/reminders/reminders.service';
import { eventually } from './helpers/eventually';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';

describe('weekly reminders (Nhắc việc tự động)', () => {
  let t: TestApp;
  let admin: TestAgent;
  const form = (token: string, values: Record<string, string>) => ({ _csrf: token, overdueWeekday: '1', overdueHour: '8', sheetsWeekday: '1', sheetsHour: '8', ...values });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('is the system administrator\'s page, in the administration menu; both reminders are off until turned on', async () => {
    const page = await admin.get('/reminders');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<a class="dropdown-item active" href="/reminders" aria-current="page">Nhắc việc tự động</a>');
    expect(page.text.match(/Đang tắt\./g)).toHaveLength(2);
    expect(page.text).not.toMatch(/name="overdueEnabled" value="1" checked/);
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    expect((await secretary.get('/reminders')).status).toBe(403);
  });

  it('refuses a weekday or hour that is none, beside the field, keeping what was typed and saving nothing', async () => {
    const page = await admin.get('/reminders');
    const res = await admin.post('/reminders').type('form').send(form(csrfOf(page.text), { overdueEnabled: '1', overdueWeekday: '9', sheetsHour: '25' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="f-overdueWeekday-error">Vui lòng chọn thứ trong tuần.</div>');
    expect(res.text).toContain('id="f-sheetsHour-error">Vui lòng chọn giờ gửi (0–23).</div>');
    expect(res.text).toMatch(/id="f-overdueEnabled" name="overdueEnabled" value="1" checked/);
    expect(await count(t.db, 'reminder_settings')).toBe(0);
  });

  it('turns a reminder on at a weekday and hour, audited; a run due reminds every overdue unit once, by "Hệ thống", and the same week again no one', async () => {
    // A programme past its deadline, two communes still to report.
    const created = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2025', title: 'Nhân rộng năm 2025 (đợt nhắc tự động)', issuingUnitId: String(await unitId(t.db, 'QT')), reportDeadline: '30/11/2025' });
    created.append('initiativeIds', String((await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`))[0].id));
    for (const code of ['QT-VHOANG', 'QT-VLINH']) created.append('unitIds', String(await unitId(t.db, code)));
    const programme = await admin.post('/programmes/new').type('form').send(created.toString());
    expect(programme.status).toBe(303);

    const page = await admin.get('/reminders');
    const saved = await admin.post('/reminders').type('form').send(form(csrfOf(page.text), { overdueEnabled: '1', overdueWeekday: '1', overdueHour: '8' }));
    expect(saved.status).toBe(303);
    const after = await admin.get('/reminders');
    expect(after.text).toContain('Đang bật: Thứ Hai, 08:00 hằng tuần; lần tới');
    const [audit] = await t.db.query(`SELECT summary, "actorName" FROM audit_events WHERE action = 'reminders.settings'`);
    expect(audit.summary).toBe('Nhắc đơn vị quá hạn báo cáo áp dụng hằng tuần: bật, Thứ Hai, 08:00');

    const reminders = t.app.get(RemindersService);
    const notices = await count(t.db, 'notifications', "kind = 'reminder'");
    // Turned on now: nothing runs for a Monday already past; the next Monday, it does.
    expect(await reminders.queueDue(new Date())).toBe(0);
    const nextMonday = new Date(nextSlot(1, 8, new Date()).getTime() + 5 * 60_000);
    expect(await reminders.queueDue(nextMonday)).toBe(1);
    expect(await eventually(async () => (await count(t.db, 'audit_events', "action = 'reminders.weekly'")) === 1)).toBe(true);
    const [run] = await t.db.query(`SELECT summary, "actorName" FROM audit_events WHERE action = 'reminders.weekly'`);
    expect(run.actorName).toBe('Hệ thống');
    expect(run.summary).toMatch(/^Nhắc đơn vị quá hạn báo cáo áp dụng \(tự động, Thứ Hai, 08:00\): .*"Nhân rộng năm 2025 \(đợt nhắc tự động\)": 2 đơn vị/);
    expect(await count(t.db, 'notifications', "kind = 'reminder'")).toBeGreaterThanOrEqual(notices + 2);
    const [remind] = await t.db.query(`SELECT "actorName" FROM audit_events WHERE action = 'programme.remind' ORDER BY id DESC LIMIT 1`);
    expect(remind.actorName).toBe('Hệ thống');
    // Claimed for this week: another look (another instance) queues nothing.
    expect(await reminders.queueDue(new Date(nextMonday.getTime() + 60_000))).toBe(0);
    expect((await admin.get('/reminders')).text).toMatch(/Lần gửi gần nhất: \d{2}\/\d{2}\/\d{4}/);
  });

  it('reminds the council members owing sheets in the rounds being scored, when turned on', async () => {
    const page = await admin.get('/reminders');
    expect((await admin.post('/reminders').type('form').send(form(csrfOf(page.text), { overdueEnabled: '1', sheetsEnabled: '1', sheetsWeekday: '0', sheetsHour: '0' }))).status).toBe(303);
    const before = await count(t.db, 'notifications', "kind = 'review-reminder'");
    const reminders = t.app.get(RemindersService);
    expect(await reminders.queueDue(new Date())).toBe(0);
    expect(await reminders.queueDue(new Date(nextSlot(0, 0, new Date()).getTime() + 5 * 60_000))).toBe(1);
    expect(await eventually(async () => (await count(t.db, 'audit_events', "action = 'reminders.weekly'")) === 2)).toBe(true);
    expect(await count(t.db, 'notifications', "kind = 'review-reminder'")).toBeGreaterThan(before);
    const [run] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'reminders.weekly' ORDER BY id DESC LIMIT 1`);
    expect(run.summary).toMatch(/^Nhắc thành viên hội đồng chưa nộp phiếu chấm \(tự động, Chủ nhật, 00:00\): /);
    expect(run.summary).toMatch(/"Đợt xét sáng kiến cải cách hành chính năm 2026": [1-9]\d* thành viên/);
    expect(run.summary).toMatch(/"Đợt xét sáng kiến năm 2026 của xã Vĩnh Hoàng": [1-9]\d* thành viên/);
  });
});
