import ExcelJS from 'exceljs';
import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, userId } from './helpers/test-app';

describe('council: assignments, scoring, statistics', () => {
  let t: TestApp;
  let secretary: TestAgent;
  let token: string;
  let roundId: number;
  let qr: number; // SK-2026-0001, co-authored by council member hoidong2
  let ve: number; // SK-2026-0002
  const sheetOf = async (username: string, initiativeId: number) =>
    (await t.db.query(`SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" WHERE u.username = ? AND a."initiativeId" = ?`, [username, initiativeId]))[0].id as number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    token = csrfOf((await secretary.get('/rounds/new')).text);
    const res = await secretary.post('/rounds/new').type('form').send({ _csrf: token, year: '2026', name: 'Đợt xét năm 2026', threshold: '70' });
    roundId = Number(res.headers.location.split('/').pop());
    for (const [username, role] of [['hoidong1', 'chair'], ['hoidong2', 'member'], ['hoidong3', 'member']]) {
      await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role });
    }
    [{ id: qr }, { id: ve }] = await t.db.query(`SELECT id FROM initiatives WHERE code IN ('SK-2026-0001', 'SK-2026-0002') ORDER BY code`);
    await t.db.query('UPDATE initiatives SET "roundId" = ? WHERE id IN (?, ?)', [roundId, qr, ve]);
    await t.db.query('INSERT INTO initiative_authors ("initiativeId", position, "fullName", share, "userId") VALUES (?, 1, ?, 0, ?)', [qr, 'Đặng Thị Mai Hương', await userId(t.db, 'hoidong2')]);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('assigns everyone to everything, marking the co-author in conflict, and notifies members', async () => {
    const page = await secretary.get(`/rounds/${roundId}/assignments`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('sẽ ghi xung đột: Là tác giả của sáng kiến');
    const res = await secretary.post(`/rounds/${roundId}/assignments/all`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(await count(t.db, 'assignments', '"roundId" = ?', [roundId])).toBe(6);
    const [conflict] = await t.db.query('SELECT conflict, "conflictAuto", "conflictReason" FROM assignments WHERE id = ?', [await sheetOf('hoidong2', qr)]);
    expect(conflict).toMatchObject({ conflict: 1, conflictAuto: 1, conflictReason: 'Là tác giả của sáng kiến' });
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [qr]))[0].status).toBe('under_review');
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const home = await member.get('/');
    expect(home.text).toContain('Bạn được giao chấm 2 sáng kiến trong &quot;Đợt xét năm 2026&quot;.');
    expect(home.text).toContain('đã chấm 0/2');
  });

  it('lets the secretary change the matrix, keeping the others', async () => {
    const form = new URLSearchParams({ _csrf: token });
    const members = await t.db.query('SELECT id FROM council_members WHERE "roundId" = ? ORDER BY id', [roundId]);
    for (const m of members) form.append(`cells[i${qr}]`, String(m.id));
    form.append(`cells[i${ve}]`, String(members[0].id));
    const res = await secretary.post(`/rounds/${roundId}/assignments`).type('form').send(form.toString());
    expect(res.status).toBe(303);
    expect(await count(t.db, 'assignments', '"initiativeId" = ?', [ve])).toBe(1);
    await secretary.post(`/rounds/${roundId}/assignments/all`).type('form').send({ _csrf: token });
    expect(await count(t.db, 'assignments', '"initiativeId" = ?', [ve])).toBe(3);
  });

  it('refuses to let a member open or score an initiative not assigned to them (403)', async () => {
    const other = await sheetOf('hoidong3', qr);
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await member.get(`/reviews/${other}`)).status).toBe(403);
    const mine = await member.get(`/reviews/${await sheetOf('hoidong1', qr)}`);
    const res = await member.post(`/reviews/${other}`).type('form').send({ _csrf: csrfOf(mine.text), intent: 'submit', 'points[c1]': '10' });
    expect(res.status).toBe(403);
    expect(await count(t.db, 'reviews', '"assignmentId" = ?', [other])).toBe(0);
    expect((await t.agent().get(`/reviews/${other}`)).status).toBe(303);
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    expect((await author.get(`/reviews/${other}`)).status).toBe(403);
  });

  const criteriaIds = async () => (await t.db.query('SELECT id FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId])).map((r: { id: number }) => r.id) as number[];
  const sheetForm = (tok: string, ids: number[], points: string[], intent: string) => {
    const f = new URLSearchParams({ _csrf: tok, intent, overallComment: 'Sáng kiến thiết thực.' });
    ids.forEach((id, k) => {
      f.append(`points[c${id}]`, points[k]);
      f.append(`comments[c${id}]`, `Nhận xét ${k + 1}`);
    });
    return f.toString();
  };

  it('refuses out-of-range or missing points with a message beside the field; saves nothing', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const id = await sheetOf('hoidong1', qr);
    const page = await member.get(`/reviews/${id}`);
    const ids = await criteriaIds();
    const res = await member.post(`/reviews/${id}`).type('form').send(sheetForm(csrfOf(page.text), ids, ['31', '15,25', '', '20'], 'submit'));
    expect(res.status).toBe(400);
    // Each message names its criterion, beside its field and in the summary above the sheet.
    expect(res.text).toContain(`<div class="invalid-feedback d-block mt-0" id="f-points[c${ids[0]}]-error">Tính mới: điểm phải từ 0 đến 30.</div>`);
    // Each item of the summary is a link to its box.
    expect(res.text).toContain(`<li><a class="alert-link fw-normal" href="#f-points%5Bc${ids[0]}%5D">Tính mới: điểm phải từ 0 đến 30.</a></li>`);
    expect(res.text).toContain(`<li><a class="alert-link fw-normal" href="#f-points%5Bc${ids[1]}%5D">Tính khoa học, khả thi: chỉ cho điểm nguyên hoặc nửa điểm (ví dụ 25 hoặc 25,5).</a></li>`);
    expect(res.text).toContain('Vui lòng cho điểm tiêu chí &quot;Khả năng áp dụng, nhân rộng&quot;.');
    expect(res.text).toMatch(new RegExp(`id="f-points\\[c${ids[0]}\\]" name="points\\[c${ids[0]}\\]" value="31"[^>]* aria-invalid="true"`));
    expect(res.text).toContain('value="15,25"');
    expect(await count(t.db, 'reviews', '"assignmentId" = ?', [id])).toBe(0);
  });

  it('shows the initiative beside a score panel with decimal inputs, a running total, and asks before submitting (not before a draft)', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const id = await sheetOf('hoidong1', ve);
    const page = await member.get(`/reviews/${id}`);
    expect(page.status).toBe(200);
    const ids = await criteriaIds();
    // Content first, then the panel (side by side from 992 px; the panel sticks there), then the notes.
    expect(page.text).toMatch(/<div class="sheet-layout">\s*<section class="sheet-content" aria-labelledby="content-heading">[\s\S]*<div class="sheet-side">\s*<aside class="score-panel"[\s\S]*<div class="sheet-after">/);
    expect(page.text.indexOf('id="content-heading"')).toBeLessThan(page.text.indexOf('data-score-sheet'));
    for (const c of ids) expect(page.text).toMatch(new RegExp(`<input type="text" inputmode="decimal"[^>]* name="points\\[c${c}\\]"`));
    expect((page.text.match(/inputmode="decimal"/g) ?? []).length).toBe(ids.length);
    expect(page.text).toMatch(/Tổng điểm: <output id="score-total"[^>]*aria-live="polite"><strong>0<\/strong><\/output> \/ 100 điểm/);
    expect(page.text).toContain('<span class="badge text-bg-light border">Chưa chấm</span>');
    const submit = /<button type="submit" name="intent" value="submit"[^>]*>/.exec(page.text)?.[0] ?? '';
    const draft = /<button type="submit" name="intent" value="draft"[^>]*>/.exec(page.text)?.[0] ?? '';
    expect(submit).toContain('data-confirm="Nộp phiếu chấm? Sau khi nộp bạn không sửa được nữa; chỉ thư ký hội đồng mới mở lại được."');
    expect(draft).not.toContain('data-confirm');
    expect(page.text).not.toContain('confirm-form');
    // The browser's part: the script asks on the button that carries data-confirm and keeps the running total.
    const script = /<script src="(\/assets\/js\/app\.js[^"]*)"><\/script>/.exec(page.text)?.[1] as string;
    const js = (await t.agent().get(script)).text;
    expect(js).toContain("button.hasAttribute('data-confirm')");
    expect(js).toContain('form[data-score-sheet]');
  });

  it('keeps the panel whole at 1280 px: only the criteria scroll, the total and buttons lie below them, not over them, and the panel runs beside the notes', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const id = await sheetOf('hoidong1', ve);
    const page = await member.get(`/reviews/${id}`);
    const html = page.text;
    const at = (s: string) => html.indexOf(s);
    // Heading, then the criteria with the overall comment, then the total and buttons: three
    // parts of the form, the middle one the only one that scrolls.
    const form = /<form [^>]*class="card score-form" data-score-sheet>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
    expect(form).toMatch(/^\s*<input type="hidden" name="_csrf"[^>]*>\s*<div class="score-panel-head[^"]*">[\s\S]*?<\/div>\s*<div class="score-panel-body">[\s\S]*name="overallComment"[\s\S]*<\/div>\s*<div class="score-panel-footer">\s*<p class="score-total[\s\S]*name="intent" value="submit"[\s\S]*<\/div>\s*<\/div>\s*$/);
    const lastInput = html.lastIndexOf('class="form-control score-input');
    expect(at('class="score-panel-body"')).toBeLessThan(lastInput);
    expect(lastInput).toBeLessThan(at('class="score-panel-footer"'));
    // The notes sit in the same layout as the panel, so the panel stays in view beside them.
    expect(at('class="sheet-side"')).toBeLessThan(at('class="sheet-after"'));
    expect(at('class="sheet-after"')).toBeLessThan(at('id="trao-doi"'));
    // The rules served: the panel never taller than the window less the page end's room, the
    // criteria scroll, the footer is no longer stuck over them.
    const href = /<link rel="stylesheet" href="(\/assets\/css\/app\.css[^"]*)">/.exec(html)?.[1] as string;
    const css = (await t.agent().get(href)).text;
    const wide = /\/\* The score sheet[\s\S]*?@media \(min-width: 992px\) \{([\s\S]*?)\n\}/.exec(css)?.[1] ?? '';
    expect(wide).toMatch(/\.score-panel \{[^}]*position: sticky; top: 1rem; max-height: calc\(100vh - 7rem\); display: flex; flex-direction: column;/);
    expect(wide).toMatch(/\.score-panel-body \{[^}]*min-height: 0; overflow-y: auto;/);
    expect(wide).toMatch(/\.sheet-side \{ grid-column: 2; grid-row: 1 \/ span 2; \}/);
    expect(css).not.toMatch(/\.score-panel-footer \{[^}]*position: sticky/);
  });

  it('marks a box the browser cannot count, naming the criterion (the script’s part)', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const id = await sheetOf('hoidong1', ve);
    const page = await member.get(`/reviews/${id}`);
    const ids = await criteriaIds();
    // Each box says which criterion it is and its maximum as people write it.
    expect(page.text).toMatch(new RegExp(`id="f-points\\[c${ids[0]}\\]" name="points\\[c${ids[0]}\\]" value="[^"]*" data-max="30" data-max-label="30" data-weight="1" data-criterion="Tính mới"`));
    expect(page.text).toContain('data-criterion="Tính khoa học, khả thi"');
    expect(page.text).toContain('<span class="small text-body-secondary d-block" id="score-total-note">');
    const script = /<script src="(\/assets\/js\/app\.js[^"]*)"><\/script>/.exec(page.text)?.[1] as string;
    const js = (await t.agent().get(script)).text;
    // The script marks the box as the server does, with its message beside it, and names it in the note.
    expect(js).toContain("input.classList.add('is-invalid')");
    expect(js).toContain("input.setAttribute('aria-invalid', 'true')");
    expect(js).toContain("input.getAttribute('data-criterion')");
    expect(js).toContain("name + ': điểm phải từ 0 đến ' + maxLabel + '.'");
    expect(js).toContain("name + ': chỉ cho điểm nguyên hoặc nửa điểm (ví dụ 25 hoặc 25,5).'");
    expect(js).toContain("input.id + '-error'");
    expect(js).not.toContain('ô điểm chưa hợp lệ (không tính vào tổng)');
  });

  it('accepts a decimal point as well as a decimal comma, and the draft then looks begun', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const id = await sheetOf('hoidong1', ve);
    const ids = await criteriaIds();
    const page = await member.get(`/reviews/${id}`);
    const res = await member.post(`/reviews/${id}`).type('form').send(sheetForm(csrfOf(page.text), ids, ['8.5', '12,5', '', ''], 'draft'));
    expect(res.status).toBe(303);
    const saved = await t.db.query(`SELECT s.points FROM review_scores s JOIN reviews r ON r.id = s."reviewId" WHERE r."assignmentId" = ? AND s.points IS NOT NULL ORDER BY s.points`, [id]);
    expect(saved.map((r: { points: number }) => Number(r.points))).toEqual([8.5, 12.5]);
    const again = await member.get(`/reviews/${id}`);
    expect(again.text).toContain('value="8,5"');
    expect(again.text).toMatch(/<output id="score-total"[^>]*><strong>21<\/strong><\/output>/);
    expect(again.text).toMatch(/<span class="badge text-bg-warning text-wrap text-start">Đang chấm dở — đã lưu nháp \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/span>/);
    expect(again.text).not.toContain('<span class="badge text-bg-light border">Chưa chấm</span>');
  });

  it('hides the others’ sheets until a member submits, then shows them all', async () => {
    const ids = await criteriaIds();
    const h3 = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    const s3 = await sheetOf('hoidong3', qr);
    let page = await h3.get(`/reviews/${s3}`);
    await h3.post(`/reviews/${s3}`).type('form').send(sheetForm(csrfOf(page.text), ids, ['20', '10', '10', '20'], 'submit'));

    const h1 = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const s1 = await sheetOf('hoidong1', qr);
    page = await h1.get(`/reviews/${s1}`);
    expect(page.text).not.toContain('Lý Văn Đức');
    expect(page.text).not.toContain('Phiếu của các thành viên khác');
    const draft = await h1.post(`/reviews/${s1}`).type('form').send(sheetForm(csrfOf(page.text), ids, ['27,5', '', '', ''], 'draft'));
    expect(draft.status).toBe(303);
    page = await h1.get(`/reviews/${s1}`);
    expect(page.text).toContain('value="27,5"');
    expect(page.text).not.toContain('Lý Văn Đức');
    await h1.post(`/reviews/${s1}`).type('form').send(sheetForm(csrfOf(page.text), ids, ['27,5', '18', '18', '26'], 'submit'));
    page = await h1.get(`/reviews/${s1}`);
    expect(page.text).toContain('Phiếu của các thành viên khác');
    expect(page.text).toContain('Lý Văn Đức</strong> — tổng 60 điểm');
    expect(page.text).toContain('tổng 89,5 điểm');
    // Submitted sheets cannot be changed by the member.
    const again = await h1.post(`/reviews/${s1}`).type('form').send(sheetForm(csrfOf(page.text), ids, ['0', '0', '0', '0'], 'submit'));
    expect(again.status).toBe(303);
    expect((await h1.get(`/reviews/${s1}`)).text).toContain('Phiếu chấm đã nộp; chỉ thư ký hội đồng mới mở lại được.');
  });

  it('keeps a member in conflict from scoring, and leaves their sheet out of the statistics', async () => {
    const h2 = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    const page = await h2.get(`/reviews/${await sheetOf('hoidong2', qr)}`);
    expect(page.text).toContain('Bạn có xung đột lợi ích với sáng kiến này');
    expect(page.text).not.toContain('Nộp phiếu chấm</button>');
    const results = await secretary.get(`/rounds/${roundId}/results`);
    expect(results.status).toBe(200);
    // Two counted sheets: 89.5 and 60 → mean 74.75, spread 14.75; threshold 70 met.
    expect(results.text).toMatch(/<td role="cell" class="text-end" data-label="Số phiếu hợp lệ">2<\/td>\s*<td role="cell" class="text-end fw-semibold" data-label="Điểm trung bình">74,75<\/td>/);
    expect(results.text).toContain('60–89,5');
    expect(results.text).toContain('14,75');
    expect(results.text).toContain('Xung đột lợi ích: Là tác giả của sáng kiến');
  });

  it('lets a member declare a conflict with a reason', async () => {
    const h3 = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    const id = await sheetOf('hoidong3', ve);
    const page = await h3.get(`/reviews/${id}`);
    const empty = await h3.post(`/reviews/${id}/conflict`).type('form').send({ _csrf: csrfOf(page.text), conflictReason: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Vui lòng nêu lý do xung đột lợi ích.');
    await h3.post(`/reviews/${id}/conflict`).type('form').send({ _csrf: csrfOf(page.text), conflictReason: 'Là người thân của tác giả' });
    expect((await t.db.query('SELECT conflict, "conflictReason" FROM assignments WHERE id = ?', [id]))[0]).toMatchObject({ conflict: 1, conflictReason: 'Là người thân của tác giả' });
  });

  it('freezes the criteria once scores exist', async () => {
    const res = await secretary.post(`/rounds/${roundId}/criteria`).type('form').send(new URLSearchParams({ _csrf: token, 'criteria[0][name]': 'Mới', 'criteria[0][maxPoints]': '100' }).toString());
    expect(res.status).toBe(400);
    expect(res.text).toContain('Đã có điểm chấm trong đợt này: tiêu chí không sửa được nữa.');
    expect(await count(t.db, 'criteria', '"roundId" = ?', [roundId])).toBe(4);
  });

  it('lets the secretary reopen a submitted sheet; the member is told; the audit records it', async () => {
    const s1 = await sheetOf('hoidong1', qr);
    const res = await secretary.post(`/reviews/${s1}/reopen`).type('form').send({ _csrf: token, roundId: String(roundId) });
    expect(res.status).toBe(303);
    expect((await t.db.query('SELECT status FROM reviews WHERE "assignmentId" = ?', [s1]))[0].status).toBe('draft');
    const h1 = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await h1.get('/')).text).toContain('Thư ký hội đồng đã mở lại phiếu chấm sáng kiến SK-2026-0001');
    expect(await count(t.db, 'audit_events', "action = 'review.reopen'")).toBe(1);
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await member.post(`/reviews/${s1}/reopen`).type('form').send({ _csrf: csrfOf((await member.get('/reviews')).text) })).status).toBe(403);
  });

  it('keeps council notes from a member in conflict (an author), and from the initiative page', async () => {
    const h2 = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    const page = await h2.get(`/reviews/${await sheetOf('hoidong2', qr)}`);
    expect(page.text).not.toContain('Trao đổi trong hội đồng');
    const res = await h2.post(`/initiatives/${qr}/notes`).type('form').send({ _csrf: csrfOf(page.text), body: 'Tôi là tác giả' });
    expect(res.status).toBe(403);
    expect(await count(t.db, 'council_notes', '"initiativeId" = ?', [qr])).toBe(0);
  });

  it('does not seat the secretary among the scorers, and removes a member only without submitted sheets', async () => {
    const secretarySeat = await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, 'thuky')), role: 'secretary' });
    expect(secretarySeat.status).toBe(303);
    await secretary.post(`/rounds/${roundId}/assignments/all`).type('form').send({ _csrf: token });
    expect(await count(t.db, `assignments a JOIN council_members m ON m.id = a."memberId"`, `m.role = 'secretary' AND a."roundId" = ?`, [roundId])).toBe(0);
    // hoidong3 has submitted a sheet; the secretary's seat has none.
    const [h3seat] = await t.db.query(`SELECT m.id FROM council_members m JOIN users u ON u.id = m."userId" WHERE u.username = 'hoidong3' AND m."roundId" = ?`, [roundId]);
    await secretary.post(`/rounds/${roundId}/council/${h3seat.id}/remove`).type('form').send({ _csrf: token });
    expect((await secretary.get(`/rounds/${roundId}/council`)).text).toContain('đã nộp phiếu chấm nên không bỏ khỏi hội đồng được');
    expect(await count(t.db, 'council_members', 'id = ?', [h3seat.id])).toBe(1);
    const [secSeat] = await t.db.query(`SELECT id FROM council_members WHERE role = 'secretary' AND "roundId" = ?`, [roundId]);
    expect((await secretary.post(`/rounds/${roundId}/council/${secSeat.id}/remove`).type('form').send({ _csrf: token })).status).toBe(303);
    expect(await count(t.db, 'council_members', 'id = ?', [secSeat.id])).toBe(0);
  });

  it('exports the results table to Excel', async () => {
    const res = await secretary.get(`/rounds/${roundId}/results.xlsx`).buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Bảng tổng hợp kết quả chấm điểm');
    expect(sheet.getRow(1).getCell(6).value).toBe('Điểm trung bình');
    expect(sheet.rowCount).toBe(3);
    const codes = [sheet.getRow(2).getCell(2).value, sheet.getRow(3).getCell(2).value];
    expect(codes).toContain('SK-2026-0001');
  });
});
