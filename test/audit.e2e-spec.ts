import ExcelJS from 'exceljs';
import TestAgent from 'supertest/lib/agent';
import { downloadRoutes } from './download-routes';
import { APP_HOOK_TIMEOUT, binary, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

describe('audit page: client addresses', () => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('records and shows an IPv4 client as plain IPv4, not as an IPv4-mapped IPv6 address', async () => {
    // The test server listens on every address (::), so IPv4 requests arrive as ::ffff:127.0.0.1.
    const rows = (await t.db.query(`SELECT ip FROM audit_events WHERE action = 'auth.login' ORDER BY id DESC`)) as { ip: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].ip).toBe('127.0.0.1');
    const page = await admin.get('/audit?action=auth.login');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div class="small text-body-secondary">127.0.0.1</div>');
    expect(page.text).not.toContain('::ffff:');
  });

  it('shows rows recorded before the change as plain IPv4 too', async () => {
    await t.db.query(`INSERT INTO audit_events ("actorId", "actorName", action, "entityType", "entityId", summary, ip) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      null,
      'Khách',
      'auth.login_failed',
      'session',
      null,
      'Đăng nhập sai: dia-chi-cu',
      '::ffff:10.20.30.40',
    ]);
    const page = await admin.get('/audit?q=dia-chi-cu');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đăng nhập sai: dia-chi-cu');
    expect(page.text).toContain('<div class="small text-body-secondary">10.20.30.40</div>');
    expect(page.text).not.toContain('::ffff:');
  });
});

/**
 * What the audit records beyond changes: council notes, each list, template, password file
 * and council document downloaded (which, with what filters and how many rows), and failed
 * sign-ins (the name tried and the address, never the password, within the throttle's
 * bounds). Every action shows its Vietnamese label.
 */
describe('audit: notes, downloads and failed sign-ins', () => {
  let t: TestApp;
  let admin: TestAgent;
  let ids: Record<string, number>;

  /** The newest audit event, or those after `afterId`. */
  const eventsAfter = async (afterId: number) =>
    (await t.db.query(`SELECT id, action, "entityType", "entityId", summary, "actorId", "actorName", ip, changes FROM audit_events WHERE id > ? ORDER BY id`, [afterId])) as {
      id: number;
      action: string;
      entityType: string;
      entityId: string | null;
      summary: string;
      actorId: number | null;
      actorName: string;
      ip: string;
      changes: string | null;
    }[];
  const lastId = async () => Number((await t.db.query('SELECT MAX(id) AS id FROM audit_events'))[0].id ?? 0);

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const [initiative] = await t.db.query(`SELECT id, "roundId" FROM initiatives WHERE code = 'SK-2022-0001'`);
    const [{ id: programme }] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
    // A decision of a round of effect and scope on it, for its two documents (test/effect.e2e records one through the pages).
    await t.db.query(`INSERT INTO rounds (year, name, status, kind, "organisingUnitId") VALUES (2026, 'Đợt xét hiệu quả áp dụng', 'closed', 'effect', ?)`, [await unitId(t.db, 'QT')]);
    const [{ id: effectRound }] = await t.db.query(`SELECT id FROM rounds WHERE kind = 'effect'`);
    await t.db.query(`INSERT INTO effect_items ("roundId", "initiativeId", outcome, level, number, date, place, "signerName", "votesFor", "councilSize") VALUES (?, ?, 'recognized', 'province', '45/QĐ-UBND', '2026-12-01', 'Quảng Trị', 'Lê Văn A', 4, 5)`, [effectRound, initiative.id]);
    const [{ id: effectItem }] = await t.db.query('SELECT id FROM effect_items');
    ids = { initiative: Number(initiative.id), round: Number(initiative.roundId), programme: Number(programme), unit: await unitId(t.db, 'QT-VHOANG'), user: await userId(t.db, 'tacgia'), effectItem: Number(effectItem) };
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('records a council note, without its text (the note stays within the council)', async () => {
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const page = await secretary.get(`/initiatives/${ids.initiative}`);
    const since = await lastId();
    const res = await secretary.post(`/initiatives/${ids.initiative}/notes`).type('form').send({ _csrf: csrfOf(page.text), body: 'Đề nghị bổ sung số liệu hiệu quả' });
    expect(res.status).toBe(303);
    const events = await eventsAfter(since);
    expect(events.map((e) => [e.action, e.entityType, e.entityId])).toEqual([['review.note', 'initiative', String(ids.initiative)]]);
    expect(events[0].summary).toBe('Ghi ý kiến trao đổi trong hội đồng về sáng kiến SK-2022-0001');
    expect(JSON.stringify(events)).not.toContain('Đề nghị bổ sung');
  });

  /** Rows of data in a downloaded list (its header row not counted), per sheet for a workbook. */
  const rowsOf = async (path: string, body: Buffer): Promise<{ name: string; rows: number }[]> => {
    if (path.includes('.csv')) return [{ name: '', rows: body.toString('utf8').split('\r\n').filter(Boolean).length - 1 }];
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as never);
    return book.worksheets.filter((s) => s.state !== 'hidden').map((s) => ({ name: s.name, rows: s.actualRowCount - 1 }));
  };

  it('records each download of a list, a template, the password file and a council document: which, the filters, the rows', async () => {
    // The temporary passwords of an import, offered once as a file.
    const page = await admin.get('/users/import');
    const imported = await admin.post('/users/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from('username,full_name,position,unit_code,roles\ncanbo.nhatky,Cán bộ Nhật Ký,,QT-VHOANG,author\n'), 'nguoi-dung.csv');
    expect(imported.status).toBe(303);
    const p = ids.programme;
    const downloads: { path: string; action: string; entityType: string; entityId: number | null; summary: string; rows?: boolean }[] = [
      { path: '/initiatives/export.xlsx?year=2022&q=cai%20cach&page=3', action: 'export.list', entityType: 'initiative', entityId: null, summary: 'Xuất danh sách sáng kiến: danh-sach-sang-kien.xlsx', rows: true },
      { path: '/initiatives/export.csv?year=2022&sep=semicolon', action: 'export.list', entityType: 'initiative', entityId: null, summary: 'Xuất danh sách sáng kiến: danh-sach-sang-kien.csv', rows: true },
      { path: `/programmes/${p}/export.xlsx`, action: 'export.list', entityType: 'programme', entityId: p, summary: 'Xuất kết quả nhân rộng của kế hoạch: nhan-rong-2023-', rows: true },
      { path: `/programmes/${p}/export.csv`, action: 'export.list', entityType: 'programme', entityId: p, summary: 'Xuất kết quả nhân rộng của kế hoạch: nhan-rong-2023-', rows: true },
      { path: `/programmes/${p}/rates.csv`, action: 'export.list', entityType: 'programme', entityId: p, summary: 'Xuất tỷ lệ áp dụng của kế hoạch: ty-le-nhan-rong-2023-', rows: true },
      { path: `/rounds/${ids.round}/results.xlsx`, action: 'export.list', entityType: 'round', entityId: ids.round, summary: 'Xuất bảng tổng hợp kết quả chấm điểm: bang-tong-hop-ket-qua-cham-diem-', rows: true },
      { path: `/programmes/${p}/template.xlsx`, action: 'export.template', entityType: 'programme', entityId: p, summary: 'Tải mẫu báo cáo áp dụng của kế hoạch: bao-cao-ap-dung-ke-hoach-', rows: true },
      { path: `/units/${ids.unit}/adoptions/template.xlsx`, action: 'export.template', entityType: 'unit', entityId: ids.unit, summary: 'Tải mẫu báo cáo áp dụng của đơn vị: bao-cao-ap-dung-', rows: true },
      { path: '/account/recognitions.xlsx', action: 'export.list', entityType: 'user', entityId: null, summary: 'Xuất danh sách sáng kiến được công nhận của mình: sang-kien-duoc-cong-nhan-', rows: true },
      { path: '/account/recognitions.csv', action: 'export.list', entityType: 'user', entityId: null, summary: 'Xuất danh sách sáng kiến được công nhận của mình: sang-kien-duoc-cong-nhan-', rows: true },
      { path: `/users/${ids.user}/recognitions.xlsx`, action: 'export.list', entityType: 'user', entityId: ids.user, summary: 'Xuất danh sách sáng kiến được công nhận của một người: sang-kien-duoc-cong-nhan-ngo-thi-thanh-ha', rows: true },
      { path: `/users/${ids.user}/recognitions.csv`, action: 'export.list', entityType: 'user', entityId: ids.user, summary: 'Xuất danh sách sáng kiến được công nhận của một người: sang-kien-duoc-cong-nhan-ngo-thi-thanh-ha', rows: true },
      { path: '/users/import/result/passwords.csv', action: 'user.passwords_file', entityType: 'user', entityId: null, summary: 'Tải tệp mật khẩu tạm thời: mat-khau-tam-thoi.csv' },
      { path: `/rounds/${ids.round}/minutes.docx`, action: 'document.minutes', entityType: 'round', entityId: ids.round, summary: 'Tải biên bản họp hội đồng: bien-ban-hop-hoi-dong-2022-' },
      { path: `/rounds/${ids.round}/recognition.docx`, action: 'document.recognition', entityType: 'round', entityId: ids.round, summary: 'Tải quyết định công nhận sáng kiến: quyet-dinh-cong-nhan-sang-kien-2022-' },
      { path: `/initiatives/${ids.initiative}/certificate.docx`, action: 'document.certificate', entityType: 'initiative', entityId: ids.initiative, summary: 'Tải giấy chứng nhận sáng kiến: giay-chung-nhan-sk-2022-0001.docx' },
      { path: `/effect-items/${ids.effectItem}/giay-xac-nhan.docx`, action: 'document.effect_certificate', entityType: 'effect-item', entityId: ids.effectItem, summary: 'Tải giấy xác nhận hiệu quả áp dụng, phạm vi ảnh hưởng: giay-xac-nhan-hieu-qua-sk-2022-0001.docx' },
      { path: `/effect-items/${ids.effectItem}/quyet-dinh.docx`, action: 'document.effect_decision', entityType: 'effect-item', entityId: ids.effectItem, summary: 'Tải quyết định công nhận hiệu quả áp dụng, phạm vi ảnh hưởng: quyet-dinh-hieu-qua-sk-2022-0001.docx' },
    ];
    // Blank import templates hold no records: not audited, but listed so that every file route is decided.
    const blank = ['/units/import/template.csv', '/users/import/template.csv'];
    const pattern = (path: string) => path.replace(/\?.*$/, '').replace(/\/\d+\//g, '/:id/');
    expect([...downloads.map((d) => pattern(d.path)), ...blank].sort()).toEqual(downloadRoutes());

    for (const d of downloads) {
      const since = await lastId();
      const res = await admin.get(d.path).buffer(true).parse(binary as never);
      expect(`${d.path} ${res.status}`).toBe(`${d.path} 200`);
      // Recorded before the download ended: the event is there as soon as the file is.
      const events = await eventsAfter(since);
      expect(events.map((e) => `${d.path} ${e.action} ${e.entityType} ${e.entityId}`)).toEqual([`${d.path} ${d.action} ${d.entityType} ${d.entityId}`]);
      const [event] = events;
      expect(event.summary.startsWith(d.summary)).toBe(true);
      expect(event.actorId).toBe(await userId(t.db, 'admin'));
      expect(event.ip).toBe('127.0.0.1');
      if (d.rows) for (const sheet of await rowsOf(d.path, res.body as Buffer)) expect(`${d.path} ${event.summary}`).toContain(`${sheet.name ? `${sheet.name} ` : ''}${sheet.rows} dòng`);
    }
    const [list] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'export.list' AND summary LIKE ? ORDER BY id LIMIT 1`, ['%danh-sach-sang-kien.xlsx%']);
    expect(list.summary).toMatch(/; bộ lọc: năm 2022, từ khóa "cai cach"$/);
    for (const blankPath of blank) {
      const since = await lastId();
      expect((await admin.get(blankPath)).status).toBe(200);
      expect(await eventsAfter(since)).toEqual([]);
    }
    // A refused download records nothing.
    const member = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    const since = await lastId();
    expect((await member.get(`/rounds/${ids.round}/minutes.docx`)).status).toBe(403);
    expect((await admin.get('/programmes/999999/export.csv')).status).toBe(404);
    expect((await eventsAfter(since)).filter((e) => e.action !== 'auth.login')).toEqual([]);
  });

  const tryPassword = async (username: string, password: string) => {
    const agent = t.agent();
    const page = await agent.get('/login');
    return agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), username, password });
  };

  it('records a failed sign-in: the name tried and the address, never the password', async () => {
    const since = await lastId();
    const res = await tryPassword('TacGia ', 'Sai-mat-khau-123');
    expect(res.status).toBe(400);
    const events = await eventsAfter(since);
    expect(events.map((e) => [e.action, e.entityType, e.entityId, e.actorId, e.actorName, e.ip])).toEqual([['auth.login_failed', 'session', null, null, 'Khách', '127.0.0.1']]);
    expect(events[0].summary).toBe('Đăng nhập sai: tên đăng nhập "tacgia"');
    expect(JSON.stringify(events)).not.toContain('Sai-mat-khau');
    const page = await admin.get('/audit?action=auth.login_failed');
    expect(page.text).toContain('Đăng nhập sai: tên đăng nhập &quot;tacgia&quot;');
  });

  it('records no more failures than the throttle counts, and a name tried is kept short and on one line', async () => {
    const since = await lastId();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await tryPassword('khong.co.ai', `sai-${i}`)).status);
    // Five failures for one name from one address, then the throttle refuses before any check.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    expect((await eventsAfter(since)).map((e) => e.action)).toEqual(Array(5).fill('auth.login_failed'));
    const long = `dong1\r\ndong2\u0000${'x'.repeat(150)}`;
    const next = await lastId();
    expect((await tryPassword(long, 'sai')).status).toBe(400);
    const [event] = await eventsAfter(next);
    // The NUL is dropped with the body's (every form's) NUL characters; the line break becomes a space.
    expect(event.summary).toBe(`Đăng nhập sai: tên đăng nhập "dong1 dong2${'x'.repeat(64 - 'dong1 dong2'.length)}…"`);
  });

  it('labels every recorded action in Vietnamese on the audit page, the votes recorded from the minutes too', async () => {
    await t.db.query(`INSERT INTO audit_events ("actorId", "actorName", action, "entityType", "entityId", summary, ip) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      null,
      'Thư ký',
      'vote.record',
      'initiative',
      String(ids.initiative),
      'Ghi biểu quyết theo biên bản họp cho sáng kiến SK-2022-0001: thử nhãn',
      '127.0.0.1',
    ]);
    const page = await admin.get('/audit?q=thử nhãn');
    expect(page.text).toContain('<td>Ghi biểu quyết theo biên bản họp<div');
    expect(page.text).not.toContain('<td>vote.record');
    const codes = (await t.db.query('SELECT DISTINCT action FROM audit_events')) as { action: string }[];
    const all = await admin.get('/audit');
    const options = new Map([...all.text.matchAll(/<option value="([a-z_.]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]));
    for (const { action } of codes) expect(`${action} ${options.has(action) && options.get(action) !== action}`).toBe(`${action} true`);
  });
});
