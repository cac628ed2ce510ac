import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

describe('rounds, criteria and councils', () => {
  let t: TestApp;
  let secretary: TestAgent;
  let token: string;
  let roundId: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    token = csrfOf((await secretary.get('/rounds/new')).text);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('shows the 2022 round with its council and the default sheet', async () => {
    const list = await secretary.get('/rounds');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Đợt xét sáng kiến cải cách hành chính năm 2022');
    const [round] = await t.db.query('SELECT id FROM rounds WHERE year = 2022');
    const page = await secretary.get(`/rounds/${round.id}`);
    expect(page.text).toContain('Trương Quang Vinh — Chủ tịch hội đồng');
    expect(page.text).toContain('Tính mới');
    expect(page.text).toMatch(/<th class="text-end">100<\/th>/);
  });

  it('creates a round, open, with the default criteria (total 100) and audits it', async () => {
    const res = await secretary.post('/rounds/new').type('form').send({ _csrf: token, year: '2026', name: 'Đợt xét sáng kiến năm 2026', organisingUnitId: String(await unitId(t.db, 'QT')), submissionStart: '01/06/2026', submissionEnd: '30/09/2026', threshold: '70,5' });
    expect(res.status).toBe(303);
    roundId = Number(res.headers.location.split('/').pop());
    const [row] = await t.db.query('SELECT * FROM rounds WHERE id = ?', [roundId]);
    expect(row).toMatchObject({ status: 'open', threshold: 70.5, submissionEnd: '2026-09-30', conflictSameUnit: 0 });
    const criteria = await t.db.query('SELECT name, "maxPoints" FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId]);
    expect(criteria.map((c: { maxPoints: number }) => c.maxPoints)).toEqual([30, 20, 20, 30]);
    expect(await count(t.db, 'audit_events', "action = 'round.create'")).toBe(1);
    // Open rounds are offered on the initiative form.
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    expect((await author.get('/initiatives/new')).text).toContain('Đợt xét sáng kiến năm 2026');
  });

  it('refuses a bad round form, keeping what was typed', async () => {
    const before = await count(t.db, 'rounds');
    const res = await secretary.post('/rounds/new').type('form').send({ _csrf: token, year: 'năm nay', name: '', submissionStart: '01/10/2026', submissionEnd: '01/06/2026', threshold: 'cao' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Năm phải là số nguyên');
    expect(res.text).toContain('Vui lòng nhập tên đợt xét.');
    expect(await count(t.db, 'rounds')).toBe(before);
    const res2 = await secretary.post('/rounds/new').type('form').send({ _csrf: token, year: '2026', name: 'Thử', submissionStart: '01/10/2026', submissionEnd: '01/06/2026', threshold: 'cao' });
    expect(res2.text).toContain('Ngày kết thúc phải sau ngày bắt đầu nhận hồ sơ.');
    expect(res2.text).toContain('Ngưỡng điểm phải là một số không âm.');
    expect(res2.text).toContain('value="Thử"');
  });

  it('saves criteria with bands and weights, refusing bad rows', async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams({ _csrf: token, ...fields }).toString();
    const bad = await secretary.post(`/rounds/${roundId}/criteria`).type('form').send(form({ 'criteria[0][name]': 'Tính mới', 'criteria[0][maxPoints]': '0', 'criteria[0][bands]': 'rất mới', 'criteria[1][name]': '', 'criteria[1][maxPoints]': '20' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Điểm tối đa phải là số lớn hơn 0.');
    expect(bad.text).toContain('Ghi mỗi mức theo dạng');
    expect(bad.text).toContain('Vui lòng nhập tên tiêu chí.');
    expect(await count(t.db, 'criteria', '"roundId" = ?', [roundId])).toBe(4);

    const ok = await secretary.post(`/rounds/${roundId}/criteria`).type('form').send(
      form({
        'criteria[0][name]': 'Tính mới, sáng tạo',
        'criteria[0][maxPoints]': '40',
        'criteria[0][bands]': '35-40: hoàn toàn mới; 0: không mới',
        'criteria[1][name]': 'Hiệu quả',
        'criteria[1][maxPoints]': '30',
        'criteria[1][weight]': '2',
      }),
    );
    expect(ok.status).toBe(303);
    const rows = await t.db.query('SELECT name, "maxPoints", weight, bands FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ name: 'Hiệu quả', maxPoints: 30, weight: 2 });
    expect(JSON.parse(rows[0].bands)[0]).toEqual({ min: 35, max: 40, label: 'hoàn toàn mới' });
    expect((await secretary.get(`/rounds/${roundId}`)).text).toMatch(/<th class="text-end">100<\/th>/);
  });

  it('copies criteria from an earlier round', async () => {
    const [old] = await t.db.query('SELECT id FROM rounds WHERE year = 2022');
    const res = await secretary.post(`/rounds/${roundId}/criteria/copy`).type('form').send({ _csrf: token, sourceRoundId: String(old.id) });
    expect(res.status).toBe(303);
    const rows = await t.db.query('SELECT name, bands FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId]);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['Tính mới', 'Tính khoa học, khả thi', 'Khả năng áp dụng, nhân rộng', 'Hiệu quả']);
    expect(JSON.parse(rows[0].bands)).toHaveLength(5);
  });

  it('builds the council: adds members with roles, refuses a second chair or a duplicate, removes', async () => {
    const add = (userIdValue: number, role: string) => secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(userIdValue), role });
    expect((await add(await userId(t.db, 'hoidong1'), 'chair')).status).toBe(303);
    expect((await add(await userId(t.db, 'hoidong2'), 'member')).status).toBe(303);
    const second = await add(await userId(t.db, 'hoidong3'), 'chair');
    expect(second.status).toBe(400);
    expect(second.text).toContain('Hội đồng đã có Chủ tịch.');
    const dup = await add(await userId(t.db, 'hoidong2'), 'member');
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('đã có trong hội đồng');
    expect(await count(t.db, 'council_members', '"roundId" = ?', [roundId])).toBe(2);
    const [member] = await t.db.query('SELECT id FROM council_members WHERE "roundId" = ? AND role = ?', [roundId, 'member']);
    expect((await secretary.post(`/rounds/${roundId}/council/${member.id}/remove`).type('form').send({ _csrf: token })).status).toBe(303);
    expect(await count(t.db, 'council_members', '"roundId" = ?', [roundId])).toBe(1);
  });

  it('moves the round on: open → evaluating → closed, then no further', async () => {
    expect((await secretary.post(`/rounds/${roundId}/advance`).type('form').send({ _csrf: token })).status).toBe(303);
    expect((await t.db.query('SELECT status FROM rounds WHERE id = ?', [roundId]))[0].status).toBe('evaluating');
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    expect((await author.get('/initiatives/new')).text).not.toContain('Đợt xét sáng kiến năm 2026');
    await secretary.post(`/rounds/${roundId}/advance`).type('form').send({ _csrf: token });
    expect((await t.db.query('SELECT status FROM rounds WHERE id = ?', [roundId]))[0].status).toBe('closed');
    const again = await secretary.post(`/rounds/${roundId}/advance`).type('form').send({ _csrf: token });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Đợt xét đã kết thúc.');
  });

  it('answers 403 to authors and council members for managing pages', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    expect((await author.get('/rounds')).status).toBe(403);
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await member.get('/rounds')).status).toBe(200);
    expect((await member.get(`/rounds/${roundId}/criteria`)).status).toBe(403);
    const res = await member.post('/rounds/new').type('form').send({ _csrf: csrfOf((await member.get('/rounds')).text), year: '2027', name: 'Không được', threshold: '70' });
    expect(res.status).toBe(403);
  });

  describe('the round page of the 2026 demo round (evaluating, one initiative under review)', () => {
    let round2026: number;
    const links = (html: string) => ({
      edit: html.includes(`href="/rounds/${round2026}/edit"`),
      criteria: html.includes(`href="/rounds/${round2026}/criteria"`),
      council: html.includes(`href="/rounds/${round2026}/council"`),
      assignments: html.includes(`href="/rounds/${round2026}/assignments"`),
      results: html.includes(`href="/rounds/${round2026}/results"`),
      votes: html.includes(`href="/rounds/${round2026}/votes"`),
      minutes: html.includes(`href="/rounds/${round2026}/minutes"`),
      advance: html.includes(`action="/rounds/${round2026}/advance"`),
    });
    const none = { edit: false, criteria: false, council: false, assignments: false, results: false, votes: false, minutes: false, advance: false };

    beforeAll(async () => {
      [{ id: round2026 }] = await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét sáng kiến cải cách hành chính năm 2026'`);
    });

    it('shows each person only the buttons they may use (no button leading to a 403)', async () => {
      const as = async (username: string) => {
        const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
        const page = await agent.get(`/rounds/${round2026}`);
        expect(page.status).toBe(200);
        const shown = links(page.text);
        // Every button shown opens for this person.
        for (const [name, on] of Object.entries(shown)) {
          if (on && name !== 'advance') expect([name, (await agent.get(`/rounds/${round2026}/${name}`)).status]).toEqual([name, 200]);
        }
        return shown;
      };
      // A plain member of the round's council: the ballot only.
      expect(await as('hoidong3')).toEqual({ ...none, votes: true });
      // The chair: the ballot and the council's documents.
      expect(await as('hoidong1')).toEqual({ ...none, votes: true, minutes: true });
      // The secretary, seated on this council: everything but closing, which cannot succeed yet (an initiative has no decision).
      expect(await as('thuky')).toEqual({ edit: true, criteria: true, council: true, assignments: true, results: true, votes: true, minutes: true, advance: false });
      // The admin, not seated: the same but the ballot (a seat is needed there).
      expect(await as('admin')).toEqual({ edit: true, criteria: true, council: true, assignments: true, results: true, votes: false, minutes: true, advance: false });
      const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
      expect((await admin.get(`/rounds/${round2026}/votes`)).status).toBe(403);
    });

    it('refuses to close the round while an initiative has no decision, listing it with a link to its decision page', async () => {
      const [waiting] = await t.db.query(`SELECT id, code FROM initiatives WHERE "roundId" = ? AND status = 'under_review'`, [round2026]);
      const page = await secretary.get(`/rounds/${round2026}`);
      // No button that cannot succeed: what is missing instead, with links to each decision page.
      expect(page.text).not.toContain(`action="/rounds/${round2026}/advance"`);
      expect(page.text).toContain('Chưa kết thúc được đợt xét');
      expect(page.text).toContain('Còn 1 sáng kiến chưa có quyết định');
      expect(page.text).toContain(`href="/initiatives/${waiting.id}/decision"`);

      const refused = await secretary.post(`/rounds/${round2026}/advance`).type('form').send({ _csrf: csrfOf(page.text) });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(`id="advance-error">Chưa kết thúc được đợt xét: 1 sáng kiến chưa có quyết định (${waiting.code}).`);
      expect(refused.text).toContain(`<a href="/initiatives/${waiting.id}/decision">${waiting.code} — `);
      expect((await t.db.query('SELECT status FROM rounds WHERE id = ?', [round2026]))[0].status).toBe('evaluating');
      expect(await count(t.db, 'audit_events', `action = 'round.status' AND "entityId" = ?`, [String(round2026)])).toBe(0);

      // Returned to its authors for revision: it comes back to this round's council, so the round stays open.
      await t.db.query(`UPDATE initiatives SET status = 'returned' WHERE id = ?`, [waiting.id]);
      const stillOpen = await secretary.post(`/rounds/${round2026}/advance`).type('form').send({ _csrf: csrfOf(page.text) });
      expect(stillOpen.status).toBe(400);
      expect(stillOpen.text).toContain(`Chưa kết thúc được đợt xét: 1 sáng kiến chưa có quyết định (${waiting.code}).`);

      // Once it has its decision, the page offers closing, saying what it means before it is done; the round closes.
      await t.db.query(`UPDATE initiatives SET status = 'not_recognized' WHERE id = ?`, [waiting.id]);
      const ready = await secretary.get(`/rounds/${round2026}`);
      expect(ready.text).toContain(`action="/rounds/${round2026}/advance"`);
      expect(ready.text).toContain('data-confirm="Kết thúc đợt xét');
      expect(ready.text).toContain('không phân công chấm được nữa, không đổi được ngưỡng công nhận');
      const closed = await secretary.post(`/rounds/${round2026}/advance`).type('form').send({ _csrf: csrfOf(page.text) });
      expect(closed.status).toBe(303);
      expect((await t.db.query('SELECT status FROM rounds WHERE id = ?', [round2026]))[0].status).toBe('closed');
      // Closed: no ballot button for its members any more.
      const member = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
      expect(links((await member.get(`/rounds/${round2026}`)).text)).toEqual(none);
    });
  });

  it('never ends with a closed round holding an initiative without a decision when closing and attaching run at once', async () => {
    const thisYear = new Date().getFullYear();
    const created = await secretary.post('/rounds/new').type('form').send({ _csrf: token, year: String(thisYear), name: 'Đợt xét đóng và nhận cùng lúc', threshold: '70' });
    expect(created.status).toBe(303);
    const id = Number(created.headers.location.split('/').pop());
    expect((await secretary.post(`/rounds/${id}/advance`).type('form').send({ _csrf: token })).status).toBe(303);
    const [waiting] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'submitted' AND "roundId" IS NULL ORDER BY id LIMIT 1`);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const adminToken = csrfOf((await admin.get('/initiatives/awaiting-round')).text);
    await Promise.all([
      secretary.post(`/rounds/${id}/advance`).type('form').send({ _csrf: token }),
      admin.post(`/initiatives/${waiting.id}/round`).type('form').send({ _csrf: adminToken, roundId: String(id) }),
    ]);
    const [round] = await t.db.query('SELECT status FROM rounds WHERE id = ?', [id]);
    const [row] = await t.db.query('SELECT "roundId" FROM initiatives WHERE id = ?', [waiting.id]);
    // Either the initiative went in first (and the round stays open for its decision), or the round closed first (and took nothing).
    if (row.roundId === id) expect(round.status).toBe('evaluating');
    else expect([round.status, row.roundId]).toEqual(['closed', null]);
  });
});
