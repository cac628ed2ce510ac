import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, userId } from './helpers/test-app';

/**
 * The council's progress: the results page says who has not submitted a sheet yet, the
 * secretary reminds them in one click (a notice each, with the count), and the round page
 * offers closing only once it can succeed. The province's 2026 demo round: SK-2026-0003 has
 * hoidong1's sheet submitted, hoidong2's begun, none from hoidong3.
 */
describe("the council's progress and reminders", () => {
  let t: TestApp;
  let roundId: number;
  const name = async (username: string) => (await t.db.query('SELECT "fullName" FROM users WHERE username = ?', [username]))[0].fullName as string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    [{ id: roundId }] = await t.db.query(`SELECT "roundId" AS id FROM initiatives WHERE code = 'SK-2026-0003'`);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it("puts the council's work on the secretary's home page: submissions waiting for a round, sheets missing, decisions to come", async () => {
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const home = await secretary.get('/');
    expect(home.text).toContain('Việc của hội đồng');
    const waiting = await secretary.get('/initiatives/awaiting-round');
    const listed = (waiting.text.match(/href="\/initiatives\/\d+"/g) ?? []).length;
    expect(listed).toBeGreaterThan(0);
    expect(home.text).toContain(`<a href="/initiatives/awaiting-round"><strong>${listed}</strong> sáng kiến đã nộp đang chờ đưa vào đợt xét</a>`);
    expect(home.text).toContain(`<a href="/rounds/${roundId}/results">2 phiếu chấm chưa nộp (2 thành viên)</a>`);
    expect(home.text).toContain('1 sáng kiến chưa có quyết định');
    // A council member who manages nothing has no such section.
    const member = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    expect((await member.get('/')).text).not.toContain('Việc của hội đồng');
  });

  it("puts the programmes past their reporting deadline on the administrator's home page, with how many units have not finished", async () => {
    const [programme] = await t.db.query(`SELECT id, title FROM programmes WHERE "reportDeadline" = '2023-11-30'`);
    const [{ n }] = await t.db.query(`SELECT COUNT(DISTINCT "unitId") AS n FROM adoptions WHERE "programmeId" = ? AND status NOT IN ('adopted', 'not_adopted') AND "removedAt" IS NULL`, [programme.id]);
    expect(Number(n)).toBeGreaterThan(0);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const home = await admin.get('/');
    expect(home.text).toContain('Kế hoạch nhân rộng quá hạn báo cáo');
    expect(home.text).toContain(`<a href="/programmes/${programme.id}">${programme.title}</a> <span class="badge text-bg-danger">hạn 30/11/2023</span><div class="small text-body-secondary">${Number(n)} đơn vị chưa báo cáo xong`);
    // Not for an author.
    expect((await (await signIn(t.agent(), 'tacgia', DEMO_PASSWORD)).get('/')).text).not.toContain('Kế hoạch nhân rộng quá hạn báo cáo');
  });

  it('names the members who have not submitted, in view', async () => {
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const page = await secretary.get(`/rounds/${roundId}/results`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Chưa nộp phiếu: ${await name('hoidong2')}, ${await name('hoidong3')}</div>`);
    expect(page.text).toContain('Nhắc 2 thành viên chưa nộp phiếu');
  });

  it('reminds those two once each, with the count, and audits it; a council member may not', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const refused = await member.post(`/rounds/${roundId}/remind-members`).type('form').send({ _csrf: csrfOf((await member.get('/')).text) });
    expect(refused.status).toBe(403);
    expect(await count(t.db, 'notifications', `kind = 'review-reminder'`)).toBe(0);

    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const page = await secretary.get(`/rounds/${roundId}/results`);
    const res = await secretary.post(`/rounds/${roundId}/remind-members`).type('form').send({ _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/rounds/${roundId}/results`);
    for (const username of ['hoidong2', 'hoidong3']) {
      const [notice] = await t.db.query(`SELECT message, link FROM notifications WHERE kind = 'review-reminder' AND "userId" = ?`, [await userId(t.db, username)]);
      expect(notice).toEqual({ message: 'Đợt xét "Đợt xét sáng kiến cải cách hành chính năm 2026": bạn còn 1 phiếu chấm chưa nộp.', link: '/reviews' });
    }
    expect(await count(t.db, 'notifications', `kind = 'review-reminder' AND "userId" = ?`, [await userId(t.db, 'hoidong1')])).toBe(0);
    expect(await count(t.db, 'audit_events', `action = 'round.remind-members' AND "entityId" = ?`, [String(roundId)])).toBe(1);
    expect((await secretary.get(`/rounds/${roundId}/results`)).text).toContain('Đã nhắc 2 thành viên');
  });
});
