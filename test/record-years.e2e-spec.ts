import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';
import { PDF } from './helpers/files';

// Issue 11, item 1: the year of an initiative and of its code is its round's (or, for a
// record entered from the paper files, the year given); the one-year warning reads the
// round's period, never today's clock, and never shows for a paper record. The district
// admin enters past records from the paper files.

type Fields = Record<string, string>;

function requestFields(unit: number, field: number, extra: Fields = {}): Fields {
  return {
    title: 'Bộ phận Một cửa xã Vĩnh Hòa hỗ trợ người dân làm thủ tục đất đai',
    unitId: String(unit),
    fieldId: String(field),
    problem: 'Người dân chưa nắm thủ tục đất đai, hồ sơ phải bổ sung nhiều lần.',
    solution: 'Công chức Một cửa hướng dẫn, kiểm tra hồ sơ trước khi tiếp nhận.',
    novelty: 'Hướng dẫn tận nơi theo từng thủ tục.',
    effects: 'Giảm hồ sơ phải bổ sung.',
    firstAppliedDate: '01/02/2016',
    'authors[0][fullName]': 'Lê Thanh Hùng',
    'authors[0][jobTitle]': 'Công chức Tư pháp - Hộ tịch',
    'authors[0][workplace]': 'UBND xã Vĩnh Hòa',
    'authors[0][share]': '100',
    attachmentVisibility: 'internal',
    ...extra,
  };
}

