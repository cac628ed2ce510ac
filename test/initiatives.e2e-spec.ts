import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';
import { DOCX, EXE, PDF, PNG } from './helpers/files';

type Fields = Record<string, string | string[]>;

/** A complete request for recognition, as the form posts it. */
function requestFields(unit: number, field: number, extra: Fields = {}): Fields {
  return {
    title: 'Ứng dụng mã QR tra cứu thủ tục hành chính tại Bộ phận Một cửa xã Vĩnh Hoàng',
    unitId: String(unit),
    fieldId: String(field),
    problem: 'Người dân phải chờ lâu để được hướng dẫn thủ tục; nhiều hồ sơ phải bổ sung nhiều lần.',
    solution: 'Niêm yết mã QR cho từng thủ tục; người dân quét mã để xem thành phần hồ sơ và nộp trực tuyến.',
    novelty: 'Lần đầu áp dụng tại xã; không tốn kinh phí in ấn.',
    conditions: 'Có điện thoại thông minh, kết nối Internet.',
    applicability: 'Áp dụng được ở mọi xã, phường.',
    effects: 'Giảm thời gian chờ, tăng tỷ lệ hồ sơ trực tuyến.',
    firstAppliedDate: '15/03/2026',
    investorName: '',
    participants: 'Công chức Bộ phận Một cửa xã',
    confidentialInfo: 'Mật khẩu trang quản trị mã QR: bí-mật-123',
    'authors[0][fullName]': 'Ngô Thị Thanh Hà',
    'authors[0][birthDate]': '12/05/1988',
    'authors[0][workplace]': 'UBND xã Vĩnh Hoàng',
    'authors[0][jobTitle]': 'Công chức Văn phòng HĐND và UBND xã',
    'authors[0][qualification]': 'Cử nhân Luật',
    'authors[0][share]': '60',
    'authors[0][username]': 'tacgia',
    'authors[1][fullName]': 'Võ Đức Hạnh',
    'authors[1][share]': '40',
    'indicators[0][name]': 'Tỷ lệ hồ sơ nộp trực tuyến',
    'indicators[0][unitOfMeasure]': '%',
    'indicators[0][before]': '12,5',
    'indicators[0][after]': '68',
    attachmentVisibility: 'internal',
    ...extra,
  };
}

async function postForm(agent: TestAgent, pagePath: string, action: string, fields: Fields, files: { name: string; content: Buffer }[] = []) {
  const page = await agent.get(pagePath);
  let req = agent.post(action).field('_csrf', csrfOf(page.text));
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) req = req.field(k, item);
  for (const f of files) req = req.attach('attachments', f.content, f.name);
  return req;
}

