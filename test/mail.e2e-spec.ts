import { AddressInfo, createServer, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import TestAgent from 'supertest/lib/agent';
import { formatDate, todayIso } from '../src/common/dates';
import { UnitOfWork } from '../src/database/unit-of-work';
import { NotificationDigest } from '../src/notifications/notification-digest';
import { NotificationsService } from '../src/notifications/notifications.service';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

/** A message as the SMTP server received it, decoded. */
interface Received {
  from: string;
  to: string[];
  subject: string;
  /** The To header, decoded (the name shown with the address). */
  toHeader: string;
  contentType: string;
  text: string;
}

/** Decodes the RFC 2047 encoded words of a header ("=?UTF-8?Q?Nh=E1=BA=AFc?="). */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
  );
}

/** Quoted-printable to UTF-8 text. */
function qp(s: string): string {
  const bytes: number[] = [];
  const flat = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '=' && /^[0-9A-F]{2}$/i.test(flat.slice(i + 1, i + 3))) {
      bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(flat[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A single-part text message (what the app sends): headers and body decoded. */
function parse(raw: string, from: string, to: string[]): Received {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? qp(body) : body;
  return { from, to, subject: decodeWords(headers.get('subject') ?? ''), toHeader: decodeWords(headers.get('to') ?? ''), contentType: headers.get('content-type') ?? '', text: text.replace(/\r\n/g, '\n') };
}

/** A real SMTP server on a free port of this machine, keeping what it receives; it can be told to refuse. */
async function startSmtp() {
  const received: Received[] = [];
  /** refuse: 550 (never); busy: 421 (later) to that many messages to an address, each counted in `deferred`. */
  const state = { refuse: false, busy: new Map<string, number>(), deferred: [] as string[] };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (state.refuse) return callback(Object.assign(new Error('Hệ thống thư tạm ngừng'), { responseCode: 550 }));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const busy = state.busy.get(address.address) ?? 0;
      if (busy > 0) {
        state.busy.set(address.address, busy - 1);
        state.deferred.push(address.address);
        return callback(Object.assign(new Error('Máy chủ bận, thử lại sau'), { responseCode: 421 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push(parse(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, state, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A mail server that accepts connections and never says a word (no greeting): what an overloaded or half-broken server does. */
async function startSilentSmtp() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let connections = 0;
  server.on('connection', () => connections++);
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Waits until `done` holds (e-mail goes after the change commits, not before the response). */
async function until(done: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting for e-mail');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A programme of two initiatives over four units, its report deadline past: every unit overdue. */
async function overdueProgramme(t: TestApp, admin: TestAgent): Promise<number> {
  const form = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2025', title: 'Nhân rộng sáng kiến năm 2025 — đợt bổ sung', issuingUnitId: String(await unitId(t.db, 'QT')), decisionNumber: '7/QĐ-UBND', decisionDate: '01/09/2025', reportDeadline: '30/11/2025' });
  for (const code of ['SK-2022-0005', 'SK-2022-0001']) form.append('initiativeIds', String((await t.db.query('SELECT id FROM initiatives WHERE code = ?', [code]))[0].id));
  for (const code of ['QT-VHOANG', 'QT-VLINH', 'QT-BQUAN', 'QT-SNV']) form.append('unitIds', String(await unitId(t.db, code)));
  const res = await admin.post('/programmes/new').type('form').send(form.toString());
  expect(res.status).toBe(303);
  return Number(res.headers.location.split('/').pop());
}

const flashOf = async (agent: TestAgent, path: string) => (await agent.get(path)).text;

describe('reminders and notices by e-mail (a real SMTP server)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let admin: TestAgent;
  let programmeId: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ demo: true, env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Kho sáng kiến Vĩnh Linh <sangkien@vinhlinh.gov.vn>', APP_URL: 'https://sangkien.vinhlinh.gov.vn', JOB_RETRY_SECONDS: '1' } });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    programmeId = await overdueProgramme(t, admin);
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  }, APP_HOOK_TIMEOUT);

  it('takes an e-mail address on the user form, refusing a malformed one and keeping what was typed', async () => {
    const id = await userId(t.db, 'daumoi.vinhthai');
    const page = await admin.get(`/users/${id}/edit`);
    expect(page.text).toContain('<label class="form-label" for="f-email">Thư điện tử</label>');
    const [u] = await t.db.query('SELECT "fullName", position, "unitId", roles FROM users WHERE id = ?', [id]);
    const form = (email: string) => {
      const f = new URLSearchParams({ _csrf: csrfOf(page.text), fullName: u.fullName, position: u.position, unitId: String(u.unitId), email });
      for (const r of String(u.roles).split(',')) f.append('roles', r);
      return f.toString();
    };
    const bad = await admin.post(`/users/${id}/edit`).type('form').send(form('thoa.vinhthai@'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Địa chỉ thư điện tử không hợp lệ');
    expect(bad.text).toContain('value="thoa.vinhthai@"');
    expect((await t.db.query('SELECT email FROM users WHERE id = ?', [id]))[0].email).toBe('');
    expect((await admin.post(`/users/${id}/edit`).type('form').send(form('thoa.vinhthai@vinhlinh.gov.vn'))).status).toBe(303);
    expect((await t.db.query('SELECT email FROM users WHERE id = ?', [id]))[0].email).toBe('thoa.vinhthai@vinhlinh.gov.vn');
  });

  it('ticks only the units a reminder can reach, and says why the others cannot be reached', async () => {
    const page = await admin.get(`/programmes/${programmeId}`);
    expect(page.status).toBe(200);
    const ticked = [...page.text.matchAll(/name="unitIds" value="(\d+)"[^>]*checked/g)].map((m) => Number(m[1]));
    expect(ticked.sort()).toEqual([await unitId(t.db, 'QT-VHOANG'), await unitId(t.db, 'QT-VLINH')].sort());
    expect(page.text).toContain('Không nhắc được 2 đơn vị (chưa có ai nhận nhắc nhở):');
    expect(page.text).toContain('<li>Sở Nội vụ — chưa có đầu mối CCHC</li>');
    expect(page.text).toContain('<li>UBND xã Bến Quan — đơn vị không có tài khoản nào đang hoạt động</li>');
  });

  it('reminds by e-mail as well as on the home page, and reports precisely who was reached and who not', async () => {
    await t.db.query(`UPDATE users SET email = 'hanh.vinhhoa@vinhlinh.gov.vn' WHERE username = 'daumoi.vinhhoa'`);
    const before = smtp.received.length;
    const page = await admin.get(`/programmes/${programmeId}`);
    // Every overdue unit posted, the unreachable ones too (as a hand-made request could).
    const form = new URLSearchParams({ _csrf: csrfOf(page.text) });
    for (const code of ['QT-VHOANG', 'QT-VLINH', 'QT-BQUAN', 'QT-SNV']) form.append('unitIds', String(await unitId(t.db, code)));
    const res = await admin.post(`/programmes/${programmeId}/remind`).type('form').send(form.toString());
    expect(res.status).toBe(303);
    const shown = await flashOf(admin, res.headers.location);
    expect(shown).toContain('Đã gửi nhắc nhở tới 2 đơn vị (2 đầu mối), hiện trên trang chủ của họ và qua thư điện tử (2 thư).');
    expect(shown).toContain('2 đơn vị không nhắc được: UBND xã Bến Quan (đơn vị không có tài khoản nào đang hoạt động); Sở Nội vụ (chưa có đầu mối CCHC).');
    await until(() => smtp.received.length >= before + 2);
    const mails = smtp.received.slice(before);
    expect(mails.map((m) => m.to).flat().sort()).toEqual(['hanh.vinhhoa@vinhlinh.gov.vn', 'thoa.vinhthai@vinhlinh.gov.vn']);
    const thoa = mails.find((m) => m.to[0] === 'thoa.vinhthai@vinhlinh.gov.vn') as Received;
    expect(thoa.from).toBe('sangkien@vinhlinh.gov.vn');
    expect(thoa.subject).toBe('[Kho sáng kiến] Nhắc báo cáo kết quả áp dụng sáng kiến');
    expect(thoa.contentType.toLowerCase()).toContain('charset=utf-8');
    expect(thoa.text).toContain('Kính gửi Dương Thị Kim Thoa,');
    expect(thoa.text).toContain('Nhắc báo cáo kết quả áp dụng sáng kiến: "Nhân rộng sáng kiến năm 2025 — đợt bổ sung" — UBND xã Vĩnh Linh còn 2 sáng kiến chưa báo cáo xong (hạn 30/11/2025).');
    expect(thoa.text).toContain(`Xem chi tiết: https://sangkien.vinhlinh.gov.vn/units/${await unitId(t.db, 'QT-VLINH')}/adoptions`);
    // The in-app notice is kept.
    const focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await focal.get('/')).text).toContain('Nhắc báo cáo kết quả áp dụng sáng kiến: &quot;Nhân rộng sáng kiến năm 2025 — đợt bổ sung&quot;');
  });

  it("e-mails another notice: the initiative's author hears that a unit adopted it", async () => {
    const before = smtp.received.length;
    const [record] = await t.db.query(`SELECT a.id FROM adoptions a JOIN initiatives i ON i.id = a."initiativeId" WHERE a."programmeId" = ? AND a."unitId" = ? AND i.code = 'SK-2022-0005'`, [programmeId, await unitId(t.db, 'QT-BQUAN')]);
    const page = await admin.get(`/adoptions/${record.id}`);
    const res = await admin.post(`/adoptions/${record.id}`).type('form').send({ _csrf: csrfOf(page.text), status: 'adopted', adoptedDate: '15/10/2025' });
    expect(res.status).toBe(303);
    await until(() => smtp.received.slice(before).some((m) => m.subject.includes('được đơn vị khác áp dụng')));
    const mail = smtp.received.slice(before).find((m) => m.subject.includes('được đơn vị khác áp dụng')) as Received;
    expect(mail.to).toEqual(['thoa.vinhthai@vinhlinh.gov.vn']);
    expect(mail.subject).toBe('[Kho sáng kiến] Sáng kiến của bạn được đơn vị khác áp dụng');
    expect(mail.text).toMatch(/UBND xã Bến Quan đã áp dụng sáng kiến "Niêm yết, tra cứu thông tin thủ tục hành chính/);
  });

  /** An initiative of the demo in this status (entered in the app), the account that filed it given an e-mail address. */
  async function withMail(status: 'under_review' | 'submitted', address: string): Promise<{ id: number; title: string; email: string }> {
    const [row] = await t.db.query(`SELECT id, title, "createdById" FROM initiatives WHERE status = ? AND "paperRecord" = ? ORDER BY id LIMIT 1`, [status, false]);
    expect(row).toBeDefined();
    await t.db.query('UPDATE users SET email = ? WHERE id = ?', [address, row.createdById]);
    return { id: Number(row.id), title: String(row.title), email: address };
  }

  it('e-mails the outcome naming the decision it announces, and for a refusal its reason', async () => {
    const target = await withMail('under_review', 'tacgia.ketqua@vinhlinh.gov.vn');
    const before = smtp.received.length;
    const page = await admin.get(`/initiatives/${target.id}/decision`);
    const date = new Date().toISOString().slice(0, 10).split('-').reverse().join('/');
    const res = await admin
      .post(`/initiatives/${target.id}/decision`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), outcome: 'not_recognized', number: '31/QĐ-UBND', date, place: 'Quảng Trị', signingMode: 'own', headTitle: 'CHỦ TỊCH', signerTitle: '', signerName: 'Lê Văn Ký', reasons: 'Giải pháp đã được áp dụng rộng rãi trước đó', level: '' });
    expect(res.status).toBe(303);
    const subject = '[Kho sáng kiến] Kết quả xét công nhận sáng kiến';
    await until(() => smtp.received.slice(before).some((m) => m.subject === subject && m.to.includes(target.email)));
    const mail = smtp.received.slice(before).find((m) => m.subject === subject && m.to.includes(target.email)) as Received;
    const flat = mail.text.replace(/\s+/g, ' ');
    expect(flat).toContain(`không được công nhận theo Quyết định số 31/QĐ-UBND ngày ${date}. Lý do: Giải pháp đã được áp dụng rộng rãi trước đó.`);
    // The notice on the home page says the same.
    const [notice] = await t.db.query(`SELECT message FROM notifications WHERE kind = 'decision' AND link = ? ORDER BY id DESC LIMIT 1`, [`/initiatives/${target.id}`]);
    expect(notice.message).toContain('Quyết định số 31/QĐ-UBND');
    expect(notice.message).toContain('Lý do: Giải pháp đã được áp dụng rộng rãi trước đó.');
  });

  it('e-mails a return for revision with what is to be added', async () => {
    const target = await withMail('submitted', 'tacgia.bosung@vinhlinh.gov.vn');
    const before = smtp.received.length;
    const page = await admin.get(`/initiatives/${target.id}/decision`);
    const res = await admin.post(`/initiatives/${target.id}/return`).type('form').send({ _csrf: csrfOf(page.text), note: 'Bổ sung số liệu hiệu quả của năm thứ hai' });
    expect(res.status).toBe(303);
    const subject = '[Kho sáng kiến] Sáng kiến được trả lại để bổ sung';
    await until(() => smtp.received.slice(before).some((m) => m.subject === subject && m.to.includes(target.email)));
    const mail = smtp.received.slice(before).find((m) => m.subject === subject && m.to.includes(target.email)) as Received;
    expect(mail.text.replace(/\s+/g, ' ')).toContain('được trả lại để bổ sung. Nội dung cần bổ sung: Bổ sung số liệu hiệu quả của năm thứ hai.');
  });

  it('sends one who chose it a daily message of their unread notices instead of one e-mail each: once a day, from 7:00', async () => {
    const address = 'hoidong3@quangtri.gov.vn';
    await t.db.query('UPDATE users SET email = ? WHERE username = ?', [address, 'hoidong3']);
    const member = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    const page = await member.get('/notifications');
    expect(page.text).toContain(`Thông báo được gửi tới ${address}:`);
    expect(page.text).toMatch(/id="f-emailMode" value="each" checked/);
    // A choice that is neither is refused beside the field, nothing saved.
    const bad = await member.post('/notifications/email').type('form').send({ _csrf: csrfOf(page.text), emailMode: 'weekly' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-emailMode-error">Vui lòng chọn cách nhận thư.</div>');
    const chosen = await member.post('/notifications/email').type('form').send({ _csrf: csrfOf(page.text), emailMode: 'daily' });
    expect(chosen.status).toBe(303);
    expect((await member.get('/notifications')).text).toContain('Đã lưu: thông báo đến bằng một thư tổng hợp mỗi ngày, lúc 7 giờ sáng.');
    expect((await t.db.query(`SELECT summary FROM audit_events WHERE action = 'user.email-digest' ORDER BY id DESC`))[0].summary).toBe('Chọn nhận thông báo qua thư tổng hợp mỗi ngày');

    // Two notices: no e-mail goes for either (another person's, told with them, does).
    const me = await userId(t.db, 'hoidong3');
    const other = await userId(t.db, 'hoidong2');
    await t.db.query('UPDATE users SET email = ? WHERE id = ?', ['hoidong2@quangtri.gov.vn', other]);
    const notices = t.app.get(NotificationsService);
    const uow = t.app.get(UnitOfWork);
    await uow.run(() => notices.tell([me, other], 'review-reminder', 'Nhắc nộp phiếu chấm: còn 2 sáng kiến', '/reviews'));
    await uow.run(() => notices.tell([me], 'assignment', 'Phân công chấm sáng kiến SK-2026-0003', '/reviews'));
    await until(() => smtp.received.some((m) => m.to.includes('hoidong2@quangtri.gov.vn')));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter((m) => m.to.includes(address))).toHaveLength(0);

    // From 7:00 (Vietnam) one message lists both, with links; a second look the same day sends nothing.
    const sevenFive = new Date(`${todayIso()}T07:05:00+07:00`).getTime();
    const at = new Date(Math.max(Date.now() + 1000, sevenFive));
    const digest = t.app.get(NotificationDigest);
    expect(await digest.run(at)).toBe(1);
    const [message, ...more] = smtp.received.filter((m) => m.to.includes(address));
    expect(more).toHaveLength(0);
    expect(message.subject).toBe(`[Kho sáng kiến] 2 thông báo chưa đọc (thư tổng hợp ngày ${formatDate(todayIso(at))})`);
    expect(message.text).toContain('Bạn có 2 thông báo chưa đọc');
    expect(message.text.indexOf('Nhắc nộp phiếu chấm: còn 2 sáng kiến')).toBeLessThan(message.text.indexOf('Phân công chấm sáng kiến SK-2026-0003'));
    expect(message.text).toContain('Xem: https://sangkien.vinhlinh.gov.vn/reviews');
    expect(message.text).toContain('Tất cả thông báo: https://sangkien.vinhlinh.gov.vn/notifications');
    expect(await digest.run(new Date(at.getTime() + 60_000))).toBe(0);
    expect(smtp.received.filter((m) => m.to.includes(address))).toHaveLength(1);
    // Back to one e-mail per notice.
    expect((await member.post('/notifications/email').type('form').send({ _csrf: csrfOf(page.text), emailMode: 'each' })).status).toBe(303);
    await uow.run(() => notices.tell([me], 'assignment', 'Phân công chấm sáng kiến SK-2026-0004', '/reviews'));
    await until(() => smtp.received.some((m) => m.to.includes(address) && m.text.includes('SK-2026-0004')));
  });

  it('a mail server that refuses fails neither the reminder nor the report: the notices are kept, and the reminder says the e-mail failed', async () => {
    smtp.state.refuse = true;
    try {
      const notices = await count(t.db, 'notifications', "kind = 'reminder'");
      const page = await admin.get(`/programmes/${programmeId}`);
      const res = await admin.post(`/programmes/${programmeId}/remind`).type('form').send({ _csrf: csrfOf(page.text), unitIds: String(await unitId(t.db, 'QT-VLINH')), reason: 'Thử lại khi máy chủ thư từ chối' }); // QT-VLINH was reminded earlier today
      expect(res.status).toBe(303);
      const shown = await flashOf(admin, res.headers.location);
      expect(shown).toContain('Đã gửi nhắc nhở tới 1 đơn vị (1 đầu mối), hiện trên trang chủ của họ.');
      expect(shown).toContain('Không gửi được 1 thư điện tử (máy chủ thư không nhận); nhắc nhở vẫn hiện trên trang chủ của người nhận.');
      expect(await count(t.db, 'notifications', "kind = 'reminder'")).toBe(notices + 1);
      const [record] = await t.db.query(`SELECT a.id FROM adoptions a JOIN initiatives i ON i.id = a."initiativeId" WHERE a."programmeId" = ? AND a."unitId" = ? AND i.code = 'SK-2022-0005'`, [programmeId, await unitId(t.db, 'QT-SNV')]);
      const form = await admin.get(`/adoptions/${record.id}`);
      const report = await admin.post(`/adoptions/${record.id}`).type('form').send({ _csrf: csrfOf(form.text), status: 'adopted', adoptedDate: '20/10/2025' });
      expect(report.status).toBe(303);
      expect((await t.db.query('SELECT status FROM adoptions WHERE id = ?', [record.id]))[0].status).toBe('adopted');
    } finally {
      smtp.state.refuse = false;
    }
  });

  it('tries again, a second later, a message the mail server could not take yet (421), and delivers it once', async () => {
    const address = 'tacgia.thulai@quangtri.gov.vn';
    const me = await userId(t.db, 'hoidong1');
    await t.db.query('UPDATE users SET email = ?, "emailDigest" = ? WHERE id = ?', [address, false, me]);
    smtp.state.busy.set(address, 1);
    const told = await t.app.get(UnitOfWork).run(() => t.app.get(NotificationsService).tell([me], 'assignment', 'Phân công chấm sáng kiến SK-2026-0009', '/reviews'));
    await expect(told.email).resolves.toEqual({ enabled: true, sent: 1, failed: 0 });
    expect(smtp.state.deferred).toEqual([address]);
    expect(smtp.received.filter((m) => m.to.includes(address))).toHaveLength(1);
  });

  it('names a locked focal point as the reason a unit cannot be reached', async () => {
    const id = await userId(t.db, 'daumoi.vinhhoa');
    const edit = await admin.get(`/users/${id}/edit`);
    expect((await admin.post(`/users/${id}/deactivate`).type('form').send({ _csrf: csrfOf(edit.text) })).status).toBe(303);
    const page = await admin.get(`/programmes/${programmeId}`);
    expect(page.text).toContain('<li>UBND xã Vĩnh Hoàng — tài khoản đầu mối CCHC đã bị khóa</li>');
    expect(page.text).not.toContain(`name="unitIds" value="${await unitId(t.db, 'QT-VHOANG')}"`);
  });
});

describe('names and titles with line breaks in e-mail', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let admin: TestAgent;
  let programmeId: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ demo: true, env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'sangkien@vinhlinh.gov.vn' } });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    programmeId = await overdueProgramme(t, admin);
    // A focal point imported from CSV with a line break inside the quoted name (as a spreadsheet writes one).
    const page = await admin.get('/users/import');
    const csv = 'username,full_name,position,unit_code,roles\r\ndaumoi.xuongdong,"Nguyễn\r\nVăn Xuống Dòng","Công chức\nVăn phòng",QT-VLINH,unit_focal\r\n';
    expect((await admin.post('/users/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'nguoi-dung.csv')).status).toBe(303);
    expect((await t.db.query(`SELECT "fullName" FROM users WHERE username = 'daumoi.xuongdong'`))[0].fullName).toBe('Nguyễn\r\nVăn Xuống Dòng');
    await t.db.query(`UPDATE users SET email = 'xuongdong@vinhlinh.gov.vn' WHERE username = 'daumoi.xuongdong'`);
    await t.db.query(`UPDATE programmes SET title = ? WHERE id = ?`, ['Nhân rộng sáng kiến\r\nBcc: ai@vi.du\nnăm 2025', programmeId]);
    await t.db.query(`UPDATE units SET name = ? WHERE code = 'QT-VLINH'`, ['UBND xã\nVĩnh Linh']);
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  }, APP_HOOK_TIMEOUT);

  // One reminder (a unit is reminded once a day), read by both tests.
  let reminded: Promise<Received> | null = null;
  const remind = () => (reminded ??= sendReminder());
  const sendReminder = async () => {
    const before = smtp.received.length;
    const page = await admin.get(`/programmes/${programmeId}`);
    const res = await admin.post(`/programmes/${programmeId}/remind`).type('form').send({ _csrf: csrfOf(page.text), unitIds: String(await unitId(t.db, 'QT-VLINH')) });
    expect(res.status).toBe(303);
    await until(() => smtp.received.slice(before).some((m) => m.to.includes('xuongdong@vinhlinh.gov.vn')));
    return smtp.received.slice(before).find((m) => m.to.includes('xuongdong@vinhlinh.gov.vn')) as Received;
  };

  it("puts a name imported with a line break on one line, in the greeting and the To header", async () => {
    const mail = await remind();
    expect(mail.text).toContain('Kính gửi Nguyễn Văn Xuống Dòng,\n');
    expect(mail.toHeader).toContain('Nguyễn Văn Xuống Dòng');
    expect(mail.toHeader).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Kho sáng kiến] Nhắc báo cáo kết quả áp dụng sáng kiến');
  });

  it('puts titles and unit names with line breaks on one line in the body', async () => {
    const mail = await remind();
    expect(mail.text).toContain('Nhắc báo cáo kết quả áp dụng sáng kiến: "Nhân rộng sáng kiến Bcc: ai@vi.du năm 2025" — UBND xã Vĩnh Linh còn');
    // The body is the template's lines only: greeting, notice, link, footer.
    expect(mail.text.split('\n').filter(Boolean)).toHaveLength(5);
  });
});

describe('without SMTP settings', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  }, APP_HOOK_TIMEOUT);

  it('sends no e-mail, even to people with an address, and reminders and notices work in the app', async () => {
    await t.db.query(`UPDATE users SET email = 'thoa.vinhthai@vinhlinh.gov.vn' WHERE username = 'daumoi.vinhthai'`);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const programmeId = await overdueProgramme(t, admin);
    const page = await admin.get(`/programmes/${programmeId}`);
    const res = await admin.post(`/programmes/${programmeId}/remind`).type('form').send({ _csrf: csrfOf(page.text), unitIds: String(await unitId(t.db, 'QT-VLINH')) });
    expect(res.status).toBe(303);
    const shown = await flashOf(admin, res.headers.location);
    expect(shown).toContain('Đã gửi nhắc nhở tới 1 đơn vị (1 đầu mối), hiện trên trang chủ của họ.');
    expect(shown).not.toContain('thư điện tử');
    const focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await focal.get('/')).text).toContain('Nhắc báo cáo kết quả áp dụng sáng kiến');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received).toEqual([]);
  });
});

