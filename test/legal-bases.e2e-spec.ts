import TestAgent from 'supertest/lib/agent';
import { docxText } from './helpers/docx-text';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';

/**
 * The register of legal bases (kept by the system administrator) and what each round cites:
 * the decision of recognition prints the round's own "Căn cứ" lines; a round of an earlier
 * year keeps citing what was in force then.
 */
describe('legal bases of the council\'s decisions', () => {
  let t: TestApp;
  let admin: TestAgent;
  let secretary: TestAgent;
  const regulation = { docType: 'Quyết định', number: '12/2025/QĐ-UBND', issuedOn: '01/08/2025', issuer: 'UBND tỉnh Quảng Trị', title: 'ban hành Quy chế xét công nhận sáng kiến trên địa bàn tỉnh', validFrom: '', validTo: '', byDefault: '', position: '40' };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('lists the seeded documents for the system administrator, under Quản trị; 403 for anyone else', async () => {
    const page = await admin.get('/legal-bases');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ ban hành Điều lệ Sáng kiến');
    expect(page.text).toContain('Thông tư số 18/2013/TT-BKHCN ngày 01/8/2013 của Bộ Khoa học và Công nghệ hướng dẫn thi hành một số quy định của Điều lệ Sáng kiến');
    expect(page.text).toContain('Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022');
    expect(page.text).toContain('href="/legal-bases"');
    expect((await secretary.get('/legal-bases')).status).toBe(403);
    const token = csrfOf((await secretary.get('/')).text);
    expect((await secretary.post('/legal-bases/new').type('form').send({ _csrf: token, ...regulation })).status).toBe(403);
    expect(await count(t.db, 'legal_bases')).toBe(3);
  });

  it('adds a provincial regulation: wrong input comes back beside the fields with what was typed, nothing saved', async () => {
    const token = csrfOf((await admin.get('/legal-bases/new')).text);
    const refused = await admin.post('/legal-bases/new').type('form').send({ _csrf: token, ...regulation, number: '', validFrom: '01/07/2025' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-number-error">Vui lòng nhập số, ký hiệu.');
    expect(refused.text).toContain('value="ban hành Quy chế xét công nhận sáng kiến trên địa bàn tỉnh"');
    const early = await admin.post('/legal-bases/new').type('form').send({ _csrf: token, ...regulation, validFrom: '01/07/2025' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('Ngày có hiệu lực không thể trước ngày ban hành.');
    expect(await count(t.db, 'legal_bases')).toBe(3);
    const added = await admin.post('/legal-bases/new').type('form').send({ _csrf: token, ...regulation, validFrom: '15/08/2025' });
    expect(added.status).toBe(303);
    expect((await admin.get('/legal-bases')).text).toContain('Quyết định số 12/2025/QĐ-UBND ngày 01/8/2025 của UBND tỉnh Quảng Trị ban hành Quy chế xét công nhận sáng kiến trên địa bàn tỉnh');
    expect(await count(t.db, 'audit_events', `action = 'legal-basis.create'`)).toBe(1);
  });

  it('keeps the rounds of before on the documents their decisions printed', async () => {
    const [{ id: round2022 }] = await t.db.query(`SELECT id FROM rounds WHERE year = 2022`);
    const page = await secretary.get(`/rounds/${round2022}`);
    expect(page.text).toContain('Căn cứ pháp lý');
    expect(page.text).toContain('Nghị định số 13/2012/NĐ-CP');
    expect(page.text).not.toContain('12/2025/QĐ-UBND');
  });

  it('lets a round choose its bases among those in force in its year, and its decision cites them', async () => {
    const [{ id: regulationId }] = await t.db.query(`SELECT id FROM legal_bases WHERE number = '12/2025/QĐ-UBND'`);
    const [{ id: decreeId }] = await t.db.query(`SELECT id FROM legal_bases WHERE number = '13/2012/NĐ-CP'`);
    const form = await secretary.get('/rounds/new');
    // The defaults come ticked; the new regulation is offered.
    expect(form.text).toMatch(new RegExp(`name="legalBasisIds" id="f-legalBasisIds-${decreeId}" value="${decreeId}" checked`));
    expect(form.text).toContain(`id="f-legalBasisIds-${regulationId}"`);
    const fields = { _csrf: csrfOf(form.text), name: 'Đợt xét bổ sung', threshold: '70', organisingUnitId: String(await unitId(t.db, 'QT')), legalBasesShown: '1' };
    // A round of 2024 may not cite a regulation of 2025.
    const refused = await secretary.post('/rounds/new').type('form').send(`${new URLSearchParams({ ...fields, year: '2024', status: 'closed' })}&legalBasisIds=${decreeId}&legalBasisIds=${regulationId}`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-legalBasisIds-error">Quyết định số 12/2025/QĐ-UBND có hiệu lực từ 15/8/2025, sau năm 2024 của đợt xét.');
    const created = await secretary.post('/rounds/new').type('form').send(`${new URLSearchParams({ ...fields, year: '2026' })}&legalBasisIds=${regulationId}&legalBasisIds=${decreeId}`);
    expect(created.status).toBe(303);
    const roundId = Number(created.headers.location.split('/').pop());
    const page = await secretary.get(`/rounds/${roundId}`);
    expect(page.text.indexOf('13/2012/NĐ-CP')).toBeLessThan(page.text.indexOf('12/2025/QĐ-UBND'));

    const docx = await secretary.get(`/rounds/${roundId}/recognition.docx`).buffer(true).parse(binary as never);
    expect(docx.status).toBe(200);
    const text = docxText(docx.body as Buffer);
    expect(text).toContain('Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ ban hành Điều lệ Sáng kiến;');
    expect(text).toContain('Căn cứ Quyết định số 12/2025/QĐ-UBND ngày 01/8/2025 của UBND tỉnh Quảng Trị ban hành Quy chế xét công nhận sáng kiến trên địa bàn tỉnh;');
    expect(text).not.toContain('18/2013/TT-BKHCN');
    // The 2022 round's decision still cites the decree and the circular.
    const [{ id: round2022 }] = await t.db.query(`SELECT id FROM rounds WHERE year = 2022`);
    const old = docxText((await secretary.get(`/rounds/${round2022}/recognition.docx`).buffer(true).parse(binary as never)).body as Buffer);
    expect(old).toContain('Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01/8/2013 của Bộ Khoa học và Công nghệ');
    expect(old).not.toContain('12/2025/QĐ-UBND');
  });

  it('ends a document by its last day in force, refusing a day before it began; a round of a later year may no longer cite it', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM legal_bases WHERE number = '12/2025/QĐ-UBND'`);
    const form = await admin.get(`/legal-bases/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="12/2025/QĐ-UBND"');
    const fields = { _csrf: csrfOf(form.text), ...regulation, validFrom: '15/08/2025' };
    const refused = await admin.post(`/legal-bases/${id}/edit`).type('form').send({ ...fields, validTo: '01/08/2025' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-validTo-error">Ngày cuối còn hiệu lực phải sau ngày có hiệu lực.');
    expect((await t.db.query('SELECT "validTo" FROM legal_bases WHERE id = ?', [id]))[0].validTo).toBeNull();
    expect((await admin.get('/legal-bases/99999/edit')).status).toBe(404);

    expect((await admin.post(`/legal-bases/${id}/edit`).type('form').send({ ...fields, validTo: '31/12/2025' })).status).toBe(303);
    expect(await count(t.db, 'audit_events', `action = 'legal-basis.update'`)).toBe(1);
    const page = await secretary.get('/rounds/new');
    const refusedRound = await secretary
      .post('/rounds/new')
      .type('form')
      .send(`${new URLSearchParams({ _csrf: csrfOf(page.text), name: 'Đợt xét năm 2027', year: '2027', threshold: '70', organisingUnitId: String(await unitId(t.db, 'QT')), legalBasesShown: '1' })}&legalBasisIds=${id}`);
    expect(refusedRound.status).toBe(400);
    expect(refusedRound.text).toContain('Quyết định số 12/2025/QĐ-UBND hết hiệu lực từ 01/1/2026, trước năm 2027 của đợt xét.');
  });
});