describe('initiatives', () => {
  let t: TestApp;
  let author: TestAgent;
  let vinhHoang: number;
  let fieldId: number;
  const uploads = () => readdirSync(join(t.dir, 'uploads')).filter((f) => f !== 'tmp');
  const tmpFiles = () => readdirSync(join(t.dir, 'uploads', 'tmp'));

  beforeAll(async () => {
    t = await createTestApp({ demo: true, env: { MAX_FILE_MB: '1', MAX_INITIATIVE_MB: '2' } });
    author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    fieldId = (await t.db.query(`SELECT id FROM fields WHERE name = 'Cải cách thủ tục hành chính'`))[0].id;
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  let created: number;

  it('creates a draft with two authors, an indicator and two attachments', async () => {
    const res = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, fieldId), [
      { name: 'Tờ trình sáng kiến.pdf', content: PDF },
      { name: 'Ảnh niêm yết mã QR.png', content: PNG },
    ]);
    expect(res.status).toBe(303);
    created = Number(res.headers.location.split('/').pop());
    const [row] = await t.db.query('SELECT * FROM initiatives WHERE id = ?', [created]);
    expect(row).toMatchObject({ status: 'draft', code: null, unitId: vinhHoang, firstAppliedDate: '2026-03-15' });
    const authors = await t.db.query('SELECT * FROM initiative_authors WHERE "initiativeId" = ? ORDER BY position', [created]);
    expect(authors.map((a: { fullName: string; share: number }) => [a.fullName, a.share])).toEqual([
      ['Ngô Thị Thanh Hà', 60],
      ['Võ Đức Hạnh', 40],
    ]);
    expect(authors[0].birthDate).toBe('1988-05-12');
    expect(authors[0].userId).not.toBeNull();
    const [indicator] = await t.db.query('SELECT * FROM initiative_indicators WHERE "initiativeId" = ?', [created]);
    expect(indicator).toMatchObject({ name: 'Tỷ lệ hồ sơ nộp trực tuyến', before: 12.5, after: 68 });
    const files = await t.db.query('SELECT * FROM attachments WHERE "ownerId" = ? ORDER BY id', [created]);
    expect(files.map((f: { originalName: string; mediaType: string }) => [f.originalName, f.mediaType])).toEqual([
      ['Tờ trình sáng kiến.pdf', 'application/pdf'],
      ['Ảnh niêm yết mã QR.png', 'image/png'],
    ]);
    expect(files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(files[0].size)).toBe(PDF.length);
    expect(files[0].storedName).toMatch(/^[0-9a-f]{32}\.pdf$/);
    for (const f of files) expect(existsSync(join(t.dir, 'uploads', f.storedName))).toBe(true);
    expect(tmpFiles()).toEqual([]);

    const page = await author.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bản nháp');
    expect(page.text).toContain('Tờ trình sáng kiến.pdf');
    expect(page.text).toContain('12,5');
    expect(page.text).toContain('Tạo bản nháp');
  });

  it('returns the form with messages and everything typed, keeping the uploaded files; saves no initiative', async () => {
    const before = await count(t.db, 'initiatives');
    const res = await postForm(
      author,
      '/initiatives/new',
      '/initiatives/new',
      requestFields(vinhHoang, fieldId, { title: '', 'authors[1][share]': '30', 'indicators[0][before]': 'nhiều', firstAppliedDate: '31/02/2026' }),
      [{ name: 'Báo cáo kết quả.docx', content: DOCX }],
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vui lòng nhập tên sáng kiến.');
    expect(res.text).toContain('Tổng tỷ lệ đóng góp của các tác giả phải bằng 100% (hiện là 90%).');
    expect(res.text).toContain('Giá trị phải là một số.');
    expect(res.text).toContain('Ngày áp dụng lần đầu không phải là ngày hợp lệ');
    expect(res.text).toContain('value="Võ Đức Hạnh"');
    expect(res.text).toContain('Người dân phải chờ lâu');
    expect(res.text).toContain('value="31/02/2026"');
    expect(res.text).toContain('Báo cáo kết quả.docx');
    expect(await count(t.db, 'initiatives')).toBe(before);
    const staged = /name="staged" value="(\d+)"/.exec(res.text);
    expect(staged).not.toBeNull();

    // Sent again, corrected, without choosing the file again: the kept file is attached.
    const again = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, fieldId, { staged: staged?.[1] as string, title: 'Sáng kiến có tệp giữ lại' }));
    expect(again.status).toBe(303);
    const id = Number(again.headers.location.split('/').pop());
    const files = await t.db.query('SELECT "originalName" FROM attachments WHERE "ownerId" = ?', [id]);
    expect(files).toEqual([{ originalName: 'Báo cáo kết quả.docx' }]);
  });

  it('refuses an .exe renamed .pdf, naming it; nothing is stored', async () => {
    const beforeRows = await count(t.db, 'attachments');
    const beforeFiles = uploads().length;
    const res = await postForm(author, `/initiatives/${created}`, `/initiatives/${created}/attachments`, { attachmentVisibility: 'internal' }, [{ name: 'hoso.pdf', content: EXE }]);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tệp &quot;hoso.pdf&quot; không thuộc loại được chấp nhận');
    expect(await count(t.db, 'attachments')).toBe(beforeRows);
    expect(uploads().length).toBe(beforeFiles);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses a file over the size limit with a clear message; nothing is stored', async () => {
    const beforeRows = await count(t.db, 'attachments');
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10)]);
    const res = await postForm(author, `/initiatives/${created}`, `/initiatives/${created}/attachments`, { attachmentVisibility: 'internal' }, [{ name: 'lon.pdf', content: big }]);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Mỗi tệp không được lớn quá 1 MB. Tệp chưa được lưu.');
    expect(await count(t.db, 'attachments')).toBe(beforeRows);
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses files that would take an initiative over its total limit', async () => {
    const almost = Buffer.concat([PDF, Buffer.alloc(900 * 1024)]);
    const res = await postForm(author, `/initiatives/${created}`, `/initiatives/${created}/attachments`, { attachmentVisibility: 'internal' }, [
      { name: 'a.pdf', content: almost },
      { name: 'b.pdf', content: almost },
      { name: 'c.pdf', content: almost },
    ]);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tổng dung lượng tệp đính kèm của một sáng kiến không được vượt quá 2 MB');
    expect(await count(t.db, 'attachments', '"ownerId" = ?', [created])).toBe(2);
    expect(tmpFiles()).toEqual([]);
  });

  it('stores a file named ../../x.pdf under a random name, and shows only x.pdf', async () => {
    const res = await postForm(author, `/initiatives/${created}`, `/initiatives/${created}/attachments`, { attachmentVisibility: 'internal' }, [{ name: '../../x.pdf', content: PDF }]);
    expect(res.status).toBe(303);
    const [row] = await t.db.query('SELECT * FROM attachments WHERE "ownerId" = ? ORDER BY id DESC LIMIT 1', [created]);
    expect(row.originalName).toBe('x.pdf');
    expect(row.storedName).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(existsSync(join(t.dir, 'x.pdf'))).toBe(false);
    expect(existsSync(join(t.dir, 'uploads', row.storedName))).toBe(true);
  });

  it('downloads through the app with the Vietnamese file name and nosniff', async () => {
    const [row] = await t.db.query(`SELECT id FROM attachments WHERE "originalName" = 'Tờ trình sáng kiến.pdf'`);
    const res = await author.get(`/attachments/${row.id}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="To trinh sang kien.pdf"; filename*=UTF-8''${encodeURIComponent('Tờ trình sáng kiến.pdf')}`);
    expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    // Another unit's focal point may not download an internal file of a draft.
    const other = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await other.get(`/attachments/${row.id}`)).status).toBe(403);
    // Signed out: sent to sign in first.
    expect((await t.agent().get(`/attachments/${row.id}`)).status).toBe(303);
  });

  it("lets the unit's focal point edit, but not another unit's author (403)", async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    expect((await focal.get(`/initiatives/${created}/edit`)).status).toBe(200);
    const other = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await other.get(`/initiatives/${created}/edit`)).status).toBe(403);
    const res = await postForm(other, '/initiatives', `/initiatives/${created}/edit`, requestFields(vinhHoang, fieldId, { title: 'Bị sửa trái phép' }));
    expect(res.status).toBe(403);
    const [row] = await t.db.query('SELECT title FROM initiatives WHERE id = ?', [created]);
    expect(row.title).not.toBe('Bị sửa trái phép');
  });

  it('warns (without refusing) when the first application is over a year old', async () => {
    const res = await postForm(author, `/initiatives/${created}/edit`, `/initiatives/${created}/edit`, requestFields(vinhHoang, fieldId, { firstAppliedDate: '01/01/2020' }));
    expect(res.status).toBe(303);
    const page = await author.get(`/initiatives/${created}`);
    expect(page.text).toContain('đã quá một năm trước ngày nộp');
    await postForm(author, `/initiatives/${created}/edit`, `/initiatives/${created}/edit`, requestFields(vinhHoang, fieldId));
  });

  it('submits: code SK-YYYY-NNNN, timeline entry, first revision; then nobody edits it', async () => {
    const page = await author.get(`/initiatives/${created}`);
    const res = await author.post(`/initiatives/${created}/submit`).type('form').send({ _csrf: csrfOf(page.text), note: 'Kính gửi Hội đồng' });
    expect(res.status).toBe(303);
    const [row] = await t.db.query('SELECT * FROM initiatives WHERE id = ?', [created]);
    const year = new Date().getFullYear();
    expect(row.status).toBe('submitted');
    expect(row.code).toMatch(new RegExp(`^SK-${year}-\\d{4}$`));
    const shown = await author.get(`/initiatives/${created}`);
    expect(shown.text).toContain(row.code);
    expect(shown.text).toContain('Kính gửi Hội đồng');
    expect(shown.text).toContain('Phiên bản 1');
    expect(await count(t.db, 'initiative_revisions', '"initiativeId" = ?', [created])).toBe(1);

    // No round was open: it waits for the secretary, and its authors may still edit it
    // (issue 11, item 2). Once in a round, nobody edits it.
    expect(shown.text).toContain('đang chờ Thư ký hội đồng đưa vào đợt xét');
    expect((await author.get(`/initiatives/${created}/edit`)).status).toBe(200);
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const [round] = await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét sáng kiến cải cách hành chính năm 2026'`);
    const queue = await secretary.get('/initiatives/awaiting-round');
    expect((await secretary.post(`/initiatives/${created}/round`).type('form').send({ _csrf: csrfOf(queue.text), roundId: String(round.id) })).status).toBe(303);

    for (const who of ['tacgia', 'daumoi.vinhhoa', 'admin']) {
      const agent = await signIn(t.agent(), who, DEMO_PASSWORD);
      expect((await agent.get(`/initiatives/${created}/edit`)).status).toBe(403);
      const attempt = await postForm(agent, `/initiatives/${created}`, `/initiatives/${created}/edit`, requestFields(vinhHoang, fieldId, { title: 'Sửa sau khi nộp' }));
      expect(attempt.status).toBe(403);
    }
    const [after] = await t.db.query('SELECT title FROM initiatives WHERE id = ?', [created]);
    expect(after.title).not.toBe('Sửa sau khi nộp');
    const again = await author.post(`/initiatives/${created}/submit`).type('form').send({ _csrf: csrfOf(shown.text) });
    expect(again.status).toBe(303);
    expect((await author.get(`/initiatives/${created}`)).text).toContain('Không thể chuyển sáng kiến từ trạng thái &quot;Đã nộp&quot; sang &quot;Đã nộp&quot;.');
  });

  it('gives each submission its own code, never reused', async () => {
    const res = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, fieldId, { title: 'Sáng kiến thứ hai' }));
    const id = Number(res.headers.location.split('/').pop());
    const page = await author.get(`/initiatives/${id}`);
    await author.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(page.text) });
    const codes = (await t.db.query('SELECT code FROM initiatives WHERE code IS NOT NULL ORDER BY code')).map((r: { code: string }) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    const withdrawn = await author.post(`/initiatives/${id}/withdraw`).type('form').send({ _csrf: csrfOf(page.text), note: 'Trùng với sáng kiến khác' });
    expect(withdrawn.status).toBe(303);
    const [row] = await t.db.query('SELECT status, code FROM initiatives WHERE id = ?', [id]);
    expect(row.status).toBe('withdrawn');
    expect(row.code).not.toBeNull();
  });

  it('starts with one author and one indicator; "Thêm tác giả" without JavaScript brings the form back with one more block, as typed, files kept, nothing saved', async () => {
    const form = await author.get('/initiatives/new');
    expect(form.text.match(/name="authors\[\d+\]\[fullName\]"/g)).toHaveLength(1);
    expect(form.text.match(/name="indicators\[\d+\]\[name\]"/g)).toHaveLength(1);
    // The form's default button (Enter in a field) saves; "Thêm …" are submit buttons naming what to add.
    expect(form.text.indexOf('<button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">Lưu</button>')).toBeLessThan(form.text.indexOf('name="addRow"'));
    expect(form.text).toContain('<button type="submit" name="addRow" value="authors" formnovalidate class="btn btn-sm btn-outline-secondary add-row" data-target="authors">Thêm tác giả</button>');
    const before = await count(t.db, 'initiatives');
    const fields = requestFields(vinhHoang, fieldId, { title: 'Thêm một tác giả', addRow: 'authors' });
    delete fields['authors[1][fullName]'];
    delete fields['authors[1][share]'];
    const res = await postForm(author, '/initiatives/new', '/initiatives/new', fields, [{ name: 'Kế hoạch.pdf', content: PDF }]);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('id="error-summary"');
    expect(res.text).toContain('value="Thêm một tác giả"');
    expect(res.text).toContain('name="authors[0][fullName]" value="Ngô Thị Thanh Hà"');
    expect(res.text).toContain('name="authors[1][fullName]" value=""');
    expect(res.text.match(/name="indicators\[\d+\]\[name\]"/g)).toHaveLength(1);
    expect(res.text).toContain('Kế hoạch.pdf');
    expect(await count(t.db, 'initiatives')).toBe(before);
    // "Thêm chỉ số" likewise.
    const more = await postForm(author, '/initiatives/new', '/initiatives/new', { ...fields, addRow: 'indicators' });
    expect(more.status).toBe(200);
    expect(more.text.match(/name="indicators\[\d+\]\[name\]"/g)).toHaveLength(2);
    expect(await count(t.db, 'initiatives')).toBe(before);
  });

  it('refuses to submit an incomplete initiative, saying what is missing', async () => {
    const res = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, fieldId, { title: 'Chưa đủ nội dung', novelty: '', effects: '' }));
    const id = Number(res.headers.location.split('/').pop());
    const page = await author.get(`/initiatives/${id}`);
    const refused = await author.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(page.text) });
    // The author is taken to the edit form, where each missing part is marked and linked.
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(`/initiatives/${id}/edit?nop=1#error-summary`);
    const form = await author.get(`/initiatives/${id}/edit?nop=1`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Chưa nộp được: sáng kiến còn thiếu những phần dưới đây (bản nháp vẫn giữ nguyên).');
    expect(form.text).toContain('<li><a class="alert-link fw-normal" href="#f-novelty">Cần điền tính mới để nộp.</a></li>');
    expect(form.text).toContain('<li><a class="alert-link fw-normal" href="#f-effects">Cần điền hiệu quả để nộp.</a></li>');
    expect(form.text).toMatch(/class="form-control is-invalid" id="f-novelty" name="novelty"/);
    expect(form.text).toContain('id="f-effects-error">Cần điền hiệu quả để nộp.</div>');
    // What was saved is still there; the plain edit form marks nothing.
    expect(form.text).toContain('value="Chưa đủ nội dung"');
    expect((await author.get(`/initiatives/${id}/edit`)).text).not.toContain('id="error-summary"');
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [id]))[0].status).toBe('draft');
    // The administrator, who may submit for a unit but not edit its drafts, is told on the page.
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const adminPage = await admin.get(`/initiatives/${id}`);
    const byAdmin = await admin.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(adminPage.text) });
    expect(byAdmin.headers.location).toBe(`/initiatives/${id}`);
    expect((await admin.get(`/initiatives/${id}`)).text).toContain('Chưa nộp được: cần điền tính mới, hiệu quả');
  });
});

