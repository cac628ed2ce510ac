import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

/**
 * The council's secretary finds an initiative repeats one already filed ("trùng với SK-…"):
 * it leaves the round's scoring, both pages link each other, the authors are told, the audit
 * keeps it, and it can be undone — in the round, or to the waiting queue once the round closed.
 */
describe('an initiative found to repeat one already filed', () => {
  let t: TestApp;
  let secretary: TestAgent;
  let repeat: number;
  let original: number;
  let roundId: number;
  const status = async (id: number) => (await t.db.query('SELECT status, "roundId" FROM initiatives WHERE id = ?', [id]))[0] as { status: string; roundId: number | null };
  const post = async (agent: TestAgent, path: string, fields: Record<string, string>) => {
    const page = await agent.get(`/initiatives/${repeat}/decision`);
    return agent.post(path).type('form').send({ _csrf: csrfOf(page.text), ...fields });
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    [{ id: repeat, roundId }] = await t.db.query(`SELECT id, "roundId" FROM initiatives WHERE code = 'SK-2026-0003'`);
    [{ id: original }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0001'`);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close());

  it('refuses (403) a secretary of another round and a council member, showing nothing of the initiative, and writes nothing', async () => {
    const commune = await signIn(t.agent(), 'thuky.vinhhoang', DEMO_PASSWORD);
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const token = csrfOf((await commune.get('/')).text);
    for (const agent of [commune, member]) {
      const res = await agent.post(`/initiatives/${repeat}/duplicate`).type('form').send({ _csrf: agent === commune ? token : csrfOf((await member.get('/')).text), originalCode: 'SK-2022-0001', reason: 'Trùng' });
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('bưu chính công ích');
    }
    expect((await status(repeat)).status).toBe('under_review');
    expect(await count(t.db, 'duplicate_marks')).toBe(0);
  });

  it('offers the form on the decision page with the similar initiatives of the novelty check', async () => {
    const page = await secretary.get(`/initiatives/${repeat}/decision`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="/initiatives/${repeat}/duplicate"`);
    expect(page.text).toContain('<label class="form-label" for="f-originalCode">Mã sáng kiến đã có');
    expect(page.text).toContain('Sáng kiến tương tự theo kiểm tra tính mới hôm nay');
    // Scored so far: a row of the round's results.
    expect((await secretary.get(`/rounds/${roundId}/results`)).text).toContain(`<a href="/initiatives/${repeat}">`);
  });

  it('sends a wrong form back with the message beside each field and what was typed, and saves nothing', async () => {
    const res = await post(secretary, `/initiatives/${repeat}/duplicate`, { originalCode: 'SK-2022-9999', reason: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<div class="invalid-feedback" id="f-originalCode-error">Không có sáng kiến nào mang mã SK-2022-9999.</div>');
    expect(res.text).toContain('<div class="invalid-feedback" id="f-reason-error">Nêu lý do: hai sáng kiến trùng nhau ở điểm nào.</div>');
    expect(res.text).toContain('value="SK-2022-9999"');
    const self = await post(secretary, `/initiatives/${repeat}/duplicate`, { originalCode: 'SK-2026-0003', reason: 'Thử' });
    expect(self.status).toBe(400);
    expect(self.text).toContain('Không thể đánh dấu sáng kiến trùng với chính nó.');
    expect(self.text).toContain('>Thử</textarea>');
    expect((await status(repeat)).status).toBe('under_review');
    expect(await count(t.db, 'duplicate_marks')).toBe(0);
  });

  it('records the finding: out of scoring and results, linked both ways, the creator told, audited', async () => {
    const res = await post(secretary, `/initiatives/${repeat}/duplicate`, { originalCode: ' sk-2022-1 ', reason: 'Cùng giải pháp trả kết quả qua bưu chính công ích' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/initiatives/${repeat}`);
    expect(await status(repeat)).toEqual({ status: 'duplicate', roundId });

    const page = await secretary.get(`/initiatives/${repeat}`);
    expect(page.text).toContain('Trùng sáng kiến đã có');
    expect(page.text).toContain(`Thư ký hội đồng xác định sáng kiến này trùng với <a href="/initiatives/${original}">SK-2022-0001</a>`);
    expect(page.text).toContain('Lý do: Cùng giải pháp trả kết quả qua bưu chính công ích');
    const back = await secretary.get(`/initiatives/${original}`);
    expect(back.text).toContain('Sáng kiến được xác định trùng với sáng kiến này');
    expect(back.text).toContain(`<a href="/initiatives/${repeat}">SK-2026-0003</a>`);

    // Out of the round's results, and the members see it needs no sheet.
    const results = await secretary.get(`/rounds/${roundId}/results`);
    expect(results.status).toBe(200);
    expect(results.text).not.toContain(`<a href="/initiatives/${repeat}">`);
    const member = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    expect((await member.get('/reviews')).text).toContain('Trùng sáng kiến đã có · không chấm');

    const [audit] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'initiative.duplicate' AND "entityId" = ?`, [String(repeat)]);
    expect(audit.summary).toContain('trùng với sáng kiến SK-2022-0001');
    const [{ id: admin }] = await t.db.query(`SELECT id FROM users WHERE username = 'admin'`);
    expect(await count(t.db, 'notifications', `"userId" = ? AND kind = 'duplicate'`, [admin])).toBe(1);
  });

  it('refuses an initiative already found a duplicate as the one repeated, naming the original', async () => {
    const [{ id: other }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0001'`);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const page = await admin.get(`/initiatives/${other}/decision`);
    const res = await admin.post(`/initiatives/${other}/duplicate`).type('form').send({ _csrf: csrfOf(page.text), originalCode: 'SK-2026-0003', reason: 'Như nhau' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Sáng kiến SK-2026-0003 cũng đã được xác định trùng với SK-2022-0001: hãy ghi SK-2022-0001.');
  });

  it('undoes it back into the round (a reason required), and the links go', async () => {
    const empty = await post(secretary, `/initiatives/${repeat}/duplicate/undo`, { undoNote: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('id="f-undoNote-error"');
    expect((await status(repeat)).status).toBe('duplicate');

    const res = await post(secretary, `/initiatives/${repeat}/duplicate/undo`, { undoNote: 'Phạm vi áp dụng khác nhau' });
    expect(res.status).toBe(303);
    expect(await status(repeat)).toEqual({ status: 'under_review', roundId });
    expect(await count(t.db, 'duplicate_marks')).toBe(0);
    expect((await secretary.get(`/initiatives/${original}`)).text).not.toContain('Sáng kiến được xác định trùng với sáng kiến này');
    expect(await count(t.db, 'audit_events', `action = 'initiative.duplicate.undo'`)).toBe(1);
  });

  it('undone after its round has closed, waits for the next round', async () => {
    expect((await post(secretary, `/initiatives/${repeat}/duplicate`, { originalCode: 'SK-2022-0001', reason: 'Trùng giải pháp' })).status).toBe(303);
    // Nothing else of the round waits for a decision: it can close.
    const roundPage = await secretary.get(`/rounds/${roundId}`);
    expect((await secretary.post(`/rounds/${roundId}/advance`).type('form').send({ _csrf: csrfOf(roundPage.text) })).status).toBe(303);
    expect((await t.db.query('SELECT status FROM rounds WHERE id = ?', [roundId]))[0].status).toBe('closed');

    expect((await post(secretary, `/initiatives/${repeat}/duplicate/undo`, { undoNote: 'Nhầm mã' })).status).toBe(303);
    expect(await status(repeat)).toEqual({ status: 'submitted', roundId: null });
    expect((await secretary.get('/initiatives/awaiting-round')).text).toContain('SK-2026-0003');
  });
});
