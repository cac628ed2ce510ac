import TestAgent from 'supertest/lib/agent';
import { unzip } from './helpers/docx-text';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';

describe('council decisions, return for revision, certificate, notes', () => {
  let t: TestApp;
  let secretary: TestAgent;
  let token: string;
  let roundId: number;
  let qr: number;
  let criteria: number[];
  const members = ['hoidong1', 'hoidong2', 'hoidong3'];

  const assignmentOf = async (username: string) =>
    (await t.db.query(`SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" WHERE u.username = ? AND a."initiativeId" = ?`, [username, qr]))[0].id as number;

  async function score(username: string, points: string[]) {
    const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
    const id = await assignmentOf(username);
    const page = await agent.get(`/reviews/${id}`);
    const f = new URLSearchParams({ _csrf: csrfOf(page.text), intent: 'submit' });
    criteria.forEach((c, k) => f.append(`points[c${c}]`, points[k]));
    const res = await agent.post(`/reviews/${id}`).type('form').send(f.toString());
    expect(res.status).toBe(303);
  }

  const decide = (fields: Record<string, string>) =>
    secretary
      .post(`/initiatives/${qr}/decision`)
      .type('form')
      .send({ _csrf: token, level: 'province', number: '15/QĐ-HĐSK', date: '20/11/2026', place: 'Quảng Trị', signerTitle: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', signerName: 'Trương Quang Vinh', reasons: '', ...fields });

  /** A member votes on their own ballot of the round. */
  async function vote(username: string, choice: string) {
    const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
    const page = await agent.get(`/rounds/${roundId}/votes`);
    expect(page.status).toBe(200);
    return agent.post(`/rounds/${roundId}/votes/${qr}`).type('form').send({ _csrf: csrfOf(page.text), vote: choice });
  }

  /** The secretary records members' votes from the meeting. */
  const record = async (votes: Record<string, string>) => {
    const f = new URLSearchParams({ _csrf: token });
    for (const [username, choice] of Object.entries(votes)) {
      const [{ id }] = await t.db.query('SELECT m.id FROM council_members m JOIN users u ON u.id = m."userId" WHERE u.username = ? AND m."roundId" = ?', [username, roundId]);
      f.append(`votes[m${id}]`, choice);
    }
    return secretary.post(`/initiatives/${qr}/votes`).type('form').send(f.toString());
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    token = csrfOf((await secretary.get('/rounds/new')).text);
    const res = await secretary.post('/rounds/new').type('form').send({ _csrf: token, year: '2026', name: 'Đợt xét năm 2026', threshold: '70', submissionStart: '01/01/2026', submissionEnd: '31/07/2026', organisingUnitId: String(await unitId(t.db, 'QT')) });
    roundId = Number(res.headers.location.split('/').pop());
    // Entered into the system in January, before its submissions closed (31/07): its decision can fall overdue.
    await t.db.query('UPDATE rounds SET "createdAt" = ? WHERE id = ?', ['2026-01-05 08:00:00', roundId]);
    for (const username of members) await secretary.post(`/rounds/${roundId}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role: username === 'hoidong1' ? 'chair' : 'member' });
    [{ id: qr }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0001'`);
    await t.db.query('UPDATE initiatives SET "roundId" = ? WHERE id = ?', [roundId, qr]);
    await secretary.post(`/rounds/${roundId}/assignments/all`).type('form').send({ _csrf: token });
    criteria = (await t.db.query('SELECT id FROM criteria WHERE "roundId" = ? ORDER BY position', [roundId])).map((r: { id: number }) => r.id);
    await score('hoidong1', ['27', '18', '18', '25']);
    await score('hoidong2', ['25', '16', '17', '24']);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('lists the initiative as overdue on the secretary’s home page (due three months after submissions closed)', async () => {
    const home = await secretary.get('/');
    expect(home.text).toContain('Sáng kiến quá hạn ra quyết định');
    expect(home.text).toContain('hạn 31/10/2026');
    const page = await secretary.get(`/initiatives/${qr}/decision`);
    expect(page.text).toContain('Đã quá hạn ra quyết định (31/10/2026)');
    expect(page.text).toContain('cần ít nhất <strong>2</strong> thành viên đồng ý');
  });

  it('locks the same-unit conflict rule of the round once sheets exist, saying so beside the box; other fields stay editable', async () => {
    const fields = { _csrf: token, year: '2026', name: 'Đợt xét năm 2026', threshold: '70', submissionStart: '01/01/2026', submissionEnd: '31/07/2026', organisingUnitId: String(await unitId(t.db, 'QT')) };
    const refused = await secretary.post(`/rounds/${roundId}/edit`).type('form').send({ ...fields, conflictSameUnit: '1' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-conflictSameUnit-error">Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc xung đột lợi ích');
    expect(refused.text).toMatch(/id="f-conflictSameUnit" name="conflictSameUnit" value="1" checked/);
    expect((await t.db.query('SELECT "conflictSameUnit" FROM rounds WHERE id = ?', [roundId]))[0].conflictSameUnit).toBeFalsy();
    const renamed = await secretary.post(`/rounds/${roundId}/edit`).type('form').send({ ...fields, name: 'Đợt xét sáng kiến năm 2026' });
    expect(renamed.status).toBe(303);
    expect((await t.db.query('SELECT name, "conflictSameUnit" FROM rounds WHERE id = ?', [roundId]))[0]).toMatchObject({ name: 'Đợt xét sáng kiến năm 2026' });
  });

  it('refuses a new year for a round that holds initiatives (their codes and years are its), beside the field, and keeps the year', async () => {
    const fields = { _csrf: token, year: '2018', name: 'Đợt xét sáng kiến năm 2026', threshold: '70', submissionStart: '01/01/2018', submissionEnd: '31/07/2018', organisingUnitId: String(await unitId(t.db, 'QT')) };
    const refused = await secretary.post(`/rounds/${roundId}/edit`).type('form').send(fields);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="f-year-error">Đợt xét đã có \d+ sáng kiến, mã và năm của chúng theo năm 2026 của đợt: không đổi năm của đợt được nữa\./);
    expect(refused.text).toContain('value="2018"');
    expect((await t.db.query('SELECT year, "submissionStart" FROM rounds WHERE id = ?', [roundId]))[0]).toMatchObject({ year: 2026, submissionStart: '2026-01-01' });
  });

  it('locks the same-unit conflict rule once a vote is recorded, even with no sheet: the rule decides who may vote', async () => {
    const fields = { _csrf: token, year: '2026', name: 'Đợt xét bổ sung năm 2026', threshold: '70', submissionStart: '01/01/2026', submissionEnd: '31/12/2026', organisingUnitId: String(await unitId(t.db, 'QT')) };
    const created = await secretary.post('/rounds/new').type('form').send(fields);
    expect(created.status).toBe(303);
    const other = Number(created.headers.location.split('/').pop());
    await secretary.post(`/rounds/${other}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, 'hoidong1')), role: 'chair' });
    const [{ id: seat }] = await t.db.query('SELECT id FROM council_members WHERE "roundId" = ?', [other]);
    const edit = fields;
    // No sheet and no vote yet: the rule may still change (and back).
    expect((await secretary.post(`/rounds/${other}/edit`).type('form').send({ ...edit, conflictSameUnit: '1' })).status).toBe(303);
    expect((await secretary.post(`/rounds/${other}/edit`).type('form').send(edit)).status).toBe(303);
    await t.db.query('INSERT INTO member_votes ("initiativeId", "memberId", cycle, vote, "recordedBy", "recordedById") VALUES (?, ?, 1, ?, ?, ?)', [qr, seat, 'for', 'secretary', await userId(t.db, 'thuky')]);
    const refused = await secretary.post(`/rounds/${other}/edit`).type('form').send({ ...edit, conflictSameUnit: '1' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc xung đột lợi ích');
    expect((await t.db.query('SELECT "conflictSameUnit" FROM rounds WHERE id = ?', [other]))[0].conflictSameUnit).toBeFalsy();
    await t.db.query('DELETE FROM member_votes WHERE "memberId" = ?', [seat]);
  });

  it('warns of missing sheets and votes, preselects no outcome and asks to confirm the decision', async () => {
    const page = await secretary.get(`/initiatives/${qr}/decision`);
    expect(page.text).toContain('1 thành viên chưa nộp phiếu chấm.');
    expect(page.text).toContain('3 thành viên chưa biểu quyết.');
    expect(page.text).not.toMatch(/name="outcome"[^>]*checked/);
    expect(page.text).toMatch(/<form method="post" action="\/initiatives\/\d+\/decision" novalidate class="[^"]*confirm-form[^"]*" data-confirm="Ghi quyết định này\?/);
    // The typed totals are gone: the totals come from the members' votes.
    expect(page.text).not.toContain('name="votesFor"');
    // Readable contrast (the outline-warning button was 1.6:1): dark text on amber.
    expect(page.text).toContain('<button type="submit" class="btn btn-warning">Trả lại cho tác giả</button>');
    expect(page.text).not.toContain('btn-outline-warning');
    expect(page.text).toContain(`href="/rounds/${roundId}/minutes"`);
    // At 360 px each member is a card and the vote's select takes the card's full width (it was cut to "— Chưa l").
    expect(page.text).toContain('<table class="table table-sm align-middle table-cards seat-votes" role="table">');
    expect(page.text).toMatch(/<select class="form-select form-select-sm w-100" id="f-votes\[m\d+\]" name="votes\[m\d+\]">/);
    expect(page.text).toContain('<td role="cell" class="small" data-label="Phiếu chấm">');
    // Radio buttons and checkboxes get a border of at least 3:1 against white (#6c757d: 4.7:1).
    const css = await secretary.get('/assets/css/app.css');
    expect(css.text).toMatch(/\.form-check-input \{ border-color: #6c757d; \}/);
  });

  it('counts the members’ votes, by the member or recorded by the secretary, each marked as such', async () => {
    expect((await vote('hoidong1', 'for')).status).toBe(303);
    expect((await record({ hoidong2: 'against', hoidong1: 'against' })).status).toBe(303);
    const rows = await t.db.query('SELECT u.username, v.vote, v."recordedBy" FROM member_votes v JOIN council_members m ON m.id = v."memberId" JOIN users u ON u.id = m."userId" WHERE v."initiativeId" = ? ORDER BY u.username', [qr]);
    // The member's own vote is not overwritten by the secretary.
    expect(rows).toEqual([
      { username: 'hoidong1', vote: 'for', recordedBy: 'member' },
      { username: 'hoidong2', vote: 'against', recordedBy: 'secretary' },
    ]);
    const page = await secretary.get(`/initiatives/${qr}/decision`);
    expect(page.text).toContain('Biểu quyết: <strong>1</strong> đồng ý, 1 không đồng ý, 0 không biểu quyết.');
    expect(page.text).toContain('thành viên tự biểu quyết');
    expect(page.text).toContain('thư ký ghi theo biên bản họp');
    expect(page.text).toContain('1 thành viên chưa biểu quyết.');
    // A choice that is not a vote is refused beside the member, nothing saved.
    const bad = await record({ hoidong3: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Lựa chọn không hợp lệ.');
    expect(await count(t.db, 'member_votes', '"initiativeId" = ?', [qr])).toBe(2);
    // Someone without a seat on the council has no ballot.
    const outsider = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await outsider.get(`/rounds/${roundId}/votes`)).status).toBe(403);
    const home = await outsider.get('/');
    expect((await outsider.post(`/rounds/${roundId}/votes/${qr}`).type('form').send({ _csrf: csrfOf(home.text), vote: 'for' })).status).toBe(403);
  });

  it('lets the secretary take back a vote they recorded by mistake (“— Chưa biểu quyết —”), never a member’s own; audited', async () => {
    const votes = () => t.db.query('SELECT u.username, v.vote, v."recordedBy" FROM member_votes v JOIN council_members m ON m.id = v."memberId" JOIN users u ON u.id = m."userId" WHERE v."initiativeId" = ? ORDER BY u.username', [qr]);
    const page = await secretary.get(`/initiatives/${qr}/decision`);
    expect(page.text).toContain('<option value="">— Chưa biểu quyết —</option>');
    // The empty choice for hoidong1 (who voted themselves) changes nothing; for hoidong2 it takes the secretary's record back.
    const res = await record({ hoidong1: '', hoidong2: '' });
    expect(res.status).toBe(303);
    expect(await votes()).toEqual([{ username: 'hoidong1', vote: 'for', recordedBy: 'member' }]);
    const [event] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'vote.record' ORDER BY id DESC`);
    expect(event.summary).toContain('Đặng Thị Mai Hương — bỏ biểu quyết đã ghi (Không đồng ý), nay chưa biểu quyết');
    expect(event.summary).not.toContain('Trương Quang Vinh');
    const after = await secretary.get(`/initiatives/${qr}/decision`);
    expect(after.text).toContain('Biểu quyết: <strong>1</strong> đồng ý, 0 không đồng ý, 0 không biểu quyết.');
    expect(after.text).toContain('2 thành viên chưa biểu quyết.');
    // A seat left out of the form is left alone; recorded again from the minutes.
    expect((await record({ hoidong2: 'against' })).status).toBe(303);
    expect((await record({})).status).toBe(303);
    expect(await votes()).toEqual([
      { username: 'hoidong1', vote: 'for', recordedBy: 'member' },
      { username: 'hoidong2', vote: 'against', recordedBy: 'secretary' },
    ]);
  });

  it('refuses recognition with fewer than 2/3 of the members for, explaining why; nothing changes', async () => {
    // Typed totals are not read any more: only the members' votes count.
    const res = await decide({ outcome: 'recognized' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Chưa đủ điều kiện công nhận: cần ít nhất 2 trên 3 thành viên hội đồng (2/3) đồng ý, hiện có 1.');
    expect(res.text).toContain('value="15/QĐ-HĐSK"');
    expect(res.text).toContain('value="Trương Quang Vinh"');
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [qr]))[0].status).toBe('under_review');
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [qr])).toBe(0);
  });

  it('requires reasons to refuse recognition', async () => {
    const res = await decide({ outcome: 'not_recognized' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Quyết định không công nhận phải nêu rõ lý do.');
  });

  it('asks for the signer and the place, beside the fields', async () => {
    const res = await decide({ outcome: 'not_recognized', reasons: 'Chưa có số liệu', place: '', signerName: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vui lòng nhập địa danh ghi ở ngày tháng.');
    expect(res.text).toContain('Vui lòng nhập họ tên người ký.');
    expect(res.text).toContain('Chưa có số liệu');
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [qr])).toBe(0);
  });

  it('keeps council notes inside the council', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const sheet = await member.get(`/reviews/${await assignmentOf('hoidong1')}`);
    const res = await member.post(`/initiatives/${qr}/notes`).type('form').send({ _csrf: csrfOf(sheet.text), body: 'Đề nghị bổ sung số liệu khảo sát quý III.', back: `/reviews/${await assignmentOf('hoidong1')}` });
    expect(res.status).toBe(303);
    const [note] = await t.db.query('SELECT id FROM council_notes');
    await secretary.post(`/initiatives/${qr}/notes`).type('form').send({ _csrf: token, body: 'Thư ký đã liên hệ đơn vị.', parentId: String(note.id) });
    expect((await secretary.get(`/initiatives/${qr}/decision`)).text).toContain('Thư ký đã liên hệ đơn vị.');
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const page = await author.get(`/initiatives/${qr}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Đề nghị bổ sung số liệu');
    expect((await author.post(`/initiatives/${qr}/notes`).type('form').send({ _csrf: csrfOf(page.text), body: 'xin chào' })).status).toBe(403);
    expect((await author.get(`/initiatives/${qr}/decision`)).status).toBe(403);
  });

  it('returns for revision: editable by the authors, resubmitted, scored again with earlier sheets kept', async () => {
    const res = await secretary.post(`/initiatives/${qr}/return`).type('form').send({ _csrf: token, note: 'Bổ sung số liệu khảo sát quý III' });
    expect(res.status).toBe(303);
    const [row] = await t.db.query('SELECT status, "reviewCycle" FROM initiatives WHERE id = ?', [qr]);
    expect(row).toMatchObject({ status: 'returned', reviewCycle: 2 });
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await author.get('/')).text).toContain('được trả lại để bổ sung. Nội dung cần bổ sung: Bổ sung số liệu khảo sát quý III.');
    const edit = await author.get(`/initiatives/${qr}/edit`);
    expect(edit.status).toBe(200);
    const form = edit.text;
    const field = (name: string) => new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`).exec(form)?.[1] ?? '';
    const textarea = (name: string) => new RegExp(`name="${name}"[^>]*>([^<]*)</textarea>`).exec(form)?.[1] ?? '';
    let post = author.post(`/initiatives/${qr}/edit`).field('_csrf', csrfOf(form));
    const values: Record<string, string> = {
      title: field('title'),
      unitId: String((await t.db.query('SELECT "unitId" FROM initiatives WHERE id = ?', [qr]))[0].unitId),
      fieldId: String((await t.db.query('SELECT "fieldId" FROM initiatives WHERE id = ?', [qr]))[0].fieldId),
      roundId: String(roundId),
      firstAppliedDate: field('firstAppliedDate'),
      problem: textarea('problem'),
      solution: textarea('solution'),
      novelty: textarea('novelty'),
      effects: `${textarea('effects')} Khảo sát quý III: 98,2% hài lòng.`,
      'authors[0][fullName]': field('authors[0][fullName]'),
      'authors[0][share]': '100',
      attachmentVisibility: 'internal',
    };
    for (const [k, v] of Object.entries(values)) post = post.field(k, v);
    expect((await post).status).toBe(303);
    expect(await count(t.db, 'initiative_revisions', '"initiativeId" = ?', [qr])).toBeGreaterThanOrEqual(1);
    const page = await author.get(`/initiatives/${qr}`);
    await author.post(`/initiatives/${qr}/submit`).type('form').send({ _csrf: csrfOf(page.text) });
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [qr]))[0].status).toBe('under_review');
    // The members' sheets are blank again; the first-cycle sheets are kept.
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await member.get('/reviews')).text).toContain('Chưa chấm');
    const cycle = (n: number) => count(t.db, 'reviews', `cycle = ${n} AND status = 'submitted' AND "assignmentId" IN (SELECT id FROM assignments WHERE "initiativeId" = ?)`, [qr]);
    expect(await cycle(1)).toBe(2);
    await score('hoidong1', ['28', '18', '18', '26']);
    await score('hoidong3', ['26', '17', '18', '25']);
    expect(await cycle(2)).toBe(2);
    // The votes of the first cycle stay on record but count no more.
    expect((await secretary.get(`/initiatives/${qr}/decision`)).text).toContain('3 thành viên chưa biểu quyết.');
  });

  it('keeps the votes chosen in the table when "Ghi quyết định" is pressed: recorded with the decision, or with a refused decision neither, the choices shown again', async () => {
    expect((await vote('hoidong1', 'for')).status).toBe(303);
    const page = await secretary.get(`/initiatives/${qr}/decision`);
    // One form: the votes' selects and the decision's fields; "Lưu biểu quyết" posts it to the votes alone, without the decision's confirmation.
    const form = page.text.slice(page.text.indexOf('id="decision-form"'), page.text.indexOf('</form>', page.text.indexOf('id="decision-form"')));
    expect(form).toMatch(/name="votes\[m\d+\]"/);
    expect(form).toContain('name="number"');
    expect(form).toContain(`<button type="submit" formaction="/initiatives/${qr}/votes" data-no-confirm class="btn btn-outline-primary">Lưu biểu quyết`);
    const seat = async (username: string) => (await t.db.query('SELECT m.id FROM council_members m JOIN users u ON u.id = m."userId" WHERE u.username = ? AND m."roundId" = ?', [username, roundId]))[0].id as number;
    const [h2, h3] = [await seat('hoidong2'), await seat('hoidong3')];
    const cycleVotes = () => t.db.query('SELECT "memberId", vote, "recordedBy" FROM member_votes WHERE "initiativeId" = ? AND cycle = 2 ORDER BY "memberId"', [qr]);
    const before = await cycleVotes();
    expect(before).toHaveLength(1);
    // Refused (no signer): neither the votes nor the decision are recorded; the choices come back.
    const refused = await decide({ outcome: 'recognized', signerName: '', [`votes[m${h2}]`]: 'for', [`votes[m${h3}]`]: 'abstain' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vui lòng nhập họ tên người ký.');
    expect(refused.text).toMatch(new RegExp(`id="f-votes\\[m${h2}\\]" name="votes\\[m${h2}\\]">[\\s\\S]*?<option value="for" selected>`));
    expect(refused.text).toMatch(new RegExp(`id="f-votes\\[m${h3}\\]" name="votes\\[m${h3}\\]">[\\s\\S]*?<option value="abstain" selected>`));
    expect(await cycleVotes()).toEqual(before);
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [qr])).toBe(0);
    // "Lưu biểu quyết" posts the whole form (the decision's fields too) and records only the votes.
    const saved = await secretary.post(`/initiatives/${qr}/votes`).type('form').send({ _csrf: token, number: '15/QĐ-HĐSK', outcome: 'recognized', [`votes[m${h3}]`]: 'against' });
    expect(saved.status).toBe(303);
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [qr])).toBe(0);
    expect(await cycleVotes()).toEqual([...before, { memberId: h3, vote: 'against', recordedBy: 'secretary' }]);
  });

  it('recognises with enough votes and the threshold met; authors are told; the certificate prints', async () => {
    const seat = async (username: string) => (await t.db.query('SELECT m.id FROM council_members m JOIN users u ON u.id = m."userId" WHERE u.username = ? AND m."roundId" = ?', [username, roundId]))[0].id as number;
    // The votes chosen in the table go with "Ghi quyết định" and count in it.
    const res = await decide({ outcome: 'recognized', [`votes[m${await seat('hoidong2')}]`]: 'for', [`votes[m${await seat('hoidong3')}]`]: 'abstain' });
    expect(res.status).toBe(303);
    expect((await t.db.query(`SELECT summary FROM audit_events WHERE action = 'vote.record' ORDER BY id DESC`))[0].summary).toMatch(/— Đồng ý; .* — Không biểu quyết$/);
    const [row] = await t.db.query('SELECT status, level FROM initiatives WHERE id = ?', [qr]);
    expect(row).toMatchObject({ status: 'recognized', level: 'province' });
    const [decision] = await t.db.query('SELECT * FROM decisions WHERE "initiativeId" = ?', [qr]);
    expect(decision).toMatchObject({
      outcome: 'recognized', votesFor: 2, votesAgainst: 0, votesAbstain: 1, councilSize: 3, number: '15/QĐ-HĐSK', date: '2026-11-20',
      place: 'Quảng Trị', signerTitle: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', signerName: 'Trương Quang Vinh', paperRecord: 0,
    });
    expect(decision.meanTotal).toBeCloseTo(88, 5);
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await author.get('/')).text).toContain('đã được công nhận theo Quyết định số 15/QĐ-HĐSK ngày 20/11/2026, phạm vi ảnh hưởng: Cấp tỉnh.');
    const page = await author.get(`/initiatives/${qr}`);
    expect(page.text).toContain('Công nhận sáng kiến — phạm vi ảnh hưởng: Cấp tỉnh');
    expect(page.text).toContain('2 trên 3 thành viên hội đồng đồng ý');
    expect(page.text).toContain('href="/initiatives/' + qr + '/certificate"');
    const cert = await author.get(`/initiatives/${qr}/certificate`);
    expect(cert.status).toBe(200);
    expect(cert.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(cert.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(cert.text).toContain('GIẤY CHỨNG NHẬN SÁNG KIẾN');
    expect(cert.text).toContain('Căn cứ Quyết định số 15/QĐ-HĐSK ngày 20/11/2026');
    // Who certifies, on what basis, and what (a deputy signs in the chair's name: KT. CHỦ TỊCH).
    expect(cert.text).toContain('<p class="cert-issuer-title">CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ</p>');
    expect(cert.text).toContain('Căn cứ Quyết định số 15/QĐ-HĐSK ngày 20/11/2026 của Ủy ban nhân dân tỉnh Quảng Trị về việc công nhận sáng kiến năm 2026,</p>');
    expect(cert.text).toContain('<p class="cert-lead">CHỨNG NHẬN:</p>');
    expect(cert.text).not.toContain('chứng nhận sáng kiến:');
    expect(cert.text).toContain('Dương Thị Kim Thoa');
    expect(cert.text).toContain('<strong>Cấp tỉnh</strong>');
    expect(cert.text).toContain('/assets/css/print.css');
    // Authority, number, place and signer from the round's unit and the decision.
    expect(cert.text).toContain('<div class="cert-issuer-line cert-issuer-main">ỦY BAN NHÂN DÂN</div><div class="cert-issuer-line cert-issuer-main">TỈNH QUẢNG TRỊ</div>');
    expect(cert.text).toContain('Số: 15/QĐ-HĐSK');
    expect(cert.text).toContain('Quảng Trị, ngày 20 tháng 11 năm 2026');
    expect(cert.text).toContain('<span class="cert-role-line">KT. CHỦ TỊCH</span><span class="cert-role-line">PHÓ CHỦ TỊCH</span>');
    expect(cert.text).toContain('<p class="cert-signer">Trương Quang Vinh</p>');
    expect(cert.text).not.toContain('…………, ngày');
    // A print button, worked by a script the app serves (no inline script).
    expect(cert.text).toContain('class="print-button"');
    expect(cert.text).toMatch(/<script src="\/assets\/js\/print\.js\?v=[0-9a-f]+"><\/script>/);
    expect(cert.text).not.toMatch(/<script>/);
    // The serif face with Vietnamese glyphs, served by the app and named by print.css.
    const css = await author.get('/assets/css/print.css');
    expect(css.text).toContain('font-family: "Noto Serif", serif');
    expect(css.text).toContain('url(/vendor/noto-serif/noto-serif-vietnamese-400-normal.woff2)');
    expect(css.text).toContain('U+1EA0-1EF9');
    // Each face and subset once, in one format: no second file fetched for the same face.
    const fonts = css.text.match(/url\([^)]*\)/g) ?? [];
    expect(fonts.length).toBe(6);
    expect(new Set(fonts).size).toBe(fonts.length);
    expect(fonts.every((u) => u.endsWith('.woff2)'))).toBe(true);
    expect(cert.text.match(/print\.css/g)).toHaveLength(1);
    const font = await t.agent().get('/vendor/noto-serif/noto-serif-vietnamese-400-normal.woff2');
    expect(font.status).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(Number(font.headers['content-length'])).toBeGreaterThan(1000);
    expect((await t.agent().get('/vendor/noto-serif/noto-serif-latin-700-normal.woff2')).status).toBe(200);
    expect((await t.agent().get('/assets/js/print.js')).text).toContain('window.print()');
    // Now it is in the public catalogue.
    expect((await t.agent().get(`/catalogue/${qr}`)).status).toBe(200);
    // No second decision on a decided initiative.
    const again = await decide({ outcome: 'recognized' });
    expect(again.status).toBe(400);
  });

  it('refuses conflicts and reopening once decided', async () => {
    const h3 = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    const id = await assignmentOf('hoidong3');
    const page = await h3.get(`/reviews/${id}`);
    const res = await h3.post(`/reviews/${id}/conflict`).type('form').send({ _csrf: csrfOf(page.text), conflictReason: 'Muộn' });
    expect(res.status).toBe(400);
    const reopen = await secretary.post(`/reviews/${await assignmentOf('hoidong1')}/reopen`).type('form').send({ _csrf: token, roundId: String(roundId) });
    expect(reopen.status).toBe(303);
    expect((await secretary.get(`/rounds/${roundId}/results`)).text).toContain('không mở lại phiếu được');
  });

  it('has no certificate for an initiative not recognised', async () => {
    const [submitted] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0002'`);
    expect((await secretary.get(`/initiatives/${submitted.id}/certificate`)).status).toBe(404);
    const [draft] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'draft'`);
    expect((await secretary.get(`/initiatives/${draft.id}/certificate`)).status).toBe(403); // drafts are private
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    expect((await admin.get(`/initiatives/${draft.id}/certificate`)).status).toBe(404);
    // The five recognised in 2022 have their certificates.
    const [demo] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    const cert = await secretary.get(`/initiatives/${demo.id}/certificate`);
    expect(cert.status).toBe(200);
    expect(cert.text).toContain('Căn cứ Quyết định số 3368/QĐ-UBND ngày 20/12/2022');
    expect(cert.text).toContain('<div class="cert-issuer-line cert-issuer-main">ỦY BAN NHÂN DÂN</div><div class="cert-issuer-line cert-issuer-main">HUYỆN VĨNH LINH</div>');
    expect(cert.text).toContain('Số: 3368/QĐ-UBND');
    expect(cert.text).toContain('Vĩnh Linh, ngày 20 tháng 12 năm 2022');
    expect(cert.text).toContain('<p class="cert-signer">Hoàng Văn Minh</p>');
  });

  describe('the certificate as a Word document', () => {
    const download = (agent: TestAgent, path: string) => agent.get(path).buffer(true).parse(binary as never);

    it('downloads for whoever may read the printable certificate: a .docx naming the initiative, linked from the printable page', async () => {
      const [demo] = await t.db.query(`SELECT id, title FROM initiatives WHERE code = 'SK-2022-0005'`);
      const printable = await secretary.get(`/initiatives/${demo.id}/certificate`);
      expect(printable.text).toContain(`<a href="/initiatives/${demo.id}/certificate.docx">Tải (.docx)</a>`);
      // The link sits in the toolbar that printing hides.
      expect(printable.text).toMatch(/<div class="no-print toolbar">[^\n]*certificate\.docx/);
      for (const agent of [secretary, await signIn(t.agent(), 'tacgia', DEMO_PASSWORD), await signIn(t.agent(), 'admin', DEMO_PASSWORD)]) {
        const res = await download(agent, `/initiatives/${demo.id}/certificate.docx`);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
        expect(res.headers['content-disposition']).toContain('giay-chung-nhan-sk-2022-0005.docx');
        const document = unzip(res.body as Buffer).get('word/document.xml')?.toString('utf8') ?? '';
        expect(document).toContain('GIẤY CHỨNG NHẬN SÁNG KIẾN');
        const words = document.replace(/<[^>]+>/g, '');
        expect(words).toContain(String(demo.title).replace(/&/g, '&amp;'));
        expect(words).toContain('3368/QĐ-UBND');
      }
    });

    it("answers 403 to one who may not see the initiative (naming nothing of it), 404 to an initiative without a certificate", async () => {
      const [draft] = await t.db.query(`SELECT id, title FROM initiatives WHERE status = 'draft'`);
      const refused = await secretary.get(`/initiatives/${draft.id}/certificate.docx`);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain(String(draft.title));
      const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
      expect((await admin.get(`/initiatives/${draft.id}/certificate.docx`)).status).toBe(404);
      const [submitted] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0002'`);
      expect((await secretary.get(`/initiatives/${submitted.id}/certificate.docx`)).status).toBe(404);
      // A visitor is sent to sign in.
      const visitor = await t.agent().get(`/initiatives/${draft.id}/certificate.docx`);
      expect(visitor.status).not.toBe(200);
    });
  });
});