describe('initiatives: deleting a draft', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('offers "Xóa bản nháp" (not "Rút sáng kiến") on a draft never submitted, and deletes it with its rows and files; audited', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const vinhHoang = await unitId(t.db, 'QT-VHOANG');
    const [{ id: fieldId }] = await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1');
    const res = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, fieldId, { title: 'Bản nháp sẽ xóa' }), [{ name: 'Tờ trình.pdf', content: PDF }]);
    expect(res.status).toBe(303);
    const id = Number(res.headers.location.split('/').pop());
    const [file] = await t.db.query(`SELECT "storedName" FROM attachments WHERE "ownerType" = 'initiative' AND "ownerId" = ?`, [id]);
    expect(existsSync(join(t.dir, 'uploads', file.storedName))).toBe(true);
    const page = await author.get(`/initiatives/${id}`);
    expect(page.text).toContain('<button type="submit" class="btn btn-outline-danger">Xóa bản nháp</button>');
    expect(page.text).not.toContain('Rút sáng kiến</button>');
    // Someone outside its side: 403, nothing of it named, nothing deleted.
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const refused = await member.post(`/initiatives/${id}/delete`).type('form').send({ _csrf: csrfOf((await member.get('/')).text) });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('Bản nháp sẽ xóa');
    expect(await count(t.db, 'initiatives', 'id = ?', [id])).toBe(1);

    const deleted = await author.post(`/initiatives/${id}/delete`).type('form').send({ _csrf: csrfOf(page.text) });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.location).toBe('/');
    expect((await author.get('/')).text).toContain('Đã xóa bản nháp &quot;Bản nháp sẽ xóa&quot;.');
    for (const [table, where] of [['initiatives', 'id = ?'], ['initiative_authors', '"initiativeId" = ?'], ['initiative_indicators', '"initiativeId" = ?'], ['attachments', `"ownerType" = 'initiative' AND "ownerId" = ?`]] as const) {
      expect({ table, rows: await count(t.db, table, where, [id]) }).toEqual({ table, rows: 0 });
    }
    // The file goes once the deletion has committed.
    for (let waited = 0; existsSync(join(t.dir, 'uploads', file.storedName)) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(t.dir, 'uploads', file.storedName))).toBe(false);
    expect((await author.get(`/initiatives/${id}`)).status).toBe(404);
    const [event] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'initiative.delete-draft' AND "entityId" = ?`, [id]);
    expect(event.summary).toBe('Xóa bản nháp "Bản nháp sẽ xóa" (cùng 1 tệp đính kèm)');
    expect((await author.get(`/initiatives?q=${encodeURIComponent('Bản nháp sẽ xóa')}`)).text).not.toContain(`/initiatives/${id}"`);
  });

  it('refuses to delete an initiative once submitted (it is withdrawn instead), saying so', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const [{ id: fieldId }] = await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1');
    const created = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(await unitId(t.db, 'QT-VHOANG'), fieldId, { title: 'Đã nộp, không xóa' }));
    const id = Number(created.headers.location.split('/').pop());
    expect((await author.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf((await author.get(`/initiatives/${id}`)).text) })).status).toBe(303);
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [id]))[0].status).toBe('submitted');
    const page = await author.get(`/initiatives/${id}`);
    expect(page.text).not.toContain('Xóa bản nháp</button>');
    const res = await author.post(`/initiatives/${id}/delete`).type('form').send({ _csrf: csrfOf(page.text) });
    expect(res.headers.location).toBe(`/initiatives/${id}`);
    expect((await author.get(`/initiatives/${id}`)).text).toContain('Chỉ xóa được bản nháp chưa nộp lần nào; sáng kiến đã nộp thì rút.');
    expect(await count(t.db, 'initiatives', 'id = ?', [id])).toBe(1);
  });
});

