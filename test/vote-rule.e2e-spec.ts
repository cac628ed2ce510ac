import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

/**
 * The vote rule is a setting of the round (its province's regulation): a round under "trên
 * 1/2" recognises with 3 of 5 members for, where today's 2/3 would need 4; the rule locks
 * once the council has voted, and the pages and the minutes say the rule used.
 */
describe('the vote rule of a round', () => {
  let t: TestApp;
  let secretary: TestAgent;
  let token: string;
  let roundId: number;
  let initiative: number;
  let fields: Record<string, string>;
  const members = ['hoidong1', 'hoidong2', 'hoidong3', 'hoidong.vinhhoang1', 'hoidong.vinhhoang2'];

  async function score(username: string, points: string[]) {
    const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
    const [{ id }] = await t.db.query(`SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" WHERE u.username = ? AND a."initiativeId" = ?`, [username, initiative]);
    const page = await agent.get(`/reviews/${id}`);
    const criteria = (await t.db.query('SELECT id FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId])).map((r: { id: number }) => r.id);
    const f = new URLSearchParams({ _csrf: csrfOf(page.text), intent: 'submit' });
    criteria.forEach((c: number, k: number) => f.append(`points[c${c}]`, points[k]));
    expect((await agent.post(`/reviews/${id}`).type('form').send(f.toString())).status).toBe(303);
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    token = csrfOf((await secretary.get('/rounds/new')).text);
    fields = { _csrf: token, year: '2026', name: 'Đợt xét theo quy chế mới', threshold: '70', submissionStart: '01/01/2026', submissionEnd: '31/12/2026', organisingUnitId: String(await unitId(t.db, 'QT')) };
    const created = await secretary.post('/rounds/new').type('form').send({ ...fields, voteRule: 'more_than_half' });
    expect(created.status).toBe(303);
    roundId = Number(created.headers.location.split('/').pop());
    for (const [k, username] of members.entries()) {
      expect((await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role: k === 0 ? 'chair' : 'member' })).status).toBe(303);
    }
    [{ id: initiative }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0001'`);
    await t.db.query('UPDATE initiatives SET "roundId" = ? WHERE id = ?', [roundId, initiative]);
    await secretary.post(`/rounds/${roundId}/assignments/all`).type('form').send({ _csrf: token });
    await score('hoidong1', ['27', '18', '18', '25']);
    await score('hoidong2', ['25', '16', '17', '24']);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('is chosen on the round form, refused when unknown, and shown on the round page', async () => {
    expect((await t.db.query('SELECT "voteRule" FROM rounds WHERE id = ?', [roundId]))[0].voteRule).toBe('more_than_half');
    const form = await secretary.get(`/rounds/${roundId}/edit`);
    expect(form.text).toContain('<label class="form-label" for="f-voteRule">Quy tắc biểu quyết công nhận');
    expect(form.text).toMatch(/<option value="more_than_half" selected>Trên 1\/2/);
    const refused = await secretary.post('/rounds/new').type('form').send({ ...fields, voteRule: 'unanimous' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vui lòng chọn quy tắc biểu quyết.');
    expect((await secretary.get(`/rounds/${roundId}`)).text).toContain('trên 1/2 (quá nửa) tổng số thành viên hội đồng đồng ý');
    // Rounds of before keep two thirds.
    expect(await count(t.db, 'rounds', `"voteRule" = 'two_thirds'`)).toBeGreaterThanOrEqual(3);
  });

  it('locks once the council has scored or voted, saying so beside the field', async () => {
    const refused = await secretary.post(`/rounds/${roundId}/edit`).type('form').send({ ...fields, voteRule: 'two_thirds' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-voteRule-error">Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc biểu quyết được nữa.');
    expect((await t.db.query('SELECT "voteRule" FROM rounds WHERE id = ?', [roundId]))[0].voteRule).toBe('more_than_half');
  });

  it('recognises with 3 of 5 members for, where two thirds would need 4; the minutes state the rule', async () => {
    const page = await secretary.get(`/initiatives/${initiative}/decision`);
    expect(page.text).toContain('Hội đồng có 5 thành viên: cần ít nhất <strong>3</strong> thành viên đồng ý để công nhận (quá 1/2).');
    const votes = new URLSearchParams({ _csrf: csrfOf(page.text) });
    for (const [k, username] of members.entries()) {
      const [{ id }] = await t.db.query('SELECT m.id FROM council_members m JOIN users u ON u.id = m."userId" WHERE u.username = ? AND m."roundId" = ?', [username, roundId]);
      votes.append(`votes[m${id}]`, k < 3 ? 'for' : 'against');
    }
    expect((await secretary.post(`/initiatives/${initiative}/votes`).type('form').send(votes.toString())).status).toBe(303);
    const decided = await secretary
      .post(`/initiatives/${initiative}/decision`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), outcome: 'recognized', level: 'province', number: '21/QĐ-UBND', date: '20/11/2026', place: 'Quảng Trị', signingMode: 'own', headTitle: 'CHỦ TỊCH', signerName: 'Lê Văn A', reasons: '' });
    expect(decided.status).toBe(303);
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [initiative]))[0].status).toBe('recognized');
    expect((await t.db.query('SELECT "votesFor", "councilSize" FROM decisions WHERE "initiativeId" = ?', [initiative]))[0]).toMatchObject({ votesFor: 3, councilSize: 5 });
    const minutes = await secretary.get(`/rounds/${roundId}/minutes`);
    expect(minutes.status).toBe(200);
    expect(minutes.text).toContain('ít nhất 3 trên 5 thành viên (quá 1/2) đồng ý');
  });
});
