import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';

// Issue 11, item 2: a submission without a round joins the only suitable open round of its
// unit, or waits in the "chưa có đợt xét" queue (still editable by its authors) until the
// council's secretary attaches it to a round; a round's receiving dates are enforced, and
// only the district admin lets a submission in outside them, with a reason kept.

type Fields = Record<string, string>;

function requestFields(unit: number, field: number, extra: Fields = {}): Fields {
  return {
    title: 'Tiếp nhận hồ sơ đất đai qua Zalo OA của xã',
    unitId: String(unit),
    fieldId: String(field),
    problem: 'Người dân phải đến trụ sở nhiều lần để hỏi tiến độ hồ sơ đất đai.',
    solution: 'Thông báo tiến độ hồ sơ qua Zalo OA của UBND xã.',
    novelty: 'Lần đầu dùng Zalo OA cho hồ sơ đất đai ở tỉnh.',
    effects: 'Giảm số lần người dân phải đến trụ sở.',
    // Before every round these tests attach it to (a round of an earlier year is refused).
    firstAppliedDate: '01/10/2025',
    'authors[0][fullName]': 'Ngô Thị Thanh Hà',
    'authors[0][share]': '100',
    'authors[0][username]': 'tacgia',
    attachmentVisibility: 'internal',
    ...extra,
  };
}

