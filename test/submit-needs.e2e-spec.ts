import { APP_HOOK_TIMEOUT, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';

/** What submitting needs is said from the start: on the form beside each part, and on a draft's page as links to the fields. */
describe('what a submission needs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('marks the parts a submission needs on the form, and lists what a draft still lacks as links to its fields', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const form = await author.get('/initiatives/new');
    expect(form.text).toContain('<div class="form-text" id="f-novelty-hint">Cần có khi nộp. </div>');
    expect(form.text).toContain('id="f-problem-hint">Cần có khi nộp. Tình trạng trước khi có sáng kiến, lý do đề xuất.</div>');
    expect(form.text).toContain('Các phần ghi "Cần có khi nộp" để trống được khi lưu bản nháp.');
    const [{ id: fieldId }] = await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1');
    const saved = await author
      .post('/initiatives/new')
      .field('_csrf', csrfOf(form.text))
      .field('title', 'Bản nháp còn thiếu')
      .field('unitId', String(await unitId(t.db, 'QT-VHOANG')))
      .field('fieldId', String(fieldId))
      .field('solution', 'Giải pháp đã có')
      .field('authors[0][fullName]', 'Ngô Thị Thanh Hà')
      .field('authors[0][share]', '100')
      .field('attachmentVisibility', 'internal');
    expect(saved.status).toBe(303);
    const id = Number(saved.headers.location.split('/').pop());
    const page = await author.get(`/initiatives/${id}`);
    expect(page.text).toContain(
      `Để nộp, còn cần điền: <a href="/initiatives/${id}/edit#f-problem">thực trạng, vấn đề cần giải quyết</a>, <a href="/initiatives/${id}/edit#f-novelty">tính mới</a>, <a href="/initiatives/${id}/edit#f-effects">hiệu quả</a>, <a href="/initiatives/${id}/edit#f-firstAppliedDate">ngày áp dụng lần đầu</a>.`,
    );
    // The paper-record form requires them outright: no such hint there.
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    expect((await admin.get('/initiatives/paper/new')).text).not.toContain('Cần có khi nộp');
  });
});
