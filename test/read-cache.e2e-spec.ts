import TestAgent from 'supertest/lib/agent';
import { ReadCache } from '../src/database/read-cache';
import { APP_HOOK_TIMEOUT, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

/** Titles found on a list page, in order. */
const titles = (html: string) => [...html.matchAll(/<a href="\/(?:initiatives|catalogue)\/\d+" class="fw-semibold">([^<]+)<\/a>/g)].map((m) => m[1]);

type Fields = Record<string, string>;

/** A complete request for recognition, as the form posts it. */
const requestFields = (unit: number, field: number, title: string): Fields => ({
  title,
  unitId: String(unit),
  fieldId: String(field),
  problem: 'Người dân phải chờ lâu để được hướng dẫn thủ tục.',
  solution: 'Hướng dẫn qua cổng trực tuyến.',
  novelty: 'Lần đầu áp dụng tại xã.',
  conditions: '',
  applicability: 'Mọi xã.',
  effects: 'Giảm thời gian chờ.',
  firstAppliedDate: '15/03/2026',
  investorName: '',
  participants: '',
  confidentialInfo: '',
  'authors[0][fullName]': 'Ngô Thị Thanh Hà',
  'authors[0][share]': '100',
  'authors[0][username]': 'tacgia',
  attachmentVisibility: 'internal',
});

async function postForm(agent: TestAgent, pagePath: string, action: string, fields: Fields) {
  const page = await agent.get(pagePath);
  let req = agent.post(action).field('_csrf', csrfOf(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

/**
 * The read cache is kept an hour here, so that only a change made through the app can
 * refresh what it holds; the database is also changed behind the app's back (as another
 * instance would) to see what is served from memory.
 */
describe('reads kept in memory', () => {
  let t: TestApp;
  let tacgia: TestAgent;
  beforeAll(async () => {
    t = await createTestApp({ demo: true, env: { READ_CACHE_SECONDS: '3600' } });
    tacgia = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('shows a search the initiative created, then renamed, through the forms the moment after', async () => {
    const search = async () => titles((await tacgia.get(`/initiatives?q=${encodeURIComponent('dịch vụ công')}`)).text);
    const before = await search();
    expect(before.length).toBeGreaterThan(0);
    expect(await search()).toEqual(before);

    const vinhHoang = await unitId(t.db, 'QT-VHOANG');
    const [{ id: fieldId }] = await t.db.query(`SELECT id FROM fields WHERE name = 'Cải cách thủ tục hành chính'`);
    const title = 'Hỗ trợ người cao tuổi dùng dịch vụ công trực tuyến tại nhà';
    const created = await postForm(tacgia, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, fieldId, title));
    expect(created.status).toBe(303);
    const id = Number(created.headers.location.split('/').pop());
    expect(await search()).toEqual(expect.arrayContaining([...before, title]));

    const renamed = 'Hỗ trợ người cao tuổi làm thủ tục tại nhà';
    const edited = await postForm(tacgia, `/initiatives/${id}/edit`, `/initiatives/${id}/edit`, requestFields(vinhHoang, fieldId, renamed));
    expect(edited.status).toBe(303);
    expect((await search()).sort()).toEqual([...before].sort());
  });

  it('serves the anonymous catalogue from memory, never to a signed-in user, and nothing of a signed-in user to visitors', async () => {
    const anon = t.agent();
    const first = await anon.get('/catalogue?sort=code');
    expect(first.status).toBe(200);
    const [shown] = titles(first.text);
    // Changed behind the app's back: the anonymous page, kept in memory, does not read it.
    await t.db.query(`UPDATE initiatives SET title = ? WHERE code = 'SK-2022-0001'`, ['Tiêu đề đổi ngoài ứng dụng']);
    const again = await t.agent().get('/catalogue?sort=code');
    expect(titles(again.text)[0]).toBe(shown);
    // A signed-in user's page is built afresh.
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const inside = await admin.get('/catalogue?sort=code');
    expect(titles(inside.text)[0]).toBe('Tiêu đề đổi ngoài ứng dụng');
    expect(inside.text).toContain('Hoàng Minh Tuấn');
    expect(inside.headers['cache-control']).not.toContain('public');
    // …and the next anonymous page is not the signed-in one.
    const after = await t.agent().get('/catalogue?sort=code');
    expect(after.text).not.toContain('Hoàng Minh Tuấn');
    expect(after.headers['set-cookie']).toBeUndefined();
    expect(after.headers['cache-control']).toBe('public, max-age=300');
    t.app.get(ReadCache).changed();
    expect(titles((await t.agent().get('/catalogue?sort=code')).text)[0]).toBe('Tiêu đề đổi ngoài ứng dụng');
  });

  it('keeps an anonymous initiative page likewise, and refuses one not recognised without keeping the refusal', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0002'`);
    const first = await t.agent().get(`/catalogue/${id}`);
    expect(first.status).toBe(200);
    await t.db.query(`UPDATE initiatives SET effects = ? WHERE id = ?`, ['Hiệu quả ghi ngoài ứng dụng', id]);
    expect((await t.agent().get(`/catalogue/${id}`)).text).not.toContain('Hiệu quả ghi ngoài ứng dụng');
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    expect((await admin.get(`/catalogue/${id}`)).text).toContain('Hiệu quả ghi ngoài ứng dụng');

    const [{ id: draft }] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'draft'`);
    expect((await t.agent().get(`/catalogue/${draft}`)).status).toBe(404);
    await t.db.query(`UPDATE initiatives SET status = 'recognized' WHERE id = ?`, [draft]);
    expect((await t.agent().get(`/catalogue/${draft}`)).status).toBe(200);
    await t.db.query(`UPDATE initiatives SET status = 'draft' WHERE id = ?`, [draft]);
    t.app.get(ReadCache).changed();
  });

  it('shows an initiative in the anonymous catalogue the moment the council recognises it', async () => {
    // A round with its council, the initiative assigned and scored (as in the decisions tests).
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const token = csrfOf((await secretary.get('/rounds/new')).text);
    const round = await secretary.post('/rounds/new').type('form').send({ _csrf: token, year: '2026', name: 'Đợt xét năm 2026', threshold: '70', submissionStart: '01/01/2026', submissionEnd: '31/07/2026' });
    const roundId = Number(round.headers.location.split('/').pop());
    const members = ['hoidong1', 'hoidong2', 'hoidong3'];
    for (const username of members) await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role: username === 'hoidong1' ? 'chair' : 'member' });
    const [{ id: qr, title }] = await t.db.query(`SELECT id, title FROM initiatives WHERE code = 'SK-2026-0001'`);
    await t.db.query('UPDATE initiatives SET "roundId" = ? WHERE id = ?', [roundId, qr]);
    await secretary.post(`/rounds/${roundId}/assignments/all`).type('form').send({ _csrf: token });
    const criteria = (await t.db.query('SELECT id FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId])).map((r: { id: number }) => r.id);
    for (const [username, points] of [
      ['hoidong1', ['27', '18', '18', '25']],
      ['hoidong2', ['25', '16', '17', '24']],
    ] as const) {
      const member = await signIn(t.agent(), username, DEMO_PASSWORD);
      const [{ id: assignment }] = await t.db.query(`SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" WHERE u.username = ? AND a."initiativeId" = ?`, [username, qr]);
      const sheet = await member.get(`/reviews/${assignment}`);
      const f = new URLSearchParams({ _csrf: csrfOf(sheet.text), intent: 'submit' });
      criteria.forEach((c: number, k: number) => f.append(`points[c${c}]`, points[k]));
      expect((await member.post(`/reviews/${assignment}`).type('form').send(f.toString())).status).toBe(303);
    }

    const catalogue = async () => titles((await t.agent().get('/catalogue')).text);
    const searched = async () => titles((await t.agent().get(`/catalogue?q=${encodeURIComponent(title)}`)).text);
    const before = await catalogue();
    expect(before).not.toContain(title);
    expect(await searched()).not.toContain(title);
    expect(await publicIndex()).toEqual(await recognisedIds());
    expect(await catalogue()).toEqual(before);
    expect((await t.agent().get(`/catalogue/${qr}`)).status).toBe(404);
    // The members' votes, recorded by the secretary from the meeting: the decision counts them.
    const votes = new URLSearchParams({ _csrf: token });
    for (const { id } of await t.db.query('SELECT id FROM council_members WHERE "roundId" = ?', [roundId])) votes.append(`votes[m${id}]`, 'for');
    expect((await secretary.post(`/initiatives/${qr}/votes`).type('form').send(votes.toString())).status).toBe(303);
    const decided = await secretary
      .post(`/initiatives/${qr}/decision`)
      .type('form')
      .send({ _csrf: token, outcome: 'recognized', level: 'province', number: '15/QĐ-HĐSK', date: '20/11/2026', place: 'Quảng Trị', signerTitle: 'CHỦ TỊCH', signerName: 'Trương Quang Vinh', reasons: '' });
    expect(decided.status).toBe(303);
    expect(await catalogue()).toContain(title);
    expect((await t.agent().get(`/catalogue/${qr}`)).status).toBe(200);
    // The public catalogue's search index took it in the decision's transaction: it holds the recognised initiatives, no more.
    expect(await searched()).toContain(title);
    expect(await publicIndex()).toContain(Number(qr));
    expect(await publicIndex()).toEqual(await recognisedIds());
  });

  /** The initiatives in the public catalogue's search index (see InitiativeSearch). */
  async function publicIndex(): Promise<number[]> {
    const sql = t.db.options.type === 'sqlite' ? 'SELECT rowid AS id FROM initiatives_fts_public ORDER BY 1' : 'SELECT id FROM initiatives_search WHERE public ORDER BY 1';
    return ((await t.db.query(sql)) as { id: number | string }[]).map((r) => Number(r.id));
  }
  async function recognisedIds(): Promise<number[]> {
    return ((await t.db.query(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY 1`)) as { id: number | string }[]).map((r) => Number(r.id));
  }

  it("serves the list of units from memory, and shows a unit renamed through this instance at once", async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const id = await unitId(t.db, 'QT-CTUNG');
    const options = async () => (await admin.get('/users/new')).text;
    expect(await options()).toContain('UBND xã Cửa Tùng (QT-CTUNG)');
    // Changed behind the app's back (as another instance would): the list kept in memory does not read it.
    await t.db.query('UPDATE units SET name = ? WHERE id = ?', ['Tên đổi ngoài ứng dụng', id]);
    expect(await options()).toContain('UBND xã Cửa Tùng (QT-CTUNG)');
    const form = await admin.get(`/units/${id}/rename`);
    const renamed = await admin
      .post(`/units/${id}/rename`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), newName: 'UBND xã Cửa Tùng mới', instrument: 'Nghị quyết 02/NQ-HĐND', effectiveDate: '01/03/2026' });
    expect(renamed.status).toBe(303);
    expect(await options()).toContain('UBND xã Cửa Tùng mới (QT-CTUNG)');
    expect((await admin.get('/units?q=cua+tung')).text).toContain('UBND xã Cửa Tùng mới');
    expect((await t.agent().get('/catalogue')).text).toContain('UBND xã Cửa Tùng mới (QT-CTUNG)');
  });

  it("keeps a signed-in person's account in memory, and takes a change of their name, roles or a deactivation made through the forms at once", async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const person = await signIn(t.agent(), 'hoidong.vinhhoang3', DEMO_PASSWORD);
    const id = await userId(t.db, 'hoidong.vinhhoang3');
    expect((await person.get('/')).text).toContain('Mai Xuân Bình');
    expect((await person.get('/initiatives/new')).status).toBe(403);
    // Changed behind the app's back (as another instance would): the account kept in memory does not read it.
    await t.db.query('UPDATE users SET "fullName" = ? WHERE id = ?', ['Tên đổi ngoài ứng dụng', id]);
    expect((await person.get('/')).text).not.toContain('Tên đổi ngoài ứng dụng');

    const form = await admin.get(`/users/${id}/edit`);
    const edited = await admin
      .post(`/users/${id}/edit`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), fullName: 'Mai Xuân Bình Hai', position: 'Trưởng phòng Kinh tế', unitId: String(await unitId(t.db, 'QT-VHOANG')), roles: ['council_member', 'author'] });
    expect(edited.status).toBe(303);
    expect((await person.get('/')).text).toContain('Mai Xuân Bình Hai');
    expect((await person.get('/initiatives/new')).status).toBe(200);

    const deactivated = await admin.post(`/users/${id}/deactivate`).type('form').send({ _csrf: csrfOf(form.text) });
    expect(deactivated.status).toBe(303);
    const after = await person.get('/initiatives');
    expect(after.status).toBe(303);
    expect(after.headers.location).toContain('/login');
  });
});