async function postMultipart(agent: TestAgent, pagePath: string, action: string, fields: Fields, files: { name: string; content: Buffer }[] = []) {
  const page = await agent.get(pagePath);
  let req = agent.post(action).field('_csrf', csrfOf(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const f of files) req = req.attach('attachments', f.content, f.name);
  return req;
}

describe('the year of the record, and past records from paper', () => {
  let t: TestApp;
  let admin: TestAgent;
  let secretary: TestAgent;
  let vinhHoa: number;
  let province: number;
  let fieldId: number;
  let round2016: number;

  const row = async (id: number) => (await t.db.query('SELECT * FROM initiatives WHERE id = ?', [id]))[0];
  const idOf = (res: { headers: Record<string, string> }) => Number(res.headers.location.split('/').pop());

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    vinhHoa = await unitId(t.db, 'VL-VH');
    province = await unitId(t.db, 'QT');
    fieldId = (await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1'))[0].id;
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('gives an initiative of a 2016 round the year 2016: its code, "Năm 2016", the 2016 filter, and no one-year warning', async () => {
    const page = await secretary.get('/rounds/new');
    const created = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), year: '2016', name: 'Đợt xét sáng kiến năm 2016', organisingUnitId: String(province), threshold: '70' });
    expect(created.status).toBe(303);
    round2016 = idOf(created);

    // Filed today, by an author of a unit in force that already existed in 2016.
    const justice = await unitId(t.db, 'QT-STP');
    const account = await admin.post('/users/new').type('form').send({ _csrf: csrfOf((await admin.get('/users/new')).text), username: 'tacgia.stp', fullName: 'Trần Văn Pháp', position: 'Chuyên viên Sở Tư pháp', unitId: String(justice), roles: 'author', password: 'TamThoi@2026' });
    expect(account.status).toBe(303);
    await t.db.query('UPDATE users SET "mustChangePassword" = ? WHERE username = ?', [false, 'tacgia.stp']);
    const author = await signIn(t.agent(), 'tacgia.stp', 'TamThoi@2026');
    const title = 'Hướng dẫn chứng thực bản sao qua video tại Sở Tư pháp';
    const res = await postMultipart(author, '/initiatives/new', '/initiatives/new', requestFields(justice, fieldId, { title, roundId: String(round2016), 'authors[0][fullName]': 'Trần Văn Pháp', 'authors[0][workplace]': 'Sở Tư pháp', 'authors[0][username]': 'tacgia.stp' }));
    expect(res.status).toBe(303);
    const id = idOf(res);
    expect((await row(id)).year).toBe(2016);
    // First applied 01/02/2016, filed in the 2016 round: within the year, whatever today is.
    const draft = await author.get(`/initiatives/${id}`);
    expect(draft.text).toContain('Năm 2016');
    expect(draft.text).not.toContain('đã quá một năm');

    const submitted = await author.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(draft.text) });
    expect(submitted.status).toBe(303);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'submitted', roundId: round2016, year: 2016 });
    expect(r.code).toMatch(/^SK-2016-\d{4}$/);
    const shown = await author.get(`/initiatives/${id}`);
    expect(shown.text).toContain(r.code);
    expect(shown.text).not.toContain('đã quá một năm');
    const filtered = await secretary.get('/initiatives?year=2016');
    expect(filtered.text).toContain(title);
    expect((await secretary.get(`/initiatives?year=${new Date().getFullYear()}`)).text).not.toContain(title);
  });

  it('shows the "quá một năm" warning once after saving a late draft', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const vinhHoang = await unitId(t.db, 'QT-VHOANG');
    const own = { title: 'Sáng kiến áp dụng từ lâu', 'authors[0][workplace]': 'UBND xã Vĩnh Hoàng' };
    const res = await postMultipart(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, fieldId, { ...own, firstAppliedDate: '01/01/2020' }));
    expect(res.status).toBe(303);
    const page = await author.get(res.headers.location);
    expect(page.text.split('đã quá một năm').length - 1).toBe(1);
    const edit = await postMultipart(author, `${res.headers.location}/edit`, `${res.headers.location}/edit`, requestFields(vinhHoang, fieldId, { ...own, firstAppliedDate: '02/01/2020' }));
    expect(edit.status).toBe(303);
    const again = await author.get(res.headers.location);
    expect(again.text.split('đã quá một năm').length - 1).toBe(1);
  });

  it('creates a past round already closed, for records entered from paper', async () => {
    const page = await secretary.get('/rounds/new');
    expect(page.text).toContain('Trạng thái khi tạo');
    const res = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), year: '2015', name: 'Đợt xét sáng kiến năm 2015', organisingUnitId: String(province), threshold: '70', status: 'closed' });
    expect(res.status).toBe(303);
    expect((await t.db.query('SELECT status, year FROM rounds WHERE id = ?', [idOf(res)]))[0]).toEqual({ status: 'closed', year: 2015 });
    const bad = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), year: '2015', name: 'Sai trạng thái', threshold: '70', status: 'xong' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Vui lòng chọn trạng thái của đợt xét.');
  });

  it('lets the admin find and open the paper-record form; refuses it to others (403) before reading the form', async () => {
    expect((await admin.get('/initiatives')).text).toContain('href="/initiatives/paper/new"');
    const page = await admin.get('/initiatives/paper/new');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nhập sáng kiến từ hồ sơ giấy');
    expect(page.text).toContain('Đợt xét sáng kiến năm 2015');
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    expect((await author.get('/initiatives')).text).not.toContain('/initiatives/paper/new');
    expect((await author.get('/initiatives/paper/new')).status).toBe(403);
    const before = await count(t.db, 'initiatives');
    const refused = await postMultipart(author, '/initiatives/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { year: '2016', submittedOn: '15/06/2016' }));
    expect(refused.status).toBe(403);
    expect(await count(t.db, 'initiatives')).toBe(before);
  });

  it('refuses a bad paper record with messages next to the fields, keeping what was typed; saves nothing', async () => {
    const before = await count(t.db, 'initiatives');
    const res = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { year: '', submittedOn: '', novelty: '' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vui lòng nhập năm của sáng kiến, hoặc chọn đợt xét.');
    expect(res.text).toContain('Vui lòng nhập ngày nộp đơn.');
    expect(res.text).toContain('Vui lòng nhập tính mới.');
    expect(res.text).toContain('value="Lê Thanh Hùng"');
    const mismatch = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { roundId: String(round2016), year: '2017', submittedOn: '31/12/2199' }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('Năm phải là năm của đợt xét đã chọn (2016), hoặc để trống.');
    expect(mismatch.text).toContain('Ngày nộp đơn không được sau ngày hôm nay.');
    expect(await count(t.db, 'initiatives')).toBe(before);
  });

  it('enters a 2015 record from paper: submitted on the day typed, coded SK-2015-…, marked and findable, then on to the decision', async () => {
    const [closed] = await t.db.query(`SELECT id FROM rounds WHERE year = 2015`);
    const res = await postMultipart(
      admin,
      '/initiatives/paper/new',
      '/initiatives/paper/new',
      requestFields(vinhHoa, fieldId, { roundId: String(closed.id), submittedOn: '15/06/2015', firstAppliedDate: '01/01/2012' }),
      [{ name: 'Hồ sơ gốc 2015.pdf', content: PDF }],
    );
    expect(res.status).toBe(303);
    const id = idOf(res);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'submitted', roundId: closed.id, year: 2015, paperRecord: 1 });
    expect(r.code).toMatch(/^SK-2015-\d{4}$/);
    expect(await count(t.db, 'attachments', '"ownerId" = ? AND "ownerType" = ?', [id, 'initiative'])).toBe(1);
    const page = await admin.get(`/initiatives/${id}`);
    expect(page.text).toContain(`Đã nhập sáng kiến ${r.code} (năm 2015) từ hồ sơ giấy.`);
    expect(page.text).toContain('Nhập từ hồ sơ giấy: đơn nộp ngày 15/06/2015');
    expect(page.text).toContain('Năm 2015');
    expect(page.text).toContain(`href="/initiatives/${id}/decision"`);
    // Filed in 2015, first applied in 2012, entered today: no live-cycle warning.
    expect(page.text).not.toContain('đã quá một năm');
    expect((await admin.get('/initiatives?year=2015')).text).toContain('Bộ phận Một cửa xã Vĩnh Hòa hỗ trợ người dân làm thủ tục đất đai');
    expect(await count(t.db, 'audit_events', `action = 'initiative.paper_record' AND "entityId" = ?`, [String(id)])).toBe(1);
  });

  it('numbers paper records of a year without a round one after another, never twice, even entered at once', async () => {
    const token = csrfOf((await admin.get('/initiatives/paper/new')).text);
    const answers = await Promise.all(
      [1, 2, 3].map((n) => {
        let req = admin.post('/initiatives/paper/new').field('_csrf', token);
        for (const [k, v] of Object.entries(requestFields(vinhHoa, fieldId, { title: `Sáng kiến năm 2014 số ${n}`, year: '2014', submittedOn: `0${n}/07/2014`, firstAppliedDate: '01/02/2014' }))) req = req.field(k, v);
        return req;
      }),
    );
    expect(answers.map((a) => a.status)).toEqual([303, 303, 303]);
    const codes = (await t.db.query(`SELECT code FROM initiatives WHERE year = 2014 ORDER BY code`)).map((x: { code: string }) => x.code);
    expect(codes).toEqual(['SK-2014-0001', 'SK-2014-0002', 'SK-2014-0003']);
    // The year filter offers a year that old (the last twelve years alone would not).
    expect((await admin.get('/initiatives')).text).toContain('<option value="2014"');
  });

  it('starts a year\'s numbering after a code of that year already held without a counter', async () => {
    // A code written before the year had a counter (e.g. copied from another system).
    await t.db.query(`UPDATE initiatives SET code = 'SK-2013-0005', year = 2013 WHERE code = 'SK-2014-0003'`);
    expect(await count(t.db, 'code_counters', `name = 'SK-2013'`)).toBe(0);
    const res = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { title: 'Sáng kiến năm 2013', year: '2013', submittedOn: '01/08/2013', firstAppliedDate: '01/02/2013' }));
    expect(res.status).toBe(303);
    expect((await row(idOf(res))).code).toBe('SK-2013-0006');
  });

  // Review fixes (issue 11): a paper record never waits in the live queue, never goes into a
  // round running this year, the starting status of a round is checked, and the paper form
  // marks exactly what it requires.

  const thisYear = new Date().getFullYear();

  it('keeps a paper record entered with only its year out of the "chưa có đợt xét" queue, and refuses to attach it to a live round', async () => {
    const res = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { title: 'Hồ sơ giấy chỉ có năm 2012', year: '2012', submittedOn: '10/10/2012', firstAppliedDate: '01/02/2012' }));
    expect(res.status).toBe(303);
    const id = idOf(res);
    const before = await row(id);
    expect(before).toMatchObject({ status: 'submitted', roundId: null, year: 2012, paperRecord: 1 });

    const queue = await secretary.get('/initiatives/awaiting-round');
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain('Hồ sơ giấy chỉ có năm 2012');
    expect(queue.text).not.toContain(`action="/initiatives/${id}/round"`);
    // Nor does its page say it waits for a round.
    expect((await admin.get(`/initiatives/${id}`)).text).not.toContain('đang chờ Thư ký hội đồng đưa vào đợt xét');

    // Posted anyway, to a round of this year: refused, and nothing recoded.
    const live = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(queue.text), year: String(thisYear), name: `Đợt xét đang nhận hồ sơ năm ${thisYear}`, threshold: '70' });
    expect(live.status).toBe(303);
    const refused = await secretary.post(`/initiatives/${id}/round`).type('form').send({ _csrf: csrfOf(queue.text), roundId: String(idOf(live)) });
    expect(refused.status).toBe(303);
    expect((await secretary.get('/initiatives/awaiting-round')).text).toContain('Sáng kiến nhập từ hồ sơ giấy thuộc năm của hồ sơ, không đưa vào đợt xét đang diễn ra.');
    const after = await row(id);
    expect(after).toMatchObject({ roundId: null, year: 2012, code: before.code });
    expect(await count(t.db, 'audit_events', `action = 'initiative.round' AND "entityId" = ?`, [String(id)])).toBe(0);
  });

  it('refuses a paper record in a round running this year, or of this year without a round, with the message next to the field; saves nothing', async () => {
    const created = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf((await secretary.get('/rounds/new')).text), year: String(thisYear), name: `Đợt xét của năm ${thisYear}`, threshold: '70' });
    expect(created.status).toBe(303);
    const live = { id: idOf(created) };
    // The form offers closed rounds and rounds of earlier years only.
    const form = await admin.get('/initiatives/paper/new');
    const options = /<select[^>]*name="roundId"[^>]*>([\s\S]*?)<\/select>/.exec(form.text)?.[1] ?? '';
    expect(options).toContain('Đợt xét sáng kiến năm 2015');
    expect(options).toContain(`<option value="${round2016}"`);
    expect(options).not.toContain(`<option value="${live.id}"`);

    const before = await count(t.db, 'initiatives');
    const inLive = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { title: 'Hồ sơ giấy vào đợt đang chạy', roundId: String(live.id), submittedOn: '01/02/2016' }));
    expect(inLive.status).toBe(400);
    expect(inLive.text).toMatch(/id="f-roundId-error">Đợt xét &quot;[^"]+&quot; đang diễn ra: sáng kiến nhập từ hồ sơ giấy chỉ đưa vào đợt xét đã kết thúc hoặc của năm trước năm \d{4}/);
    expect(inLive.text).toContain('value="Hồ sơ giấy vào đợt đang chạy"');

    const thisYears = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { title: 'Hồ sơ giấy năm nay', year: String(thisYear), submittedOn: '01/02/2016' }));
    expect(thisYears.status).toBe(400);
    expect(thisYears.text).toContain(`id="f-year-error">Sáng kiến nhập từ hồ sơ giấy phải của năm trước năm ${thisYear}.`);
    expect(thisYears.text).toContain(`value="${thisYear}"`);
    expect(await count(t.db, 'initiatives')).toBe(before);

    // A round of an earlier year, even one not closed, takes it.
    const ok = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { title: 'Hồ sơ giấy đợt 2016', roundId: String(round2016), submittedOn: '01/07/2016' }));
    expect(ok.status).toBe(303);
    expect(await row(idOf(ok))).toMatchObject({ roundId: round2016, year: 2016, paperRecord: 1 });
  });

  it('refuses a paper record of a round, or a year, before the initiative was first applied, beside the field; saves nothing', async () => {
    const [closed] = await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét sáng kiến năm 2015'`);
    const before = await count(t.db, 'initiatives');
    const inRound = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { title: 'Hồ sơ giấy áp dụng từ 2025', roundId: String(closed.id), submittedOn: '15/06/2015', firstAppliedDate: '01/08/2025' }));
    expect(inRound.status).toBe(400);
    expect(inRound.text).toContain('id="f-roundId-error">Đợt xét &quot;Đợt xét sáng kiến năm 2015&quot; là của năm 2015, trước năm 2025 (sáng kiến được áp dụng lần đầu ngày 01/08/2025). Chỉ đưa được sáng kiến vào đợt xét từ năm 2025 trở đi.</div>');
    expect(inRound.text).toContain('value="Hồ sơ giấy áp dụng từ 2025"');
    const inYear = await postMultipart(admin, '/initiatives/paper/new', '/initiatives/paper/new', requestFields(vinhHoa, fieldId, { title: 'Hồ sơ giấy năm 2018 áp dụng từ 2025', year: '2018', submittedOn: '15/06/2018', firstAppliedDate: '01/08/2025' }));
    expect(inYear.status).toBe(400);
    expect(inYear.text).toContain('id="f-year-error">Năm 2018 trước năm 2025 (sáng kiến được áp dụng lần đầu ngày 01/08/2025). Năm của sáng kiến phải từ năm 2025 trở đi.</div>');
    expect(inYear.text).toContain('value="2018"');
    expect(await count(t.db, 'initiatives')).toBe(before);
  });

  it('creates a round already evaluating or closed only for an earlier year, with the message next to the status', async () => {
    const page = await secretary.get('/rounds/new');
    const before = await count(t.db, 'rounds');
    const closedNow = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), year: String(thisYear), name: 'Đợt xét đã kết thúc ngay khi tạo', threshold: '70', status: 'closed' });
    expect(closedNow.status).toBe(400);
    expect(closedNow.text).toContain(`id="f-status-error">Đợt xét năm ${thisYear} bắt đầu ở trạng thái &quot;Đang nhận hồ sơ&quot;.`);
    expect(closedNow.text).toContain('value="Đợt xét đã kết thúc ngay khi tạo"');
    const later = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), year: String(thisYear + 1), name: 'Đợt xét năm sau', threshold: '70', status: 'evaluating' });
    expect(later.status).toBe(400);
    expect(later.text).toContain('id="f-status-error"');
    expect(await count(t.db, 'rounds')).toBe(before);
    const earlier = await secretary.post('/rounds/new').type('form').send({ _csrf: csrfOf(page.text), year: String(thisYear - 1), name: 'Đợt xét năm trước', threshold: '70', status: 'evaluating' });
    expect(earlier.status).toBe(303);
    expect((await t.db.query('SELECT status FROM rounds WHERE id = ?', [idOf(earlier)]))[0].status).toBe('evaluating');
  });

  it('refuses a status posted with the edit of a round instead of ignoring it, and says on the form where the status changes', async () => {
    const edit = await secretary.get(`/rounds/${round2016}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).not.toContain('name="status"');
    expect(edit.text).toContain('Trạng thái không sửa ở đây');
    const fields = { _csrf: csrfOf(edit.text), year: '2016', name: 'Đợt xét sáng kiến năm 2016', organisingUnitId: String(province), threshold: '70' };
    const refused = await secretary.post(`/rounds/${round2016}/edit`).type('form').send({ ...fields, name: 'Đổi tên kèm trạng thái', status: 'closed' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-status-error">Trạng thái của đợt xét không sửa ở đây');
    expect((await t.db.query('SELECT status, name FROM rounds WHERE id = ?', [round2016]))[0]).toEqual({ status: 'open', name: 'Đợt xét sáng kiến năm 2016' });
    expect((await secretary.post(`/rounds/${round2016}/edit`).type('form').send(fields)).status).toBe(303);
  });

  it('marks exactly the fields the paper-record form requires', async () => {
    const page = (await admin.get('/initiatives/paper/new')).text;
    const marked = (name: string) => {
      const m = new RegExp(`<label[^>]*for="f-${name}"[^>]*>([\\s\\S]*?)</label>`).exec(page);
      if (!m) throw new Error(`no label for ${name}`);
      return m[1].includes('required-mark');
    };
    for (const name of ['title', 'unitId', 'fieldId', 'submittedOn', 'problem', 'solution', 'novelty', 'effects']) expect([name, marked(name)]).toEqual([name, true]);
    for (const name of ['conditions', 'applicability', 'firstAppliedDate', 'investorName', 'participants', 'confidentialInfo', 'year', 'roundId']) expect([name, marked(name)]).toEqual([name, false]);
    // The year and the round: one of the two, marked once on their group.
    expect(page).toMatch(/<legend[^>]*>Đợt xét hoặc năm <span class="required-mark" aria-hidden="true">\*<\/span>/);
    // The live form keeps its content optional until submission.
    const live = (await admin.get('/initiatives/new')).text;
    expect(live).toMatch(/<label class="form-label" for="f-novelty">Tính mới<\/label>/);
  });
});