describe('submissions and rounds: joining, the queue, receiving dates', () => {
  let t: TestApp;
  let author: TestAgent;
  let secretary: TestAgent;
  let admin: TestAgent;
  let vinhHoang: number;
  let fieldId: number;
  let province: number;

  const row = async (id: number) => (await t.db.query('SELECT * FROM initiatives WHERE id = ?', [id]))[0];

  async function draft(extra: Fields = {}): Promise<number> {
    const page = await author.get('/initiatives/new');
    let req = author.post('/initiatives/new').field('_csrf', csrfOf(page.text));
    for (const [k, v] of Object.entries(requestFields(vinhHoang, fieldId, extra))) req = req.field(k, v);
    const res = await req;
    expect(res.status).toBe(303);
    return Number(res.headers.location.split('/').pop());
  }

  async function submit(agent: TestAgent, id: number, extra: Fields = {}) {
    const page = await agent.get(`/initiatives/${id}`);
    return agent.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(page.text), ...extra });
  }

  async function newRound(fields: Fields): Promise<number> {
    const page = await secretary.get('/rounds/new');
    const res = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), threshold: '70', organisingUnitId: String(province), ...fields });
    expect(res.status).toBe(303);
    return Number(res.headers.location.split('/').pop());
  }

  async function advance(roundId: number) {
    const page = await secretary.get(`/rounds/${roundId}`);
    expect((await secretary.post(`/rounds/${roundId}/advance`).type('form').send({ _csrf: csrfOf(page.text) })).status).toBe(303);
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    province = await unitId(t.db, 'QT');
    fieldId = (await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1'))[0].id;
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  let waiting: number;
  let first: number;

  it('puts a submission made when no round is open in the queue, where its author can still edit it', async () => {
    waiting = await draft();
    const res = await submit(author, waiting);
    expect(res.status).toBe(303);
    const page = await author.get(`/initiatives/${waiting}`);
    expect(page.text).toContain('Hiện chưa có đợt xét phù hợp đang nhận hồ sơ');
    expect(page.text).toContain('đang chờ Thư ký hội đồng đưa vào đợt xét');
    expect(await row(waiting)).toMatchObject({ status: 'submitted', roundId: null });

    // Stranded no more: the author edits it while it waits (a revision is kept).
    const edit = await author.get(`/initiatives/${waiting}/edit`);
    expect(edit.status).toBe(200);
    let req = author.post(`/initiatives/${waiting}/edit`).field('_csrf', csrfOf(edit.text));
    for (const [k, v] of Object.entries(requestFields(vinhHoang, fieldId, { effects: 'Giảm 60% số lần người dân phải đến trụ sở.' }))) req = req.field(k, v);
    expect((await req).status).toBe(303);
    expect((await row(waiting)).effects).toBe('Giảm 60% số lần người dân phải đến trụ sở.');
    expect(await count(t.db, 'initiative_revisions', '"initiativeId" = ?', [waiting])).toBe(2);
  });

  it('lists the queue for the secretary (found from the rounds page), and refuses it to an author (403)', async () => {
    expect((await secretary.get('/rounds')).text).toContain('href="/initiatives/awaiting-round"');
    const queue = await secretary.get('/initiatives/awaiting-round');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Tiếp nhận hồ sơ đất đai qua Zalo OA của xã');
    // The demo's two submissions made without a round wait there too.
    expect(queue.text).toContain('Hộp thư góp ý điện tử');
    expect((await author.get('/initiatives/awaiting-round')).status).toBe(403);
    const token = csrfOf((await author.get('/')).text);
    const [round] = await t.db.query(`SELECT id FROM rounds WHERE status = 'evaluating'`);
    const refused = await author.post(`/initiatives/${waiting}/round`).type('form').send({ _csrf: token, roundId: String(round.id) });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('Tiếp nhận hồ sơ đất đai');
    expect((await row(waiting)).roundId).toBeNull();
  });

  it('leaves alone an open round of an earlier year with no receiving dates (entered for its paper records)', async () => {
    const past = await newRound({ year: '2016', name: 'Đợt xét năm 2016 (hồ sơ giấy)' });
    const id = await draft({ title: 'Sáng kiến không vào đợt năm 2016' });
    expect((await submit(author, id)).status).toBe(303);
    expect(await row(id)).toMatchObject({ status: 'submitted', roundId: null });
    expect((await row(id)).code).toMatch(new RegExp(`^SK-${new Date().getFullYear()}-\\d{4}$`));
    await advance(past);
    await advance(past);
  });

  it('joins the only open round receiving for its unit, in that round\'s year', async () => {
    // A round of the year before, still receiving today by its dates.
    const only = await newRound({ year: '2025', name: 'Đợt xét bổ sung năm 2025', submissionStart: '01/01/2025', submissionEnd: `31/12/${new Date().getFullYear()}` });
    first = await draft({ title: 'Sáng kiến vào đợt duy nhất' });
    expect((await submit(author, first)).status).toBe(303);
    const r = await row(first);
    expect(r).toMatchObject({ status: 'submitted', roundId: only, year: 2025 });
    expect(r.code).toMatch(/^SK-2025-\d{4}$/);
    const page = await author.get(`/initiatives/${first}`);
    expect(page.text).toContain('Đã nộp sáng kiến vào đợt xét &quot;Đợt xét bổ sung năm 2025&quot;');
    // In a round, it is the council's: nobody edits it now.
    expect((await author.get(`/initiatives/${first}/edit`)).status).toBe(403);
  });

  it('sends a returned initiative resubmitted after its round was closed (older data) to the queue, not back into the closed round', async () => {
    const id = await draft({ title: 'Sáng kiến trả lại trong đợt đã đóng' });
    expect((await submit(author, id)).status).toBe(303);
    const [{ id: closed }] = await t.db.query(`SELECT id FROM rounds WHERE status = 'closed' ORDER BY id LIMIT 1`);
    await t.db.query(`UPDATE initiatives SET status = 'returned', "reviewCycle" = 2, "roundId" = ? WHERE id = ?`, [closed, id]);
    expect((await submit(author, id)).status).toBe(303);
    expect(await row(id)).toMatchObject({ status: 'submitted', roundId: null });
    expect((await author.get(`/initiatives/${id}`)).text).toContain('đã kết thúc: sáng kiến chờ thư ký đưa vào đợt xét khác');
  });

  it('waits when two open rounds could take it', async () => {
    const second = await newRound({ year: '2026', name: 'Đợt xét thứ hai' });
    const id = await draft({ title: 'Sáng kiến có hai đợt để chọn' });
    expect((await submit(author, id)).status).toBe(303);
    expect((await row(id)).roundId).toBeNull();
    await advance(second);
  });

  it('says in the queue why each submission waits, names rounds without repeating their year, and sits under "Sáng kiến" as the menu does', async () => {
    const queue = (await secretary.get('/initiatives/awaiting-round')).text;
    const item = (title: string) => {
      const at = queue.indexOf(title);
      expect(at).toBeGreaterThan(-1);
      return queue.slice(at, queue.indexOf('</li>', at));
    };
    expect(item('Tiếp nhận hồ sơ đất đai qua Zalo OA của xã')).toMatch(/Vì sao chờ: Ngày nộp \(\d{2}\/\d{2}\/\d{4}\) không có đợt xét nào của đơn vị đang nhận hồ sơ\./);
    expect(item('Sáng kiến có hai đợt để chọn')).toContain('Vì sao chờ: Ngày nộp');
    expect(item('Sáng kiến có hai đợt để chọn')).toContain('có 2 đợt xét cùng nhận hồ sơ của đơn vị (&quot;Đợt xét thứ hai&quot;; &quot;Đợt xét bổ sung năm 2025&quot;), hệ thống không tự chọn.');
    // The demo's, filed before submissions joined a round by themselves.
    expect(item('Hộp thư góp ý điện tử')).toContain('Vì sao chờ: Nộp trước khi hệ thống tự đưa sáng kiến vào đợt xét duy nhất đang nhận hồ sơ của đơn vị.');
    expect(queue).not.toContain('không có đúng một đợt xét phù hợp');
    // A name that says its year is not followed by it again; one that does not gets it.
    expect(queue).toContain('>Đợt xét sáng kiến cải cách hành chính năm 2026 — Đang chấm</option>');
    expect(queue).toContain('>Đợt xét thứ hai (2026) — Đang chấm</option>');
    expect(queue).not.toMatch(/năm (\d{4}) \(\1\)/);
    expect(queue).toContain('<li class="breadcrumb-item"><a href="/initiatives">Sáng kiến</a></li><li class="breadcrumb-item active" aria-current="page">Chưa có đợt xét</li>');
  });

  it('is attached to a round by the secretary: a message next to the field without one; then audited and on the timeline', async () => {
    const queue = await secretary.get('/initiatives/awaiting-round');
    const bad = await secretary.post(`/initiatives/${waiting}/round`).type('form').send({ _csrf: csrfOf(queue.text), roundId: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`id="round-${waiting}-error"`);
    expect(bad.text).toContain('Vui lòng chọn đợt xét.');
    expect((await row(waiting)).roundId).toBeNull();

    const before = await row(waiting);
    const [round] = await t.db.query(`SELECT id, year FROM rounds WHERE name = 'Đợt xét bổ sung năm 2025'`);
    const res = await secretary.post(`/initiatives/${waiting}/round`).type('form').send({ _csrf: csrfOf(queue.text), roundId: String(round.id) });
    expect(res.status).toBe(303);
    const after = await row(waiting);
    expect(after).toMatchObject({ status: 'submitted', roundId: round.id, year: 2025 });
    // A round of another year gives a code of that year; the earlier one is not reused.
    expect(before.year).not.toBe(2025);
    expect(after.code).toMatch(/^SK-2025-\d{4}$/);
    expect(after.code).not.toBe(before.code);
    expect(await count(t.db, 'audit_events', `action = 'initiative.round' AND "entityId" = ?`, [String(waiting)])).toBe(1);
    const page = await secretary.get(`/initiatives/${waiting}`);
    expect(page.text).toContain('Đưa vào đợt xét &quot;Đợt xét bổ sung năm 2025&quot;');
    expect((await secretary.get('/initiatives/awaiting-round')).text).not.toContain('Tiếp nhận hồ sơ đất đai qua Zalo OA của xã');
    expect((await author.get(`/initiatives/${waiting}/edit`)).status).toBe(403);
    // Once attached, not again.
    const again = await secretary.post(`/initiatives/${waiting}/round`).type('form').send({ _csrf: csrfOf(queue.text), roundId: String(round.id) });
    expect(again.status).toBe(303);
    expect((await secretary.get('/initiatives/awaiting-round')).text).toContain('Sáng kiến này không còn chờ đưa vào đợt xét.');
  });

  it('refuses a submission outside the chosen round\'s receiving dates, unless the admin lets it in with a reason', async () => {
    const [{ id: only }] = await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét bổ sung năm 2025'`);
    await advance(only);
    const late = await newRound({ year: '2025', name: 'Đợt xét năm 2025', submissionStart: '01/07/2025', submissionEnd: '30/09/2025' });
    const id = await draft({ title: 'Sáng kiến nộp muộn', roundId: String(late), firstAppliedDate: '01/08/2025' });
    expect((await submit(author, id)).status).toBe(303);
    const refused = await author.get(`/initiatives/${id}`);
    expect(refused.text).toContain('nhận hồ sơ từ 01/07/2025 đến 30/09/2025');
    expect(refused.text).toContain('ngoài thời gian nhận hồ sơ nên sáng kiến chưa nộp được');
    expect(await row(id)).toMatchObject({ status: 'draft', code: null });

    // The admin sees the reason field; without a reason, a message next to it.
    const page = await admin.get(`/initiatives/${id}`);
    expect(page.text).toContain('Lý do cho phép nộp ngoài thời gian nhận hồ sơ');
    const noReason = await admin.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(page.text), note: 'Nộp thay xã', overrideReason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('id="f-overrideReason-error"');
    expect(noReason.text).toContain('Vui lòng ghi lý do cho phép nộp ngoài thời gian nhận hồ sơ của đợt xét.');
    expect(noReason.text).toContain('value="Nộp thay xã"');
    expect((await row(id)).status).toBe('draft');

    const reason = 'Xã đã gửi hồ sơ giấy trong hạn, nay nhập bổ sung';
    expect((await admin.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(page.text), overrideReason: reason })).status).toBe(303);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'submitted', roundId: late, year: 2025 });
    expect(r.code).toMatch(/^SK-2025-\d{4}$/);
    expect((await admin.get(`/initiatives/${id}`)).text).toContain(`Lý do: ${reason}`);
    const [audit] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'initiative.submit_override' AND "entityId" = ?`, [String(id)]);
    expect(audit.summary).toContain(reason);
  });
});

// Issue "Closed figures stay closed": a 2026 submission could be attached to a 2018 round
// (it became SK-2018-0001, first applied 01/08/2025, its unit created 01/07/2025). A round
// of a year before the initiative's first application or its unit's start is refused on
// every path that sets an initiative's round.
describe('a round of a year before the initiative or its unit began', () => {
  let t: TestApp;
  let author: TestAgent;
  let secretary: TestAgent;
  let admin: TestAgent;
  let vinhHoang: number;
  let province: number;
  let fieldId: number;
  let round2018: number;
  let round2024: number;
  const row = async (id: number) => (await t.db.query('SELECT * FROM initiatives WHERE id = ?', [id]))[0];

  async function draftAs(agent: TestAgent, extra: Fields = {}, unit = vinhHoang) {
    const page = await agent.get('/initiatives/new');
    let req = agent.post('/initiatives/new').field('_csrf', csrfOf(page.text));
    for (const [k, v] of Object.entries(requestFields(unit, fieldId, { firstAppliedDate: '01/08/2025', ...extra }))) req = req.field(k, v);
    return req;
  }
  async function draft(extra: Fields = {}, agent = author, unit = vinhHoang): Promise<number> {
    const res = await draftAs(agent, extra, unit);
    expect(res.status).toBe(303);
    return Number(res.headers.location.split('/').pop());
  }
  async function submit(agent: TestAgent, id: number) {
    const page = await agent.get(`/initiatives/${id}`);
    return agent.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(page.text) });
  }
  async function newRound(fields: Fields): Promise<number> {
    const page = await secretary.get('/rounds/new');
    const res = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), threshold: '70', organisingUnitId: String(province), ...fields });
    expect(res.status).toBe(303);
    return Number(res.headers.location.split('/').pop());
  }
  const attach = async (id: number, roundId: number) => secretary.post(`/initiatives/${id}/round`).type('form').send({ _csrf: csrfOf((await secretary.get('/initiatives/awaiting-round')).text), roundId: String(roundId) });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    province = await unitId(t.db, 'QT');
    fieldId = (await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1'))[0].id;
    // Open rounds of earlier years, without receiving dates: they take no submission by themselves.
    round2018 = await newRound({ year: '2018', name: 'Đợt xét sáng kiến năm 2018' });
    round2024 = await newRound({ year: '2024', name: 'Đợt xét sáng kiến năm 2024' });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('refuses to attach a submission first applied in 2025 to a 2018 round from the queue: beside the field, the choice kept, nothing changed', async () => {
    const id = await draft({ title: 'Sáng kiến áp dụng từ 2025' });
    expect((await submit(author, id)).status).toBe(303);
    const before = await row(id);
    expect(before).toMatchObject({ status: 'submitted', roundId: null });
    const transitions = await count(t.db, 'initiative_transitions', '"initiativeId" = ?', [id]);
    const res = await attach(id, round2018);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="round-${id}-error">Đợt xét &quot;Đợt xét sáng kiến năm 2018&quot; là của năm 2018, trước năm 2025 (sáng kiến được áp dụng lần đầu ngày 01/08/2025; UBND xã Vĩnh Hoàng được thành lập ngày 01/07/2025). Chỉ đưa được sáng kiến vào đợt xét từ năm 2025 trở đi.</div>`);
    expect(res.text).toContain(`<option value="${round2018}" selected>`);
    expect(await row(id)).toEqual(before);
    expect(await count(t.db, 'initiative_transitions', '"initiativeId" = ?', [id])).toBe(transitions);
    expect(await count(t.db, 'audit_events', `action = 'initiative.round' AND "entityId" = ?`, [String(id)])).toBe(0);
  });

  it("refuses a round of a year before its unit's start, even for an initiative applied earlier", async () => {
    // A commune created on 01/07/2025; its initiative says it was first applied in 2024.
    const created = await admin.post('/units/new').type('form').send({ _csrf: csrfOf((await admin.get('/units/new')).text), code: 'QT-VHM', name: 'Xã Vĩnh Hòa Mới', kind: 'commune', parentId: String(province), validFrom: '01/07/2025' });
    expect(created.status).toBe(303);
    const unit = await unitId(t.db, 'QT-VHM');
    const id = await draft({ title: 'Sáng kiến của xã mới', firstAppliedDate: '01/02/2024', 'authors[0][username]': '' }, admin, unit);
    expect((await submit(admin, id)).status).toBe(303);
    const res = await attach(id, round2024);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Đợt xét &quot;Đợt xét sáng kiến năm 2024&quot; là của năm 2024, trước năm 2025 (Xã Vĩnh Hòa Mới được thành lập ngày 01/07/2025).');
    expect((await row(id)).roundId).toBeNull();
  });

  it('refuses the round chosen on the form: a message beside it, what was typed kept, nothing saved', async () => {
    const before = await count(t.db, 'initiatives');
    const res = await draftAs(author, { title: 'Sáng kiến chọn đợt 2018', roundId: String(round2018) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="f-roundId-error">Đợt xét &quot;Đợt xét sáng kiến năm 2018&quot; là của năm 2018, trước năm 2025 (sáng kiến được áp dụng lần đầu ngày 01/08/2025; UBND xã Vĩnh Hoàng được thành lập ngày 01/07/2025).');
    expect(res.text).toContain('value="Sáng kiến chọn đợt 2018"');
    expect(res.text).toContain('value="01/08/2025"');
    expect(await count(t.db, 'initiatives')).toBe(before);
  });

  it('refuses to submit into a round chosen before the rule, saying why; the draft stays a draft without a code', async () => {
    const id = await draft({ title: 'Bản nháp đợt 2018' });
    // Saved with that round when the rule did not exist yet.
    await t.db.query('UPDATE initiatives SET "roundId" = ? WHERE id = ?', [round2018, id]);
    const res = await submit(author, id);
    expect(res.status).toBe(303);
    expect((await author.get(`/initiatives/${id}`)).text).toContain('Đợt xét &quot;Đợt xét sáng kiến năm 2018&quot; là của năm 2018, trước năm 2025');
    expect(await row(id)).toMatchObject({ status: 'draft', code: null, roundId: round2018 });
  });

  it('does not join the one round receiving it when that round is of an earlier year, and says why in the queue', async () => {
    const year = new Date().getFullYear();
    const receiving = await newRound({ year: '2018', name: 'Đợt xét bổ sung năm 2018', submissionStart: '01/01/2018', submissionEnd: `31/12/${year}` });
    const late = await draft({ title: 'Sáng kiến năm 2025 không vào đợt 2018' });
    expect((await submit(author, late)).status).toBe(303);
    const r = await row(late);
    expect(r).toMatchObject({ status: 'submitted', roundId: null });
    expect(r.code).toMatch(new RegExp(`^SK-${year}-\\d{4}$`));
    const queue = (await secretary.get('/initiatives/awaiting-round')).text;
    const at = queue.indexOf('Sáng kiến năm 2025 không vào đợt 2018');
    expect(queue.slice(at, queue.indexOf('</li>', at))).toMatch(
      /Vì sao chờ: Ngày nộp \(\d{2}\/\d{2}\/\d{4}\) chỉ có đợt xét &quot;Đợt xét bổ sung năm 2018&quot; đang nhận hồ sơ của đơn vị, nhưng không đưa sáng kiến vào được: Đợt xét &quot;Đợt xét bổ sung năm 2018&quot; là của năm 2018, trước năm 2025 \(sáng kiến được áp dụng lần đầu ngày 01\/08\/2025; UBND xã Vĩnh Hoàng được thành lập ngày 01\/07\/2025\)/,
    );
    // One first applied in 2017, of a unit that existed then (Sở Nội vụ), still joins it, in its year.
    const early = await draft({ title: 'Sáng kiến áp dụng từ 2017', firstAppliedDate: '01/03/2017', 'authors[0][username]': '' }, admin, await unitId(t.db, 'QT-SNV'));
    expect((await submit(admin, early)).status).toBe(303);
    expect(await row(early)).toMatchObject({ status: 'submitted', roundId: receiving, year: 2018 });
  });
});