describe('a mail server that accepts connections but never answers', () => {
  let silent: Awaited<ReturnType<typeof startSilentSmtp>>;
  let t: TestApp;

  beforeAll(async () => {
    silent = await startSilentSmtp();
    // One try per message: its outcome (after every try) is what the audit records.
    t = await createTestApp({ demo: true, env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(silent.port), SMTP_FROM: 'sangkien@vinhlinh.gov.vn', MAIL_RETRIES: '0' } });
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await t?.close();
    await silent?.close();
  }, APP_HOOK_TIMEOUT);

  it('does not hold the reminders: the page answers saying the e-mail is still being sent, the notices are saved, and the e-mail\'s outcome is recorded in the audit when known', async () => {
    await t.db.query(`UPDATE users SET email = 'thoa.vinhthai@vinhlinh.gov.vn' WHERE username = 'daumoi.vinhthai'`);
    await t.db.query(`UPDATE users SET email = 'hanh.vinhhoa@vinhlinh.gov.vn' WHERE username = 'daumoi.vinhhoa'`);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const programmeId = await overdueProgramme(t, admin);
    const notices = await count(t.db, 'notifications', "kind = 'reminder'");
    const page = await admin.get(`/programmes/${programmeId}`);
    const form = new URLSearchParams({ _csrf: csrfOf(page.text) });
    for (const code of ['QT-VHOANG', 'QT-VLINH']) form.append('unitIds', String(await unitId(t.db, code)));
    const res = await admin.post(`/programmes/${programmeId}/remind`).type('form').send(form.toString());
    expect(res.status).toBe(303);
    const shown = await flashOf(admin, res.headers.location);
    expect(shown).toContain('Đã gửi nhắc nhở tới 2 đơn vị (2 đầu mối), hiện trên trang chủ của họ.');
    expect(shown).toContain('Thư điện tử vẫn đang được gửi (máy chủ thư trả lời chậm). Kết quả gửi thư sẽ được ghi vào Nhật ký; nhắc nhở đã hiện trên trang chủ của người nhận.');
    expect(shown).not.toContain('Không gửi được');
    expect(await count(t.db, 'notifications', "kind = 'reminder'")).toBe(notices + 2);
    expect(silent.connections()).toBeGreaterThan(0);
    // The server never greets: nodemailer gives up on each message, and the outcome reaches the audit.
    const outcome = () => t.db.query(`SELECT summary FROM audit_events WHERE action = 'programme.remind' AND summary LIKE 'Kết quả gửi thư điện tử%'`);
    const end = Date.now() + 60_000;
    while ((await outcome()).length === 0) {
      if (Date.now() > end) throw new Error('timed out waiting for the e-mail outcome in the audit');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await outcome())[0].summary).toBe('Kết quả gửi thư điện tử nhắc báo cáo "Nhân rộng sáng kiến năm 2025 — đợt bổ sung": đã gửi 0 thư, không gửi được 2 thư (máy chủ thư không nhận hoặc không trả lời)');
    expect((await admin.get('/audit')).text).toContain('Kết quả gửi thư điện tử nhắc báo cáo');
  }, 120_000);
});