describe('initiatives: privacy and robustness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('keeps a draft withdrawn before submission private', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const [draft] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'draft'`);
    const page = await author.get(`/initiatives/${draft.id}`);
    expect((await author.post(`/initiatives/${draft.id}/withdraw`).type('form').send({ _csrf: csrfOf(page.text), note: 'Bỏ' })).status).toBe(303);
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await member.get(`/initiatives/${draft.id}`)).status).toBe(403);
    expect((await member.get('/initiatives?status=withdrawn')).text).not.toContain('Số hóa sổ hộ tịch');
    expect((await author.get(`/initiatives/${draft.id}`)).status).toBe(200);
  });

  it('answers a repeated query parameter with a page, not an error', async () => {
    expect((await t.agent().get('/catalogue?q=qr&q=mot%20cua&year=2022&year=x')).status).toBe(200);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    for (const path of ['/initiatives?q=a&q=b', '/units?q=a&q=b', '/users?q=a&q=b', '/audit?q=a&q=b', '/initiatives/export.csv?q=a&q=b']) {
      expect((await admin.get(path)).status).toBe(200);
    }
  });

  it('shows the last page when asked for a page past the end', async () => {
    const res = await t.agent().get('/catalogue?page=99');
    expect(res.text).toContain('Sử dụng tờ rơi tuyên truyền dịch vụ công trực tuyến');
  });

  it('gives kept files the visibility chosen when the form is finally saved, and keeps them through a refused file', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const vinhHoang = await unitId(t.db, 'QT-VHOANG');
    const [field] = await t.db.query('SELECT id FROM fields LIMIT 1');
    const first = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, field.id, { title: '', attachmentVisibility: 'public' }), [{ name: 'Công văn nội bộ.pdf', content: PDF }]);
    expect(first.status).toBe(400);
    const staged = /name="staged" value="(\d+)"/.exec(first.text)?.[1] as string;
    // Sent again with a refused file: the kept one is still listed.
    const second = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, field.id, { staged, attachmentVisibility: 'internal' }), [{ name: 'virus.pdf', content: EXE }]);
    expect(second.status).toBe(400);
    expect(second.text).toContain('Công văn nội bộ.pdf');
    expect(second.text).toContain(`name="staged" value="${staged}"`);
    const third = await postForm(author, '/initiatives/new', '/initiatives/new', requestFields(vinhHoang, field.id, { staged, attachmentVisibility: 'internal' }));
    expect(third.status).toBe(303);
    const [row] = await t.db.query('SELECT visibility, "ownerId" FROM attachments WHERE id = ?', [staged]);
    expect(row.visibility).toBe('internal');
    expect(row.ownerId).not.toBeNull();
  });

  it("links the initiative's unit only for those who may open the unit's page", async () => {
    const vinhHoa = await unitId(t.db, 'VL-VH');
    const [recognised] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'recognized' AND "unitId" = ? ORDER BY id LIMIT 1`, [vinhHoa]);
    const link = `href="/units/${vinhHoa}"`;
    // Another commune's focal point reads a recognised initiative of Vĩnh Hòa, but not Vĩnh Hòa's page.
    const outsider = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const page = await outsider.get(`/initiatives/${recognised.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(link);
    expect(page.text).toContain('UBND xã Vĩnh Hòa (nay thuộc UBND xã Vĩnh Hoàng)');
    expect((await outsider.get(`/units/${vinhHoa}`)).status).toBe(403);
    // Its own focal point and the admin get the link, and the page opens.
    for (const username of ['daumoi.vinhhoa', 'admin']) {
      const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
      expect((await agent.get(`/initiatives/${recognised.id}`)).text).toContain(link);
      expect((await agent.get(`/units/${vinhHoa}`)).status).toBe(200);
    }
  });
});
