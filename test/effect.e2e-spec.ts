import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import TestAgent from 'supertest/lib/agent';
import { docxText } from './helpers/docx-text';
import { pdfText } from './helpers/pdf';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';
import { convertToPdf, libreOfficeRequired, libreOfficeSkipReason } from './libreoffice';

/**
 * A round of effect and scope of influence ("xét công nhận hiệu quả áp dụng, phạm vi ảnh
 * hưởng"), end to end: it takes recognised initiatives, proposes the scope from the adoption
 * data by the rule it states, the council scores and votes, the decision records the scope,
 * and its documents print the evidence. The fixture is counted by hand (see
 * adoption-evidence.e2e): SK-2022-0005 is adopted by 2 units of today, both communes (xã Vĩnh
 * Hoàng from 01/05/2022, xã Vĩnh Linh from 28/03/2023), so a round proposing cấp tỉnh from 2
 * units proposes cấp tỉnh; today's default rule (10 units or 20 % of the communes) would
 * propose cấp cơ sở.
 */
describe('a round of effect and scope of influence', () => {
  let t: TestApp;
  let secretary: TestAgent;
  let token: string;
  let roundId: number;
  let itemId: number;
  let qr: number;
  const members = ['hoidong1', 'hoidong2', 'hoidong3', 'hoidong.vinhhoang1', 'hoidong.vinhhoang2'];
  const seat: Record<string, number> = {};
  const decision = { outcome: 'recognized', level: 'province', scopeEvidence: '', number: '45/QĐ-UBND', date: '01/12/2026', place: 'Quảng Trị', signingMode: 'own', headTitle: 'CHỦ TỊCH', signerTitle: '', signerName: 'Lê Văn A', reasons: '' };

  async function sheet(username: string, points: string[], submit = true) {
    const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
    const page = await agent.get(`/effect-items/${itemId}`);
    expect(page.status).toBe(200);
    const criteria = (await t.db.query('SELECT id FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId])).map((r: { id: number }) => r.id);
    const f = new URLSearchParams({ _csrf: csrfOf(page.text), comment: 'Đã đối chiếu báo cáo của các xã.' });
    if (submit) f.append('submit', '1');
    criteria.forEach((c: number, k: number) => f.append(`points[c${c}]`, points[k]));
    return agent.post(`/effect-items/${itemId}/sheet`).type('form').send(f.toString());
  }

  function votes(choices: string[]) {
    const v: Record<string, string> = {};
    members.forEach((m, k) => (v[`votes[m${seat[m]}]`] = choices[k] ?? ''));
    return v;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const form = await secretary.get('/rounds/new');
    token = csrfOf(form.text);
    [{ id: qr }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    // Its author has an account here (the demo's author has none): the recognitions of their dossier list it.
    await t.db.query('UPDATE initiative_authors SET "userId" = ? WHERE "initiativeId" = ?', [await userId(t.db, 'daumoi.vinhthai'), qr]);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('is a kind of round chosen when it is created, with its own criteria and the rule of its proposed scope', async () => {
    const form = await secretary.get('/rounds/new');
    expect(form.text).toContain('<label class="form-label" for="f-kind">Loại đợt xét');
    expect(form.text).toContain('<option value="effect">Xét công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến</option>');
    // Opened for this kind (the rounds' page offers it): the kind chosen, the law on emulation ticked instead of the regulation of initiatives.
    expect((await secretary.get('/rounds')).text).toContain('href="/rounds/new?kind=effect"');
    const effectForm = await secretary.get('/rounds/new?kind=effect');
    expect(effectForm.text).toContain('<option value="effect" selected>');
    const ticked = [...effectForm.text.matchAll(/<input[^>]*name="legalBasisIds"[^>]*value="(\d+)"[^>]*checked/g)].map((m) => Number(m[1]));
    const [{ id: law }] = await t.db.query(`SELECT id FROM legal_bases WHERE number = '06/2022/QH15'`);
    expect(ticked).toEqual([law]);
    const fields = { _csrf: token, kind: 'effect', year: '2026', name: 'Đợt xét hiệu quả áp dụng năm 2026', threshold: '70', organisingUnitId: String(await unitId(t.db, 'QT')), voteRule: 'two_thirds', scopeUnits: '0', scopeCommuneShare: '20' };
    const refused = await secretary.post('/rounds/new').type('form').send(fields);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-scopeUnits-error">Số đơn vị phải là số nguyên dương, ví dụ 10.');
    expect(refused.text).toContain('value="Đợt xét hiệu quả áp dụng năm 2026"');
    const created = await secretary.post('/rounds/new').type('form').send({ ...fields, scopeUnits: '2' });
    expect(created.status).toBe(303);
    roundId = Number(created.headers.location.split('/').pop());
    expect((await t.db.query('SELECT kind, "scopeUnits", "scopeCommuneShare" FROM rounds WHERE id = ?', [roundId]))[0]).toMatchObject({ kind: 'effect', scopeUnits: 2, scopeCommuneShare: 20 });
    expect((await t.db.query('SELECT name FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId])).map((c: { name: string }) => c.name)).toEqual(['Hiệu quả áp dụng', 'Phạm vi ảnh hưởng', 'Khả năng nhân rộng']);
    for (const [k, username] of members.entries()) {
      expect((await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role: k === 0 ? 'chair' : 'member' })).status).toBe(303);
      [{ id: seat[username] }] = await t.db.query('SELECT m.id FROM council_members m JOIN users u ON u.id = m."userId" WHERE u.username = ? AND m."roundId" = ?', [username, roundId]);
    }
    const page = await secretary.get(`/rounds/${roundId}`);
    expect(page.text).toContain('Xét công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến');
    expect(page.text).toContain('Phạm vi ảnh hưởng đề xuất theo quy tắc của đợt: cấp tỉnh khi ≥ 2 đơn vị hoặc ≥ 20% số xã, phường, đặc khu áp dụng');
    expect(page.text).toContain('Sáng kiến xét hiệu quả áp dụng, phạm vi ảnh hưởng (0)');
    // Its council works on each item's page: no assignment matrix, no ballot of initiatives.
    expect(page.text).not.toContain(`/rounds/${roundId}/assignments`);
  });

  it('takes recognised initiatives by their code, refusing others beside the field; submissions never join it', async () => {
    const unknown = await secretary.post(`/rounds/${roundId}/effect-items`).type('form').send({ _csrf: token, code: 'sk-2022-999' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('id="f-code-error">Không tìm thấy sáng kiến có mã &quot;sk-2022-999&quot;');
    const [pending] = await t.db.query(`SELECT id, code FROM initiatives WHERE status = 'submitted' ORDER BY id LIMIT 1`);
    const notYet = await secretary.post(`/rounds/${roundId}/effect-items`).type('form').send({ _csrf: token, code: pending.code });
    expect(notYet.status).toBe(400);
    expect(notYet.text).toContain('chưa được công nhận: đợt xét hiệu quả áp dụng chỉ xét sáng kiến đã được công nhận.');
    const added = await secretary.post(`/rounds/${roundId}/effect-items`).type('form').send({ _csrf: token, code: 'sk-2022-5' });
    expect(added.status).toBe(303);
    itemId = Number(added.headers.location.split('/').pop());
    expect((await t.db.query('SELECT "initiativeId", "proposedLevel" FROM effect_items WHERE id = ?', [itemId]))[0]).toMatchObject({ initiativeId: qr, proposedLevel: 'province' });
    const again = await secretary.post(`/rounds/${roundId}/effect-items`).type('form').send({ _csrf: token, code: 'SK-2022-0005' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Sáng kiến SK-2022-0005 đã có trong đợt xét này.');
    expect(await count(t.db, 'effect_items', '"roundId" = ?', [roundId])).toBe(1);
    // Another one, added and taken out again while nobody has scored it.
    const [other] = await t.db.query(`SELECT code FROM initiatives WHERE status = 'recognized' AND code <> 'SK-2022-0005' ORDER BY code LIMIT 1`);
    const second = await secretary.post(`/rounds/${roundId}/effect-items`).type('form').send({ _csrf: token, code: other.code });
    expect(second.status).toBe(303);
    const secondId = Number(second.headers.location.split('/').pop());
    const removed = await secretary.post(`/effect-items/${secondId}/remove`).type('form').send({ _csrf: token });
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toBe(`/rounds/${roundId}`);
    expect(await count(t.db, 'effect_items', '"roundId" = ?', [roundId])).toBe(1);
    expect(await count(t.db, 'audit_events', `action = 'effect.remove'`)).toBe(1);
    // A submission is never attached to a round of effect and scope.
    const attach = await secretary.post(`/initiatives/${pending.id}/round`).type('form').send({ _csrf: token, roundId: String(roundId) });
    expect(attach.status).toBe(400);
    expect(attach.text).toContain('không nhận hồ sơ sáng kiến mới');
    expect((await t.db.query('SELECT "roundId" FROM initiatives WHERE id = ?', [pending.id]))[0].roundId).not.toBe(roundId);
  });

  it('shows the council the evidence from every programme and the scope proposed by the round’s rule', async () => {
    const page = await secretary.get(`/effect-items/${itemId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đã áp dụng (2 đơn vị: Xã: 2)');
    expect(page.text).toMatch(/UBND xã Vĩnh Hoàng <span class="small text-body-secondary">\(Xã\)<\/span> — từ 01\/05\/2022/);
    expect(page.text).toContain('<strong>Đề xuất: Cấp tỉnh.</strong> Áp dụng tại 2 đơn vị');
    expect(page.text).toContain('Không áp dụng (2 đơn vị)');
    // Not scored before the round is being scored.
    expect(page.text).toContain('Đợt xét chưa chuyển sang “Đang chấm”');
    expect((await sheet('hoidong1', ['35', '25', '25'])).status).toBe(400);
  });

  it('refuses those who neither manage the round nor sit on its council, before reading anything', async () => {
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const page = await author.get(`/effect-items/${itemId}`);
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('SK-2022-0005');
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const memberToken = csrfOf((await member.get(`/effect-items/${itemId}`)).text);
    expect((await member.post(`/effect-items/${itemId}/decision`).type('form').send({ ...decision, _csrf: memberToken })).status).toBe(403);
    expect((await member.post(`/rounds/${roundId}/effect-items`).type('form').send({ _csrf: memberToken, code: 'sk-2022-5' })).status).toBe(403);
  });

  it('is scored by the members on the round’s criteria, a bad score coming back beside its box', async () => {
    expect((await secretary.post(`/rounds/${roundId}/advance`).type('form').send({ _csrf: token })).status).toBe(303);
    // Each member finds the item on their home page, until their sheet is in.
    const home = async (username: string) => (await (await signIn(t.agent(), username, DEMO_PASSWORD)).get('/')).text;
    expect(await home('hoidong1')).toContain(`<a href="/effect-items/${itemId}#phieu-cham">Niêm yết, tra cứu thông tin thủ tục hành chính`);
    // The secretary's home page counts the sheets still owed on the round's items.
    expect((await secretary.get('/')).text).toContain(`<a href="/rounds/${roundId}#sang-kien-xet">5 phiếu chấm chưa nộp (5 thành viên)</a>`);
    const bad = await sheet('hoidong1', ['45', '25', '25']);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Hiệu quả áp dụng: điểm phải từ 0 đến 40.');
    expect(bad.text).toContain('value="45"');
    expect(await count(t.db, 'effect_sheets')).toBe(0);
    expect((await sheet('hoidong1', ['35', '25', '25'])).status).toBe(303);
    expect(await home('hoidong1')).not.toContain(`/effect-items/${itemId}#phieu-cham`);
    // Before sending their own sheet a member sees who has sent, not their scores nor the mean.
    const before = await (await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD)).get(`/effect-items/${itemId}`);
    expect(before.text).toContain('Điểm của các thành viên khác hiện sau khi bạn nộp phiếu chấm của mình.');
    expect(before.text).toContain('<td role="cell" class="small" data-label="Phiếu chấm">đã nộp</td>');
    expect(before.text).not.toContain('85 điểm');
    expect((await sheet('hoidong2', ['33', '24', '23'])).status).toBe(303);
    expect((await sheet('hoidong3', ['30', '20', '22'])).status).toBe(303);
    const page = await secretary.get(`/effect-items/${itemId}`);
    expect(page.text).toContain('3 phiếu hợp lệ · điểm trung bình <strong>79');
    // Scored: it no longer leaves the round, and the secretary is told why.
    const kept = await secretary.post(`/effect-items/${itemId}/remove`).type('form').send({ _csrf: token });
    expect(kept.status).toBe(303);
    expect(kept.headers.location).toBe(`/effect-items/${itemId}`);
    expect((await secretary.get(kept.headers.location)).text).toContain('Hội đồng đã chấm hoặc biểu quyết sáng kiến này: không bỏ ra khỏi đợt xét được.');
    expect(await count(t.db, 'effect_items', 'id = ?', [itemId])).toBe(1);
    // The rule of the proposed scope no longer changes under the council.
    const rule = await secretary
      .post(`/rounds/${roundId}/edit`)
      .type('form')
      .send({ _csrf: token, year: '2026', name: 'Đợt xét hiệu quả áp dụng năm 2026', threshold: '70', organisingUnitId: String(await unitId(t.db, 'QT')), voteRule: 'two_thirds', scopeUnits: '5', scopeCommuneShare: '20' });
    expect(rule.status).toBe(400);
    expect(rule.text).toContain('id="f-scopeUnits-error">Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc đề xuất phạm vi ảnh hưởng được nữa.');
    expect((await t.db.query('SELECT "scopeUnits" FROM rounds WHERE id = ?', [roundId]))[0].scopeUnits).toBe(2);
    expect(page.text).toContain('đã nộp: 85 điểm');
  });

  it('refuses a decision the vote rule does not carry, recording neither it nor the votes', async () => {
    const page = await secretary.get(`/effect-items/${itemId}`);
    const refused = await secretary
      .post(`/effect-items/${itemId}/decision`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...decision, ...votes(['for', 'for', 'for', 'against', 'against']) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('cần ít nhất 4 trên 5 thành viên hội đồng (2/3) đồng ý, hiện có 3');
    expect(refused.text).toMatch(/<option value="against" selected>Không đồng ý<\/option>/);
    expect(await count(t.db, 'effect_votes')).toBe(0);
    expect((await t.db.query('SELECT outcome FROM effect_items WHERE id = ?', [itemId]))[0].outcome).toBeNull();
    const national = await secretary
      .post(`/effect-items/${itemId}/decision`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...decision, level: 'national', ...votes(['for', 'for', 'for', 'for', 'against']) });
    expect(national.status).toBe(400);
    expect(national.text).toContain('id="f-scopeEvidence-error">Phạm vi toàn quốc cần nêu căn cứ ngoài tỉnh');
  });

  it('takes a member’s declared conflict of interest: no more sheet nor vote for them, said beside the field when no reason is given', async () => {
    const member = await signIn(t.agent(), 'hoidong.vinhhoang2', DEMO_PASSWORD);
    const page = await member.get(`/effect-items/${itemId}`);
    expect(page.text).toContain('Khai xung đột lợi ích với sáng kiến này');
    const blank = await member.post(`/effect-items/${itemId}/conflict`).type('form').send({ _csrf: csrfOf(page.text), conflictReason: ' ' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('id="f-conflictReason-error">Vui lòng nêu lý do xung đột lợi ích.');
    expect((await member.post(`/effect-items/${itemId}/conflict`).type('form').send({ _csrf: csrfOf(page.text), conflictReason: 'Là người hướng dẫn tác giả' })).status).toBe(303);
    const after = await member.get(`/effect-items/${itemId}`);
    expect(after.text).toContain('Bạn ở tình trạng xung đột lợi ích với sáng kiến này (Tự khai: Là người hướng dẫn tác giả)');
    expect(after.text).not.toContain('Biểu quyết của tôi');
    expect(await count(t.db, 'audit_events', `action = 'effect.conflict'`)).toBe(1);
    const secretaryView = await secretary.get(`/effect-items/${itemId}`);
    expect(secretaryView.text).toContain('Không biểu quyết (Tự khai: Là người hướng dẫn tác giả)');
  });

  it('takes a member’s own vote, which the secretary’s record leaves as cast', async () => {
    const member = await signIn(t.agent(), 'hoidong.vinhhoang1', DEMO_PASSWORD);
    const page = await member.get(`/effect-items/${itemId}`);
    expect(page.text).toContain('Biểu quyết của tôi');
    const none = await member.post(`/effect-items/${itemId}/ballot`).type('form').send({ _csrf: csrfOf(page.text), vote: '' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('id="f-vote-error">Vui lòng chọn biểu quyết của bạn.');
    expect((await member.post(`/effect-items/${itemId}/ballot`).type('form').send({ _csrf: csrfOf(page.text), vote: 'for' })).status).toBe(303);
    expect((await t.db.query('SELECT vote, "recordedBy" FROM effect_votes WHERE "itemId" = ? AND "memberId" = ?', [itemId, seat['hoidong.vinhhoang1']]))[0]).toEqual({ vote: 'for', recordedBy: 'member' });
    const overwritten = await secretary.post(`/effect-items/${itemId}/votes`).type('form').send({ _csrf: token, [`votes[m${seat['hoidong.vinhhoang1']}]`]: 'against' });
    expect(overwritten.status).toBe(400);
    expect(overwritten.text).toContain('đã tự biểu quyết &quot;Đồng ý&quot;: thư ký không ghi đè.');
    const seen = await secretary.get(`/effect-items/${itemId}`);
    expect(seen.text).toContain('thành viên tự biểu quyết');
  });

  it('records the decision with the scope recognised and the evidence of the day; the round may then close', async () => {
    const before = await secretary.get(`/rounds/${roundId}`);
    expect(before.text).toContain('Chưa kết thúc được đợt xét');
    expect(before.text).toContain(`href="/effect-items/${itemId}"`);
    const page = await secretary.get(`/effect-items/${itemId}`);
    const decided = await secretary
      .post(`/effect-items/${itemId}/decision`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...decision, ...votes(['for', 'for', 'for', 'for', '']) });
    expect(decided.status).toBe(303);
    const [row] = await t.db.query('SELECT outcome, level, "votesFor", "votesAgainst", "councilSize", "meanTotal", number, evidence FROM effect_items WHERE id = ?', [itemId]);
    expect(row).toMatchObject({ outcome: 'recognized', level: 'province', votesFor: 4, votesAgainst: 0, councilSize: 5, number: '45/QĐ-UBND' });
    expect(Number(row.meanTotal)).toBeCloseTo(79, 1);
    expect(JSON.parse(row.evidence).adopted.map((a: { unit: string }) => a.unit)).toEqual(['UBND xã Vĩnh Hoàng', 'UBND xã Vĩnh Linh']);
    // The fifth member declared a conflict: four votes, four for, of five members.
    expect(await count(t.db, 'effect_votes', '"itemId" = ?', [itemId])).toBe(4);
    expect(await count(t.db, 'effect_votes', `"itemId" = ? AND "recordedBy" = 'member'`, [itemId])).toBe(1);
    expect(await count(t.db, 'audit_events', `action = 'effect.decision' AND "entityId" = ?`, [String(qr)])).toBe(1);
    const shown = await secretary.get(`/effect-items/${itemId}`);
    expect(shown.text).toContain('Công nhận hiệu quả áp dụng: phạm vi ảnh hưởng Cấp tỉnh');
    expect(shown.text).toContain('(tại ngày quyết định)');
    // The author reads it on the initiative's page, with the documents.
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const initiative = await author.get(`/initiatives/${qr}`);
    expect(initiative.text).toContain('Công nhận hiệu quả áp dụng, phạm vi ảnh hưởng');
    expect(initiative.text).toContain(`<a href="/effect-items/${itemId}/giay-xac-nhan">Giấy xác nhận</a>`);
    // And on the list of their recognitions, for an emulation dossier.
    expect((await author.get('/account/recognitions')).text).toContain('<td>Cấp tỉnh (QĐ 45/QĐ-UBND ngày 01/12/2026)</td>');
    expect((await secretary.post(`/rounds/${roundId}/advance`).type('form').send({ _csrf: token })).status).toBe(303);
    expect((await t.db.query('SELECT status FROM rounds WHERE id = ?', [roundId]))[0].status).toBe('closed');
  });

  it('prints the certificate and the decision with the evidence table, as pages and as .docx', async () => {
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const certificate = await author.get(`/effect-items/${itemId}/giay-xac-nhan`);
    expect(certificate.status).toBe(200);
    expect(certificate.text).toContain('HIỆU QUẢ ÁP DỤNG VÀ PHẠM VI ẢNH HƯỞNG CỦA SÁNG KIẾN');
    expect(certificate.text).toContain('Đã được áp dụng có hiệu quả, phạm vi ảnh hưởng: <strong>Cấp tỉnh</strong>.');
    expect(certificate.text).toMatch(/<td>UBND xã Vĩnh Hoàng<\/td><td>Xã<\/td><td class="center">01\/05\/2022<\/td>/);
    const docx = await author.get(`/effect-items/${itemId}/giay-xac-nhan.docx`).buffer(true).parse(binary as never);
    expect(docx.status).toBe(200);
    const text = docxText(docx.body as Buffer);
    expect(text).toContain('HIỆU QUẢ ÁP DỤNG VÀ PHẠM VI ẢNH HƯỞNG CỦA SÁNG KIẾN');
    expect(text).toContain('UBND xã Vĩnh Linh');
    expect(text).toContain('Đã được áp dụng có hiệu quả, phạm vi ảnh hưởng: Cấp tỉnh.');
    const decisionDocx = await author.get(`/effect-items/${itemId}/quyet-dinh.docx`).buffer(true).parse(binary as never);
    const decisionText = docxText(decisionDocx.body as Buffer);
    expect(decisionText).toContain('Về việc công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến');
    expect(decisionText).toContain('Căn cứ Luật Tổ chức chính quyền địa phương;');
    // The round's bases: by default for this kind, the law on emulation and commendation.
    expect(decisionText).toMatch(/Căn cứ Luật Thi đua, khen thưởng[^\n]*06\/2022\/QH15/);
    expect(decisionText).not.toContain('Điều lệ Sáng kiến');
    expect(decisionText).toContain('Điều 1. Công nhận hiệu quả áp dụng, phạm vi ảnh hưởng cấp tỉnh của sáng kiến');
    expect(decisionText).toContain('KẾT QUẢ ÁP DỤNG CỦA SÁNG KIẾN');
    // Without signing in, nothing: the sign-in page.
    const anonymous = await t.agent().get(`/effect-items/${itemId}/giay-xac-nhan.docx`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
  });

  const skip = libreOfficeSkipReason();
  const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
  (onPostgres || (skip && !libreOfficeRequired) ? it.skip : it)('opens both .docx in LibreOffice with the evidence table', async () => {
    if (skip) throw new Error(`REQUIRE_LIBREOFFICE=1 but ${skip}`);
    const dir = mkdtempSync(join(tmpdir(), 'sang-kien-effect-'));
    try {
      const files: string[] = [];
      for (const doc of ['giay-xac-nhan', 'quyet-dinh']) {
        const res = await secretary.get(`/effect-items/${itemId}/${doc}.docx`).buffer(true).parse(binary as never);
        const file = join(dir, `${doc}.docx`);
        writeFileSync(file, res.body as Buffer);
        files.push(file);
      }
      const [certificate, decided] = convertToPdf(files, dir).map((pdf) => pdfText(pdf).join('\n').replace(/\s+/g, ' '));
      expect(certificate).toContain('GIẤY XÁC NHẬN');
      expect(certificate).toContain('Đơn vị đã áp dụng');
      expect(certificate).toContain('UBND xã Vĩnh Hoàng');
      expect(certificate).toContain('01/05/2022');
      expect(decided).toContain('KẾT QUẢ ÁP DỤNG CỦA SÁNG KIẾN');
      expect(decided).toContain('UBND xã Vĩnh Linh');
      expect(decided).toContain('28/03/2023');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
