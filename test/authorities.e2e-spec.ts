import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { Authorities1765300000000 } from '../src/database/migrations/1765300000000-Authorities';
import { docxText } from './helpers/docx-text';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

describe('authorities that issue documents: profiles with history, structured signing, snapshots, the authority of a paper record', () => {
  let t: TestApp;
  let admin: TestAgent;
  let token: string;
  let vl: number;
  let qt: number;
  let round2022: number;
  let round2026: number;

  const download = (agent: TestAgent, path: string) => agent.get(path).buffer(true).parse(binary as never);
  const docx = async (path: string) => docxText((await download(admin, path)).body as Buffer);

  /** An initiative of the demo turned into a paper record of an earlier year, waiting for its decision. */
  async function paperRecord(code: string, roundId: number | null): Promise<number> {
    const [{ id }] = await t.db.query(`SELECT id FROM initiatives WHERE "paperRecord" = ? AND status IN ('draft', 'submitted', 'returned', 'under_review') ORDER BY id LIMIT 1`, [false]);
    await t.db.query(`UPDATE initiatives SET code = ?, year = 2019, "paperRecord" = ?, "roundId" = ?, status = 'submitted' WHERE id = ?`, [code, true, roundId, id]);
    return Number(id);
  }

  const decide = (id: number, fields: Record<string, string>) =>
    admin
      .post(`/initiatives/${id}/decision`)
      .type('form')
      .send({ _csrf: token, outcome: 'recognized', level: 'district', number: '12/QĐ-UBND', date: '20/12/2019', place: 'Vĩnh Linh', signingMode: 'own', headTitle: 'CHỦ TỊCH', signerTitle: '', signerName: 'Nguyễn Hữu Thắng', reasons: '', votesFor: '2', votesAgainst: '0', votesAbstain: '0', councilSize: '2', meanTotal: '80', ...fields });

  const profile = (unit: number, fields: Record<string, string>) =>
    admin
      .post(`/units/${unit}/authority`)
      .type('form')
      .send({ _csrf: token, validFrom: '01/01/2026', headingLines: 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ', name: 'Ủy ban nhân dân tỉnh Quảng Trị', place: 'Quảng Trị', symbol: 'QĐ-UBND', headTitle: 'CHỦ TỊCH', recipients: 'Chánh Văn phòng Ủy ban nhân dân tỉnh\nGiám đốc Sở Nội vụ', ...fields });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    token = csrfOf((await admin.get('/rounds/new')).text);
    vl = await unitId(t.db, 'VL');
    qt = await unitId(t.db, 'QT');
    round2022 = Number((await t.db.query('SELECT id FROM rounds WHERE year = 2022'))[0].id);
    round2026 = Number((await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét sáng kiến cải cách hành chính năm 2026'`))[0].id);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('fills, by its migration, the snapshot of every decision recorded before, from the data of the day', async () => {
    // The demo's decisions are written after the migrations ran: run this one again over them.
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await new Authorities1765300000000().down(runner);
      await new Authorities1765300000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows = (await t.db.query('SELECT "authorityUnitId", snapshot, "roundId" FROM decisions ORDER BY id')) as { authorityUnitId: number | null; snapshot: string | null; roundId: number }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.snapshot).not.toBeNull();
    const kept = JSON.parse(rows.find((r) => Number(r.roundId) === round2022)!.snapshot!);
    expect(kept.authority).toMatchObject({ unitId: vl, lines: ['UBND HUYỆN VĨNH LINH'], place: 'Vĩnh Linh', symbol: 'QĐ-UBND', headTitle: 'CHỦ TỊCH' });
    expect(kept.signer.lines).toEqual(['CHỦ TỊCH']);
    expect(kept.signer.name).toBe('Hoàng Văn Minh');
    // The positions are those the members hold on the day the migration runs.
    expect(kept.members).toContainEqual(expect.objectContaining({ name: 'Trương Quang Vinh', position: 'Phó Giám đốc Sở Nội vụ, Chủ tịch Hội đồng sáng kiến tỉnh', role: 'Chủ tịch hội đồng' }));
    expect(await count(t.db, 'authority_profiles')).toBe(0);
  });

  it('links the unit page to its authority profile, which shows the defaults derived from the unit', async () => {
    expect((await admin.get(`/units/${vl}`)).text).toContain(`href="/units/${vl}/authority">Thông tin cơ quan ban hành</a>`);
    const page = await admin.get(`/units/${vl}/authority`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chưa khai báo: văn bản dùng thông tin suy ra từ tên và loại đơn vị.');
    expect(page.text).toContain('<div>UBND HUYỆN VĨNH LINH</div>');
    expect(page.text).toMatch(/<label class="form-label" for="f-headingLines">Tên cơ quan ở đầu văn bản/);
    expect(page.text).toContain('id="f-place" name="place" value="Vĩnh Linh"');
    expect(page.text).toContain('id="f-symbol" name="symbol" value="QĐ-UBND"');
    expect(page.text).toContain('id="f-headTitle" name="headTitle" value="CHỦ TỊCH"');
    // The date's own hint comes before the format every date field states.
    expect(page.text).toContain('<div class="form-text" id="f-validFrom-hint">Văn bản có ngày từ ngày này trở đi dùng thông tin dưới đây; cùng ngày với một phiên bản đã có thì sửa phiên bản đó. Ngày/tháng/năm, ví dụ 01/07/2025.</div>');
  });

  it('lets only the system administrator edit a profile, refused before the form is read, nothing of the unit shown', async () => {
    for (const username of ['thuky', 'daumoi.vinhhoa', 'hoidong1']) {
      const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
      const seen = await agent.get(`/units/${vl}/authority`);
      expect(seen.status).toBe(403);
      expect(seen.text).not.toContain('UBND HUYỆN VĨNH LINH');
      const posted = await agent.post(`/units/${vl}/authority`).type('form').send({ _csrf: csrfOf(seen.text), validFrom: 'x', headingLines: '' });
      expect(posted.status).toBe(403);
      expect(posted.text).not.toContain('UBND HUYỆN VĨNH LINH');
      expect(posted.text).not.toContain('Vui lòng nhập');
    }
    expect((await admin.get(`/units/999999/authority`)).status).toBe(404);
    expect(await count(t.db, 'authority_profiles')).toBe(0);
  });

  it('returns a refused profile as typed, with a Vietnamese message beside each field', async () => {
    const res = await profile(vl, { validFrom: '31/02/2026', headingLines: '', place: 'Hồ Xá', symbol: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="f-validFrom-error">Ngày áp dụng không phải là ngày hợp lệ (dd/mm/yyyy).</div>');
    expect(res.text).toContain('id="f-headingLines-error">Vui lòng nhập tên cơ quan ở đầu văn bản.</div>');
    expect(res.text).toContain('id="f-symbol-error">Vui lòng nhập ký hiệu quyết định.</div>');
    expect(res.text).toContain('value="Hồ Xá"');
    expect(res.text).toContain('value="31/02/2026"');
    const long = await profile(vl, { headingLines: 'A\nB\nC\nD\nE' });
    expect(long.status).toBe(400);
    expect(long.text).toContain('id="f-headingLines-error">Tên cơ quan ở đầu văn bản có nhiều nhất 4 dòng.</div>');
    expect(long.text).toMatch(/>A\r?\nB\r?\nC\r?\nD\r?\nE<\/textarea>/);
    expect(await count(t.db, 'authority_profiles')).toBe(0);
  });

  it('prints a profile version on the documents dated from its day on; documents of before keep what they printed', async () => {
    const res = await profile(qt, { headingLines: 'ủy ban nhân dân\ntỉnh quảng trị', name: 'Ủy ban nhân dân tỉnh Quảng Trị', place: 'Đồng Hới', symbol: 'QĐ-UBND.QT', recipients: 'Chánh Văn phòng UBND tỉnh\nGiám đốc Sở Nội vụ' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/units/${qt}/authority`);
    expect(await t.db.query('SELECT "headingLines", place, symbol, "validFrom" FROM authority_profiles WHERE "unitId" = ?', [qt])).toEqual([
      { headingLines: 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ', place: 'Đồng Hới', symbol: 'QĐ-UBND.QT', validFrom: '2026-01-01' },
    ]);
    const page = await admin.get(`/units/${qt}/authority`);
    expect(page.text).toContain('Đang áp dụng (từ 01/01/2026)');
    expect(page.text).toContain('<td>01/01/2026</td>');
    // The 2026 round has no decision yet: its draft decision is the authority's of today.
    const draft = await docx(`/rounds/${round2026}/recognition.docx`);
    expect(draft).toContain('ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ');
    expect(draft).toContain('Số: ……/QĐ-UBND.QT');
    expect(draft).toContain('Đồng Hới, ngày …… tháng …… năm ……');
    expect(draft).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ');
    expect(draft).toContain('Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, các tác giả có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.');
    const minutes = await admin.get(`/rounds/${round2026}/minutes`);
    expect(minutes.text).toContain('<p class="cert-place">Đồng Hới, ngày …… tháng …… năm ……</p>');
    // The 2022 decision was taken before the version's day: the defaults of then.
    const old = await docx(`/rounds/${round2022}/recognition.docx`);
    expect(old).toContain('UBND HUYỆN VĨNH LINH');
    expect(old).toContain('Vĩnh Linh, ngày 20 tháng 12 năm 2022');
    expect(old).not.toContain('Đồng Hới');
    // The decision form offers today's place, symbol and head's title.
    const [{ id: sk3 }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0003'`);
    const form = await admin.get(`/initiatives/${sk3}/decision`);
    expect(form.text).toContain('id="f-place" name="place" value="Đồng Hới"');
    expect(form.text).toContain('Ví dụ: 1234/QĐ-UBND.QT');
    expect(form.text).toContain('id="f-headTitle" name="headTitle" value="CHỦ TỊCH"');
  });

  it('takes the signing as structured fields and prints the block of a deputy signing for the head', async () => {
    const id = await paperRecord('SK-2019-0101', null);
    const page = await admin.get(`/initiatives/${id}/decision`);
    expect(page.text).toContain('<label class="form-label" for="f-signingMode">Cách ký');
    expect(page.text).toContain('<option value="kt">Cấp phó ký thay (KT.)</option>');
    expect(page.text).toContain('<option value="tm">Ký thay mặt tập thể (TM.)</option>');
    expect(page.text).toContain('<option value="q">Quyền người đứng đầu ký (Q.)</option>');
    const missing = await decide(id, { authorityUnitId: String(qt), level: 'province', place: 'Đồng Hới', signingMode: 'kt', headTitle: 'CHỦ TỊCH', signerTitle: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('id="f-signerTitle-error">Vui lòng nhập chức danh của cấp phó ký thay (ví dụ PHÓ CHỦ TỊCH).</div>');
    expect(missing.text).toMatch(/<option value="kt" selected>/);
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [id])).toBe(0);
    // Dated 2026: the profile version from 01/01/2026 applies.
    const ok = await decide(id, { authorityUnitId: String(qt), level: 'province', place: 'Đồng Hới', date: '02/01/2026', signingMode: 'kt', headTitle: 'Chủ tịch', signerTitle: 'Phó Chủ tịch', signerName: 'Trương Quang Vinh' });
    expect(ok.status).toBe(303);
    expect((await t.db.query('SELECT "signerTitle" FROM decisions WHERE "initiativeId" = ?', [id]))[0].signerTitle).toBe('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH');
    const cert = await admin.get(`/initiatives/${id}/certificate`);
    expect(cert.text).toContain('<p class="cert-role"><span class="cert-role-line">KT. CHỦ TỊCH</span><span class="cert-role-line">PHÓ CHỦ TỊCH</span></p>');
    expect(cert.text).toContain('<p class="cert-issuer-title">CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ</p>');
    expect(cert.text).not.toContain('CHỦ TỊCH PHÓ CHỦ TỊCH');
    expect(cert.text).toContain('<p class="cert-signer">Trương Quang Vinh</p>');
    // The authority's own name on two lines, both in bold, as the version of 2026 prints it.
    expect(cert.text).toContain('<div class="cert-issuer-line cert-issuer-main">ỦY BAN NHÂN DÂN</div><div class="cert-issuer-line cert-issuer-main">TỈNH QUẢNG TRỊ</div>');
    expect(cert.text).toContain('của Ủy ban nhân dân tỉnh Quảng Trị về việc công nhận sáng kiến');
  });

  it('prints a collective body’s block (TM.) and an acting head’s (Q.)', async () => {
    const tm = await paperRecord('SK-2019-0102', null);
    expect((await decide(tm, { authorityUnitId: String(vl), number: '13/QĐ-UBND', signingMode: 'tm', headTitle: 'ỦY BAN NHÂN DÂN', signerTitle: 'CHỦ TỊCH' })).status).toBe(303);
    const cert = await admin.get(`/initiatives/${tm}/certificate`);
    expect(cert.text).toContain('<span class="cert-role-line">TM. ỦY BAN NHÂN DÂN</span><span class="cert-role-line">CHỦ TỊCH</span>');
    expect(cert.text).toContain('<p class="cert-issuer-title">ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH</p>');
    const q = await paperRecord('SK-2019-0103', null);
    expect((await decide(q, { authorityUnitId: String(vl), number: '14/QĐ-UBND', signingMode: 'q', headTitle: 'CHỦ TỊCH', signerTitle: '' })).status).toBe(303);
    const acting = await admin.get(`/initiatives/${q}/certificate`);
    expect(acting.text).toContain('<p class="cert-role"><span class="cert-role-line">Q. CHỦ TỊCH</span></p>');
    expect(acting.text).toContain('<p class="cert-issuer-title">CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH</p>');
  });

  it('asks a paper record without a round which authority decided, and holds an ended unit to its years', async () => {
    const id = await paperRecord('SK-2019-0104', null);
    const page = await admin.get(`/initiatives/${id}/decision`);
    expect(page.text).toContain('<label class="form-label" for="f-authorityUnitId">Cơ quan ra quyết định');
    expect(page.text).toContain('<option value="">— Chọn cơ quan ra quyết định —</option>');
    const none = await decide(id, { number: '15/QĐ-UBND', authorityUnitId: '' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('id="f-authorityUnitId-error">Vui lòng chọn cơ quan ra quyết định.</div>');
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [id])).toBe(0);
    // Xã Vĩnh Ô ended on 30/06/2025 (merged into xã Bến Quan): chosen for its years, refused after.
    const vinhO = await unitId(t.db, 'VL-VO');
    expect((await t.db.query('SELECT "validTo" FROM units WHERE id = ?', [vinhO]))[0].validTo).toBe('2025-06-30');
    const choices = await admin.get(`/initiatives/${id}/decision`);
    expect(choices.text).toContain(`<option value="${vinhO}">UBND xã Vĩnh Ô (đến 30/06/2025)</option>`);
    const late = await decide(id, { number: '15/QĐ-UBND', date: '01/08/2025', authorityUnitId: String(vinhO) });
    expect(late.status).toBe(400);
    expect(late.text).toContain('id="f-authorityUnitId-error">UBND xã Vĩnh Ô chỉ hoạt động đến 30/06/2025: không ra quyết định ngày 01/08/2025.</div>');
    expect(late.text).toMatch(new RegExp(`<option value="${vinhO}" selected>`));
    // The province decided: its level, cấp tỉnh (the level follows the authority that decides).
    const ok = await decide(id, { number: '15/QĐ-UBND', authorityUnitId: String(qt), level: 'province' });
    expect(ok.status).toBe(303);
    expect((await t.db.query('SELECT "authorityUnitId" FROM decisions WHERE "initiativeId" = ?', [id]))[0].authorityUnitId).toBe(qt);
    const cert = await admin.get(`/initiatives/${id}/certificate`);
    expect(cert.text).toContain('<div class="cert-issuer-line cert-issuer-main">UBND TỈNH QUẢNG TRỊ</div>');
    expect(cert.text).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ');
    expect(cert.text).not.toMatch(/cert-issuer-line[^>]*>UBND XÃ/);
  });

  it('keeps with each decision what its documents print: a 2019 decision prints 2019’s authority, signer and positions whatever changed since', async () => {
    const created = await admin
      .post('/rounds/new')
      .type('form')
      .send({ _csrf: token, year: '2019', name: 'Đợt xét sáng kiến năm 2019', threshold: '70', submissionStart: '01/06/2019', submissionEnd: '30/08/2019', organisingUnitId: String(qt) });
    expect(created.status).toBe(303);
    const round2019 = Number(created.headers.location.split('/').pop());
    for (const [username, role] of [['hoidong1', 'chair'], ['thuky', 'secretary']]) {
      expect((await admin.post(`/rounds/${round2019}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role })).status).toBe(303);
    }
    // The demo has few initiatives left undecided: the record decided under TM. above is decided again, in this round.
    const [{ id }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2019-0102'`);
    await t.db.query(`UPDATE initiatives SET "roundId" = ?, status = 'submitted' WHERE id = ?`, [round2019, id]);
    // A paper record in a round with a council: each member's vote as the paper minutes give it.
    const seats = (await t.db.query('SELECT id FROM council_members WHERE "roundId" = ? ORDER BY id', [round2019])) as { id: number }[];
    const votes = Object.fromEntries(seats.map((s) => [`votes[m${s.id}]`, 'for']));
    expect((await decide(id, { number: '16/QĐ-UBND', level: 'province', place: 'Quảng Trị', signingMode: 'kt', headTitle: 'CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Trương Quang Vinh', ...votes })).status).toBe(303);
    const [row] = await t.db.query('SELECT "authorityUnitId", snapshot FROM decisions WHERE "initiativeId" = ? ORDER BY id DESC', [id]);
    expect(row.authorityUnitId).toBe(qt);
    const kept = JSON.parse(row.snapshot as string);
    expect(kept.authority.lines).toEqual(['UBND TỈNH QUẢNG TRỊ']);
    expect(kept.signer.lines).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(kept.members.map((m: { name: string; position: string }) => [m.name, m.position])).toEqual([
      ['Trương Quang Vinh', 'Phó Giám đốc Sở Nội vụ, Chủ tịch Hội đồng sáng kiến tỉnh'],
      ['Phan Thị Hồng Nhung', 'Chuyên viên Sở Nội vụ, thư ký Hội đồng sáng kiến tỉnh'],
    ]);
    // Since then: a profile version covering 2019, and the chair has another position.
    expect((await profile(qt, { validFrom: '01/01/2015', headingLines: 'ỦY BAN NHÂN DÂN\nTỈNH MỚI', place: 'Nơi khác', symbol: 'QĐ-KHAC', headTitle: 'GIÁM ĐỐC' })).status).toBe(303);
    await t.db.query(`UPDATE users SET position = 'Chủ tịch UBND tỉnh' WHERE username = 'hoidong1'`);
    const cert = await admin.get(`/initiatives/${id}/certificate`);
    expect(cert.text).toContain('<div class="cert-issuer-line cert-issuer-main">UBND TỈNH QUẢNG TRỊ</div>');
    expect(cert.text).toContain('<span class="cert-role-line">KT. CHỦ TỊCH</span><span class="cert-role-line">PHÓ CHỦ TỊCH</span>');
    expect(cert.text).toContain('Quảng Trị, ngày 20 tháng 12 năm 2019');
    expect(cert.text).not.toContain('TỈNH MỚI');
    const minutes = await admin.get(`/rounds/${round2019}/minutes`);
    expect(minutes.text).toContain('<td>Trương Quang Vinh</td><td>Phó Giám đốc Sở Nội vụ, Chủ tịch Hội đồng sáng kiến tỉnh</td>');
    expect(minutes.text).not.toContain('Chủ tịch UBND tỉnh');
    expect(minutes.text).toContain('<div class="cert-issuer-line">UBND TỈNH QUẢNG TRỊ</div>');
    const decision = await docx(`/rounds/${round2019}/recognition.docx`);
    expect(decision).toContain('UBND TỈNH QUẢNG TRỊ');
    expect(decision).toContain('Số: 16/QĐ-UBND');
    expect(decision).toContain('KT. CHỦ TỊCH');
    expect(decision).toContain('PHÓ CHỦ TỊCH');
    expect(decision).not.toContain('TỈNH MỚI');
    expect(decision).not.toContain('GIÁM ĐỐC');
    const text = await docx(`/rounds/${round2019}/minutes.docx`);
    expect(text).toContain('Phó Giám đốc Sở Nội vụ, Chủ tịch Hội đồng sáng kiến tỉnh');
    expect(text).not.toContain('Chủ tịch UBND tỉnh');
  });
});
