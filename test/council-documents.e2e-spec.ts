import TestAgent from 'supertest/lib/agent';
import { docxText } from './helpers/docx-text';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('the council’s vote by member, its minutes, the decision of recognition, paper records', () => {
  let t: TestApp;
  let secretary: TestAgent;
  let admin: TestAgent;
  let token: string;
  let adminToken: string;
  let round2022: number;
  let round2026: number;
  let round2016: number;
  let sk3: number;

  const idOf = async (code: string) => Number((await t.db.query('SELECT id FROM initiatives WHERE code = ?', [code]))[0].id);
  const seatOf = async (username: string, roundId: number) =>
    Number((await t.db.query('SELECT m.id FROM council_members m JOIN users u ON u.id = m."userId" WHERE u.username = ? AND m."roundId" = ?', [username, roundId]))[0].id);
  const download = (agent: TestAgent, path: string) => agent.get(path).buffer(true).parse(binary as never);

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    token = csrfOf((await secretary.get('/rounds/new')).text);
    adminToken = csrfOf((await admin.get('/rounds/new')).text);
    round2022 = Number((await t.db.query('SELECT id FROM rounds WHERE year = 2022'))[0].id);
    round2026 = Number((await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét sáng kiến cải cách hành chính năm 2026'`))[0].id);
    sk3 = await idOf('SK-2026-0003');
    // A round of the province of 2016 entered into the system today, from the paper files: no council.
    const res = await admin
      .post('/rounds/new')
      .type('form')
      .send({ _csrf: adminToken, year: '2016', name: 'Đợt xét sáng kiến năm 2016', threshold: '70', submissionStart: '01/06/2016', submissionEnd: '30/08/2016', organisingUnitId: String(await unitId(t.db, 'QT')) });
    expect(res.status).toBe(303);
    round2016 = Number(res.headers.location.split('/').pop());
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('prints the minutes of a round for its secretary, chair and administrators, with each member’s vote', async () => {
    const round = await secretary.get(`/rounds/${round2022}`);
    expect(round.text).toContain(`href="/rounds/${round2022}/minutes"`);
    expect((await secretary.get(`/rounds/${round2026}`)).text).toContain(`href="/rounds/${round2026}/votes"`);
    const page = await secretary.get(`/rounds/${round2022}/minutes`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('BIÊN BẢN HỌP HỘI ĐỒNG SÁNG KIẾN');
    // The heading the district printed in 2022, kept with its decisions.
    expect(page.text).toContain('<div class="cert-issuer-line">ỦY BAN NHÂN DÂN</div><div class="cert-issuer-line">HUYỆN VĨNH LINH</div><div class="cert-issuer-line cert-issuer-main">HỘI ĐỒNG SÁNG KIẾN</div>');
    // Who scored or voted is what the system knows (not who sat in the room); the secretary keeps the minutes.
    expect(page.text).toContain('Hội đồng có 4 thành viên: 3 thành viên có phiếu chấm hoặc biểu quyết; thư ký hội đồng ghi biên bản.');
    expect(page.text).toContain('<th scope="col">Tham gia</th>');
    expect(page.text).toContain('<td>Trương Quang Vinh</td><td>Phó Chủ tịch UBND huyện, Chủ tịch Hội đồng</td><td>Chủ tịch hội đồng</td><td>Có phiếu chấm hoặc biểu quyết</td>');
    expect(page.text).toContain('<td>Phan Thị Hồng Nhung</td><td>Chuyên viên Phòng Nội vụ, thư ký Hội đồng sáng kiến</td><td>Thư ký hội đồng</td><td>Có mặt (thư ký, ghi biên bản)</td>');
    expect(page.text).not.toContain('Vắng');
    expect(page.text).toContain('ít nhất 3 trên 4 thành viên (2/3) đồng ý.');
    expect(page.text).not.toContain('3/4 thành viên');
    // The date of the meeting's record is the decision's; dots only while nothing is decided.
    expect(page.text).toContain('<p class="cert-place">Vĩnh Linh, ngày 20 tháng 12 năm 2022</p>');
    const undecided = await secretary.get(`/rounds/${round2026}/minutes`);
    expect(undecided.text).toContain('<p class="cert-place">Quảng Trị, ngày …… tháng …… năm ……</p>');
    expect(page.text).toContain('SK-2022-0001');
    expect(page.text).toContain('<td>Tính mới</td><td class="num">30</td>');
    expect(page.text).toContain('Kết quả biểu quyết: <strong>3</strong> đồng ý, 0 không đồng ý, 0 không biểu quyết (trên tổng số 4 thành viên).');
    expect(page.text).toContain('<td>Đặng Thị Mai Hương</td><td>Đồng ý <span class="source">(thư ký ghi theo biên bản họp)</span></td>');
    expect(page.text).toContain('Kết luận: Công nhận sáng kiến, phạm vi ảnh hưởng: Cấp huyện (Quyết định số 3368/QĐ-UBND).');
    expect(page.text).toContain('class="print-button"');
    expect(page.text).toContain('/assets/js/print.js');
    expect(page.text).toContain(`href="/rounds/${round2022}/minutes.docx"`);
    // The chair's seat may read them; another member, an author, may not.
    expect((await (await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD)).get(`/rounds/${round2022}/minutes`)).status).toBe(200);
    expect((await admin.get(`/rounds/${round2022}/minutes`)).status).toBe(200);
    const member = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    for (const path of ['minutes', 'minutes.docx', 'recognition.docx']) {
      const refused = await member.get(`/rounds/${round2022}/${path}`);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain('SK-2022-0001');
      expect((await author.get(`/rounds/${round2022}/${path}`)).status).toBe(403);
    }
  });

  it('gives the minutes as a Word file', async () => {
    const res = await download(secretary, `/rounds/${round2022}/minutes.docx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toContain('bien-ban-hop-hoi-dong-2022');
    const text = docxText(res.body as Buffer);
    expect(text).toContain('BIÊN BẢN HỌP HỘI ĐỒNG SÁNG KIẾN');
    expect(text).toContain('ỦY BAN NHÂN DÂN\nHUYỆN VĨNH LINH\nHỘI ĐỒNG SÁNG KIẾN');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Đợt xét sáng kiến cải cách hành chính năm 2022');
    expect(text).toContain('Thành phần: Hội đồng có 4 thành viên: 3 thành viên có phiếu chấm hoặc biểu quyết; thư ký hội đồng ghi biên bản.');
    expect(text).toContain('ít nhất 3 trên 4 thành viên (2/3) đồng ý.');
    expect(text).toContain('Có mặt (thư ký, ghi biên bản)');
    expect(text).not.toContain('Vắng');
    expect(text).toContain('Vĩnh Linh, ngày 20 tháng 12 năm 2022');
    expect(text).toContain('Lý Văn Đức');
    expect(text).toContain('Tính mới');
    expect(text).toContain('Kết quả biểu quyết: 3 đồng ý, 0 không đồng ý, 0 không biểu quyết (trên tổng số 4 thành viên).');
    expect(text).toContain('thư ký ghi theo biên bản họp');
    expect(text).toContain('Kết luận: Công nhận sáng kiến, phạm vi ảnh hưởng: Cấp huyện (Quyết định số 3368/QĐ-UBND).');
    expect(text).toContain('CHỦ TỊCH HỘI ĐỒNG');
    expect(text).toContain('Phan Thị Hồng Nhung');
  });

  it('drafts the decision of recognition as a Word file: authority, number, place and date, articles, signer', async () => {
    const res = await download(admin, `/rounds/${round2022}/recognition.docx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    const text = docxText(res.body as Buffer);
    expect(text).toContain('ỦY BAN NHÂN DÂN\nHUYỆN VĨNH LINH');
    expect(text).toContain('Số: 3368/QĐ-UBND');
    expect(text).toContain('Vĩnh Linh, ngày 20 tháng 12 năm 2022');
    expect(text).toContain('QUYẾT ĐỊNH');
    expect(text).toContain('Về việc công nhận sáng kiến năm 2022');
    expect(text).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH');
    expect(text).toContain('Điều 1. Công nhận 5 sáng kiến năm 2022');
    for (const code of ['SK-2022-0001', 'SK-2022-0002', 'SK-2022-0003', 'SK-2022-0004', 'SK-2022-0005']) expect(text).toContain(code);
    expect(text).toContain('Nguyễn Minh Thơm');
    expect(text).toContain('Võ Thị Thu');
    expect(text).toContain('Cấp huyện');
    expect(text).toContain('Điều 3.');
    expect(text).toContain('Hoàng Văn Minh');
  });

  it('lets a member vote on the round’s ballot and change the vote; refuses an empty ballot beside the initiative', async () => {
    const member = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    const ballot = await member.get(`/rounds/${round2026}/votes`);
    expect(ballot.status).toBe(200);
    expect(ballot.text).toContain('SK-2026-0003');
    expect(ballot.text).toContain('data-confirm="Gửi biểu quyết cho sáng kiến SK-2026-0003?"');
    // Her sheet is a draft: the others' scores stay hidden until she submits it.
    expect(ballot.text).not.toContain('phiếu chấm hợp lệ, điểm trung bình');
    expect(ballot.text).toContain('Điểm của hội đồng hiện ra sau khi bạn nộp phiếu chấm của mình.');
    // The chair (sheet submitted) and the secretary's seat see the council's mean.
    for (const username of ['hoidong1', 'thuky']) {
      const seen = await (await signIn(t.agent(), username, DEMO_PASSWORD)).get(`/rounds/${round2026}/votes`);
      expect(seen.text).toMatch(/1 phiếu chấm hợp lệ, điểm trung bình \d+,\d\d/);
    }
    const empty = await member.post(`/rounds/${round2026}/votes/${sk3}`).type('form').send({ _csrf: csrfOf(ballot.text) });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain(`id="sk-${sk3}-error">Vui lòng chọn Đồng ý, Không đồng ý hoặc Không biểu quyết.</div>`);
    expect(await count(t.db, 'member_votes', '"initiativeId" = ?', [sk3])).toBe(0);
    expect((await member.post(`/rounds/${round2026}/votes/${sk3}`).type('form').send({ _csrf: csrfOf(ballot.text), vote: 'against' })).status).toBe(303);
    expect((await member.post(`/rounds/${round2026}/votes/${sk3}`).type('form').send({ _csrf: csrfOf(ballot.text), vote: 'for' })).status).toBe(303);
    expect(await t.db.query('SELECT vote, "recordedBy", cycle FROM member_votes WHERE "initiativeId" = ?', [sk3])).toEqual([{ vote: 'for', recordedBy: 'member', cycle: 1 }]);
    const again = await member.get(`/rounds/${round2026}/votes`);
    expect(again.text).toContain('Biểu quyết đã ghi: <strong>Đồng ý</strong>');
    expect(again.text).toMatch(/value="for" checked/);
    // A member of the council who is not seated in that round has no ballot there: nobody outside it.
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    expect((await focal.get(`/rounds/${round2026}/votes`)).status).toBe(403);
  });

  it('keeps a member in conflict of interest out of the vote', async () => {
    const member = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    const [{ id: assignment }] = await t.db.query('SELECT id FROM assignments WHERE "initiativeId" = ? AND "memberId" = ?', [sk3, await seatOf('hoidong3', round2026)]);
    // A vote cast before the conflict came to light stays on record but does not count.
    const before = await member.get(`/rounds/${round2026}/votes`);
    expect((await member.post(`/rounds/${round2026}/votes/${sk3}`).type('form').send({ _csrf: csrfOf(before.text), vote: 'for' })).status).toBe(303);
    expect((await secretary.get(`/initiatives/${sk3}/decision`)).text).toContain('Biểu quyết: <strong>2</strong> đồng ý');
    const sheet = await member.get(`/reviews/${assignment}`);
    expect((await member.post(`/reviews/${assignment}/conflict`).type('form').send({ _csrf: csrfOf(sheet.text), conflictReason: 'Là người hướng dẫn tác giả' })).status).toBe(303);
    const ballot = await member.get(`/rounds/${round2026}/votes`);
    expect(ballot.text).toContain('Bạn không biểu quyết sáng kiến này vì xung đột lợi ích (Là người hướng dẫn tác giả).');
    expect(ballot.text).not.toContain('phiếu chấm hợp lệ, điểm trung bình');
    expect(ballot.text).not.toContain('Điểm của hội đồng hiện ra');
    const res = await member.post(`/rounds/${round2026}/votes/${sk3}`).type('form').send({ _csrf: csrfOf(ballot.text), vote: 'for' });
    expect(res.status).toBe(400);
    const recorded = await secretary.post(`/initiatives/${sk3}/votes`).type('form').send(`_csrf=${encodeURIComponent(token)}&votes[m${await seatOf('hoidong3', round2026)}]=for`);
    expect(recorded.status).toBe(400);
    expect(recorded.text).toContain('Lý Văn Đức không biểu quyết vì xung đột lợi ích (Là người hướng dẫn tác giả).');
    expect(await t.db.query('SELECT vote, "recordedBy" FROM member_votes WHERE "initiativeId" = ? AND "memberId" = ?', [sk3, await seatOf('hoidong3', round2026)])).toEqual([{ vote: 'for', recordedBy: 'member' }]);
    // The decision page counts who is missing, conflicts left out.
    const page = await secretary.get(`/initiatives/${sk3}/decision`);
    expect(page.text).toContain('Biểu quyết: <strong>1</strong> đồng ý');
    expect(page.text).toContain('1 thành viên chưa nộp phiếu chấm.');
    expect(page.text).toContain('2 thành viên chưa biểu quyết.');
    expect(page.text).toContain('Xung đột lợi ích: Là người hướng dẫn tác giả');
  });

  it('reads a decided initiative in the minutes as it was decided: the totals and council size recorded with the decision', async () => {
    // The council of 2022 gains a seat after its decisions (today's council is not the one that voted).
    await t.db.query(`INSERT INTO council_members ("roundId", "userId", role) VALUES (?, ?, 'member')`, [round2022, Number((await t.db.query(`SELECT id FROM users WHERE username = 'tacgia'`))[0].id)]);
    try {
      const page = await secretary.get(`/rounds/${round2022}/minutes`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Hội đồng có 5 thành viên');
      expect(page.text).toContain('Kết quả biểu quyết: <strong>3</strong> đồng ý, 0 không đồng ý, 0 không biểu quyết (trên tổng số 4 thành viên).');
      expect(page.text).not.toContain('(trên tổng số 5 thành viên)');
      expect(page.text).toContain('<td>Đặng Thị Mai Hương</td><td>Đồng ý <span class="source">(thư ký ghi theo biên bản họp)</span></td>');
      const text = docxText((await download(secretary, `/rounds/${round2022}/minutes.docx`)).body as Buffer);
      expect(text).toContain('(trên tổng số 4 thành viên)');
      expect(text).not.toContain('(trên tổng số 5 thành viên)');
    } finally {
      await t.db.query(`DELETE FROM council_members WHERE "roundId" = ? AND role = 'member' AND "userId" = (SELECT id FROM users WHERE username = 'tacgia')`, [round2022]);
    }
  });

  it('keeps on the council a seat that has voted (its vote is in the minutes)', async () => {
    const seat = await seatOf('hoidong2', round2026);
    const res = await secretary.post(`/rounds/${round2026}/council/${seat}/remove`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(await count(t.db, 'council_members', 'id = ?', [seat])).toBe(1);
    expect(await count(t.db, 'assignments', '"memberId" = ?', [seat])).toBe(1);
    expect((await secretary.get(`/rounds/${round2026}/council`)).text).toContain('không bỏ khỏi hội đồng được');
  });

  it('refuses a decision for a round without a council, saying so, and counts no decision of a round entered late as overdue', async () => {
    const sk2 = await idOf('SK-2026-0002');
    await t.db.query('UPDATE initiatives SET "roundId" = ?, status = ? WHERE id = ?', [round2016, 'under_review', sk2]);
    // Due 30/11/2016, long before the round was entered: not overdue.
    const home = await secretary.get('/');
    expect(home.text).not.toContain('30/11/2016');
    expect(home.text).toContain('hạn 31/10/2026'); // the demo's 2026 round, entered in February, is
    const page = await secretary.get(`/initiatives/${sk2}/decision`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Đã quá hạn ra quyết định');
    expect(page.text).toContain('Đợt xét chưa có hội đồng: chưa thể ghi quyết định.');
    expect(page.text).not.toContain('cần ít nhất <strong>0</strong>');
    expect(page.text).not.toContain(`action="/initiatives/${sk2}/decision"`);
    const res = await secretary
      .post(`/initiatives/${sk2}/decision`)
      .type('form')
      .send({ _csrf: token, outcome: 'not_recognized', level: '', number: '1/QĐ', date: '01/12/2026', place: 'Quảng Trị', signerTitle: 'CHỦ TỊCH', signerName: 'A', reasons: 'Không rõ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Đợt xét chưa có hội đồng: chưa thể ghi quyết định. Hãy lập hội đồng cho đợt xét trước.');
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [sk2])).toBe(0);
  });

  it('records the decision of a paper record from typed totals, for administrators only', async () => {
    const sk1 = await idOf('SK-2026-0001');
    await t.db.query('UPDATE initiatives SET "roundId" = ?, "paperRecord" = ? WHERE id = ?', [round2016, true, sk1]);
    const fields = { outcome: 'recognized', level: 'province', number: '412/QĐ-UBND', date: '15/12/2016', place: 'Quảng Trị', signerTitle: 'CHỦ TỊCH', signerName: 'Nguyễn Hữu Thắng', reasons: '' };
    // The secretary sees the page but may not record it: refused before the form is read.
    const seen = await secretary.get(`/initiatives/${sk1}/decision`);
    expect(seen.text).toContain('nhập từ hồ sơ giấy');
    expect(seen.text).toContain('chỉ quản trị hệ thống ghi quyết định');
    expect(seen.text).not.toContain(`action="/initiatives/${sk1}/decision"`);
    const refused = await secretary.post(`/initiatives/${sk1}/decision`).type('form').send({ _csrf: token, votesFor: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('412/QĐ-UBND');
    const page = await admin.get(`/initiatives/${sk1}/decision`);
    expect(page.text).toContain('name="councilSize"');
    expect(page.text).toContain('name="meanTotal"');
    expect(page.text).not.toContain('chưa biểu quyết');
    expect(page.text).not.toContain('quá hạn');
    const bad = await admin.post(`/initiatives/${sk1}/decision`).type('form').send({ _csrf: adminToken, ...fields, votesFor: 'bốn', votesAgainst: '1', votesAbstain: '0', councilSize: '', meanTotal: '82,5' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Số phiếu đồng ý phải là số nguyên không âm.');
    expect(bad.text).toContain('Vui lòng nhập số thành viên hội đồng.');
    expect(bad.text).toContain('value="bốn"');
    expect(bad.text).toContain('value="Nguyễn Hữu Thắng"');
    const few = await admin.post(`/initiatives/${sk1}/decision`).type('form').send({ _csrf: adminToken, ...fields, votesFor: '3', votesAgainst: '2', votesAbstain: '0', councilSize: '5', meanTotal: '82,5' });
    expect(few.status).toBe(400);
    expect(few.text).toContain('cần ít nhất 4 trên 5 thành viên hội đồng (2/3) đồng ý, hiện có 3.');
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [sk1])).toBe(0);
    const ok = await admin.post(`/initiatives/${sk1}/decision`).type('form').send({ _csrf: adminToken, ...fields, votesFor: '4', votesAgainst: '1', votesAbstain: '0', councilSize: '5', meanTotal: '82,5' });
    expect(ok.status).toBe(303);
    const [d] = await t.db.query('SELECT "votesFor", "votesAgainst", "councilSize", "meanTotal", "paperRecord", date FROM decisions WHERE "initiativeId" = ?', [sk1]);
    expect(d).toEqual({ votesFor: 4, votesAgainst: 1, councilSize: 5, meanTotal: 82.5, paperRecord: 1, date: '2016-12-15' });
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [sk1]))[0].status).toBe('recognized');
    expect((await admin.get(`/initiatives/${sk1}/decision`)).text).toContain('QĐ 412/QĐ-UBND ngày 15/12/2016 · 4 trên 5 thành viên đồng ý · nhập từ hồ sơ giấy');
    const cert = await admin.get(`/initiatives/${sk1}/certificate`);
    expect(cert.text).toContain('Quảng Trị, ngày 15 tháng 12 năm 2016');
    expect(cert.text).toContain('Số: 412/QĐ-UBND');
  });

  it('takes each member’s vote of a paper record from the paper minutes when its round has a council: the totals follow, and the votes read as the council’s', async () => {
    for (const username of ['hoidong1', 'hoidong2', 'hoidong3']) {
      const added = await admin.post(`/rounds/${round2016}/council`).type('form').send({ _csrf: adminToken, userId: String((await t.db.query('SELECT id FROM users WHERE username = ?', [username]))[0].id), role: username === 'hoidong1' ? 'chair' : 'member' });
      expect(added.status).toBe(303);
    }
    const seats = (await t.db.query('SELECT m.id, u.username, u."fullName" FROM council_members m JOIN users u ON u.id = m."userId" WHERE m."roundId" = ? ORDER BY m.id', [round2016])) as { id: number; username: string; fullName: string }[];
    const key = (username: string) => `votes[m${seats.find((s) => s.username === username)!.id}]`;
    const sk2 = await idOf('SK-2026-0002');
    await t.db.query('UPDATE initiatives SET "roundId" = ?, "paperRecord" = ?, status = ? WHERE id = ?', [round2016, true, 'submitted', sk2]);
    const page = await admin.get(`/initiatives/${sk2}/decision`);
    expect(page.text).toContain('Biểu quyết của từng thành viên theo biên bản họp');
    expect(page.text).toContain('Hội đồng của đợt xét có 3 thành viên.');
    for (const s of seats) expect(page.text).toContain(`<label class="form-label small mb-1" for="f-votes[m${s.id}]">Biểu quyết của ${s.fullName}</label>`);
    // The totals are not typed: they follow the members' votes.
    expect(page.text).not.toContain('name="votesFor"');
    expect(page.text).not.toContain('name="councilSize"');
    const fields = { _csrf: adminToken, outcome: 'recognized', level: 'province', number: '413/QĐ-UBND', date: '15/12/2016', place: 'Quảng Trị', signerTitle: 'CHỦ TỊCH', signerName: 'Nguyễn Hữu Thắng', reasons: '', meanTotal: '80' };
    const bad = await admin.post(`/initiatives/${sk2}/decision`).type('form').send({ ...fields, [key('hoidong1')]: 'for', [key('hoidong2')]: 'có', [key('hoidong3')]: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`id="f-votes[m${seats[1].id}]-error">Lựa chọn không hợp lệ.</div>`);
    expect(bad.text).toMatch(new RegExp(`name="votes\\[m${seats[0].id}\\]"[^]*?<option value="for" selected>`));
    const few = await admin.post(`/initiatives/${sk2}/decision`).type('form').send({ ...fields, [key('hoidong1')]: 'for', [key('hoidong2')]: 'against', [key('hoidong3')]: 'abstain' });
    expect(few.status).toBe(400);
    expect(few.text).toContain('cần ít nhất 2 trên 3 thành viên hội đồng (2/3) đồng ý, hiện có 1.');
    expect(await count(t.db, 'decisions', '"initiativeId" = ?', [sk2])).toBe(0);
    expect(await count(t.db, 'member_votes', '"initiativeId" = ?', [sk2])).toBe(0);
    expect((await t.db.query('SELECT status FROM initiatives WHERE id = ?', [sk2]))[0].status).toBe('submitted');
    const ok = await admin.post(`/initiatives/${sk2}/decision`).type('form').send({ ...fields, [key('hoidong1')]: 'for', [key('hoidong2')]: 'for', [key('hoidong3')]: 'against' });
    expect(ok.status).toBe(303);
    expect((await t.db.query('SELECT "votesFor", "votesAgainst", "votesAbstain", "councilSize" FROM decisions WHERE "initiativeId" = ?', [sk2]))[0]).toEqual({ votesFor: 2, votesAgainst: 1, votesAbstain: 0, councilSize: 3 });
    const votes = (await t.db.query('SELECT "memberId", vote, "recordedBy" FROM member_votes WHERE "initiativeId" = ? ORDER BY "memberId"', [sk2])) as { memberId: number; vote: string; recordedBy: string }[];
    expect(votes.map((v) => [Number(v.memberId), v.vote, v.recordedBy])).toEqual([
      [seats[0].id, 'for', 'secretary'],
      [seats[1].id, 'for', 'secretary'],
      [seats[2].id, 'against', 'secretary'],
    ]);
    // Decided, the page shows each member's vote as for a vote in the app.
    const decided = await admin.get(`/initiatives/${sk2}/decision`);
    expect(decided.text).toContain('Biểu quyết của từng thành viên');
    expect(decided.text).toContain('thư ký ghi theo biên bản họp');
    expect(decided.text).toContain('Không đồng ý');
    // The minutes of its round read the same: each member's vote under the member's name, page and .docx.
    const minutes = await admin.get(`/rounds/${round2016}/minutes`);
    expect(minutes.status).toBe(200);
    for (const [s, vote] of [[seats[0], 'Đồng ý'], [seats[1], 'Đồng ý'], [seats[2], 'Không đồng ý']] as const) {
      expect(minutes.text).toContain(`<td>${s.fullName}</td><td>${vote} <span class="source">(thư ký ghi theo biên bản họp)</span></td>`);
    }
    const docx = await download(admin, `/rounds/${round2016}/minutes.docx`);
    const text = docxText(docx.body as Buffer);
    for (const s of seats) expect(text).toContain(s.fullName);
    expect(text).toContain('Không đồng ý');
  });

  it('names on the certificate of a paper record without a round the year of the record, not of its decision', async () => {
    const [{ id }] = await t.db.query('SELECT id FROM initiatives WHERE code IS NULL ORDER BY id LIMIT 1');
    await t.db.query(`UPDATE initiatives SET code = 'SK-2015-0001', year = 2015, "paperRecord" = ?, "roundId" = NULL, status = 'submitted' WHERE id = ?`, [true, id]);
    // Without a round, the record names the authority that decided (never the initiative's own unit by default).
    const fields = { outcome: 'recognized', level: 'district', number: '35/QĐ-UBND', date: '20/01/2016', place: 'Vĩnh Linh', signerTitle: 'CHỦ TỊCH', signerName: 'Nguyễn Hữu Thắng', reasons: '', authorityUnitId: String(await unitId(t.db, 'VL')) };
    const ok = await admin.post(`/initiatives/${id}/decision`).type('form').send({ _csrf: adminToken, ...fields, votesFor: '4', votesAgainst: '0', votesAbstain: '1', councilSize: '5', meanTotal: '80' });
    expect(ok.status).toBe(303);
    const cert = await admin.get(`/initiatives/${id}/certificate`);
    expect(cert.status).toBe(200);
    expect(cert.text).toContain('về việc công nhận sáng kiến năm 2015');
    expect(cert.text).toContain('Vĩnh Linh, ngày 20 tháng 01 năm 2016');
  });
  it('takes the meeting for the minutes from the secretary: number, day, time, place and who was there; refused whole with a message beside each field', async () => {
    const page = await secretary.get(`/rounds/${round2022}/meeting`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1 class="h3">Thông tin cuộc họp hội đồng</h1>');
    for (const label of ['Số biên bản', 'Ngày họp', 'Giờ bắt đầu', 'Địa điểm họp', 'Thành viên có mặt']) expect(page.text).toContain(label);
    // Every seat is ticked present until the secretary says otherwise.
    const seats = (await t.db.query('SELECT m.id, u.username FROM council_members m JOIN users u ON u.id = m."userId" WHERE m."roundId" = ? ORDER BY m.id', [round2022])) as { id: number; username: string }[];
    for (const s of seats) expect(page.text).toMatch(new RegExp(`id="f-present-${s.id}" value="${s.id}" checked`));
    expect((await secretary.get(`/rounds/${round2022}/minutes`)).text).toContain(`href="/rounds/${round2022}/meeting"`);
    // Refused before anything is read: a member of the council, an author.
    const member = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    expect((await member.get(`/rounds/${round2022}/meeting`)).status).toBe(403);
    const refused = await member.post(`/rounds/${round2022}/meeting`).type('form').send({ _csrf: csrfOf((await member.get('/')).text), number: '' });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('Thông tin cuộc họp hội đồng');
    const form = csrfOf(page.text);
    const bad = await secretary.post(`/rounds/${round2022}/meeting`).type('form').send({ _csrf: form, number: '', date: '31/02/2022', startTime: '25 giờ', place: 'Phòng họp số 2' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-number-error">Vui lòng nhập số biên bản.</div>');
    expect(bad.text).toContain('id="f-date-error">Ngày họp không phải là ngày hợp lệ (dd/mm/yyyy).</div>');
    expect(bad.text).toContain('id="f-startTime-error">Giờ họp không hợp lệ: nhập theo dạng giờ:phút, ví dụ 14:00.</div>');
    expect(bad.text).toContain('value="Phòng họp số 2"');
    expect(bad.text).toContain('value="31/02/2022"');
    // The form read, the rules of the meeting: a day to come, nobody present.
    const future = await secretary.post(`/rounds/${round2022}/meeting`).type('form').send({ _csrf: form, number: '02', date: '01/01/2099', startTime: '8:30', place: 'X' });
    expect(future.status).toBe(400);
    expect(future.text).toContain('id="f-date-error">Ngày họp không được sau ngày hôm nay.</div>');
    expect(future.text).toContain('id="f-present-error">Vui lòng chọn các thành viên có mặt tại cuộc họp.</div>');
    expect(future.text).not.toMatch(/id="f-present-\d+" value="\d+" checked/);
    expect(future.text).toContain('value="8:30"');
    expect(await count(t.db, 'council_meetings')).toBe(0);

    const absent = seats.find((s) => s.username === 'hoidong3')!;
    const present = seats.filter((s) => s !== absent).map((s) => `present=${s.id}`);
    const ok = await secretary
      .post(`/rounds/${round2022}/meeting`)
      .type('form')
      .send([`_csrf=${encodeURIComponent(form)}`, 'number=02%2FBB-H%C4%90SK', 'date=18%2F12%2F2022', 'startTime=8h30', `place=${encodeURIComponent('Phòng họp số 2, UBND huyện Vĩnh Linh')}`, ...present].join('&'));
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/rounds/${round2022}/meeting`);
    expect(await t.db.query('SELECT number, date, "startTime", place, "absentMemberIds" FROM council_meetings WHERE "roundId" = ?', [round2022])).toEqual([
      { number: '02/BB-HĐSK', date: '2022-12-18', startTime: '08:30', place: 'Phòng họp số 2, UBND huyện Vĩnh Linh', absentMemberIds: String(absent.id) },
    ]);
    try {
      const minutes = await secretary.get(`/rounds/${round2022}/minutes`);
      expect(minutes.text).toContain('<div class="cert-number">Số: 02/BB-HĐSK</div>');
      // The record is dated the day of the meeting.
      expect(minutes.text).toContain('<p class="cert-place">Vĩnh Linh, ngày 18 tháng 12 năm 2022</p>');
      expect(minutes.text).toContain('Thời gian: 08 giờ 30, ngày 18 tháng 12 năm 2022.');
      expect(minutes.text).toContain('Địa điểm: Phòng họp số 2, UBND huyện Vĩnh Linh');
      expect(minutes.text).toContain('Hội đồng có 4 thành viên; có mặt 3 thành viên, vắng mặt 1 thành viên (Lý Văn Đức).');
      expect(minutes.text).toContain('<td>Lý Văn Đức</td><td>Trưởng phòng Tư pháp</td><td>Thành viên</td><td>Vắng mặt</td>');
      expect(minutes.text).toContain('<td>Trương Quang Vinh</td><td>Phó Chủ tịch UBND huyện, Chủ tịch Hội đồng</td><td>Chủ tịch hội đồng</td><td>Có mặt</td>');
      // Sized columns: STT narrow, the title wide.
      expect(minutes.text).toContain('<col class="c-stt"><col class="c-code"><col class="c-title">');
      expect(minutes.text).toMatch(/<td class="center">1<\/td><td>SK-2022-0001<\/td><td>[^<]+<\/td><td class="center">82,00<\/td><td class="center">3\/4<\/td><td>Công nhận<\/td>/);
      const text = docxText((await download(secretary, `/rounds/${round2022}/minutes.docx`)).body as Buffer);
      expect(text).toContain('Số: 02/BB-HĐSK');
      expect(text).toContain('Vĩnh Linh, ngày 18 tháng 12 năm 2022');
      expect(text).toContain('Thời gian: 08 giờ 30, ngày 18 tháng 12 năm 2022.');
      expect(text).toContain('Địa điểm: Phòng họp số 2, UBND huyện Vĩnh Linh.');
      expect(text).toContain('Vắng mặt');
      const again = await secretary.get(`/rounds/${round2022}/meeting`);
      expect(again.text).toContain('value="02/BB-HĐSK"');
      expect(again.text).toContain('value="18/12/2022"');
      expect(again.text).not.toMatch(new RegExp(`id="f-present-${absent.id}" value="${absent.id}" checked`));
    } finally {
      await t.db.query('DELETE FROM council_meetings WHERE "roundId" = ?', [round2022]);
    }
  });

  it('ends a conclusion with one full stop when the reason typed has its own ("ngưỡng 70.")', async () => {
    const [{ id }] = await t.db.query(`SELECT d.id FROM decisions d JOIN initiatives i ON i.id = d."initiativeId" WHERE i.code = 'SK-2022-0004'`);
    const [before] = await t.db.query('SELECT outcome, reasons, level FROM decisions WHERE id = ?', [id]);
    await t.db.query(`UPDATE decisions SET outcome = 'not_recognized', level = NULL, reasons = ? WHERE id = ?`, ['Điểm trung bình dưới ngưỡng 70.', id]);
    try {
      const page = await secretary.get(`/rounds/${round2022}/minutes`);
      expect(page.text).toContain('<p><strong>Kết luận: Không công nhận (Quyết định số 3368/QĐ-UBND). Lý do: Điểm trung bình dưới ngưỡng 70.</strong></p>');
      expect(page.text).not.toContain('70..');
      const text = docxText((await download(secretary, `/rounds/${round2022}/minutes.docx`)).body as Buffer);
      expect(text).toContain('Lý do: Điểm trung bình dưới ngưỡng 70.');
      expect(text).not.toContain('70..');
    } finally {
      await t.db.query('UPDATE decisions SET outcome = ?, reasons = ?, level = ? WHERE id = ?', [before.outcome, before.reasons, before.level, id]);
    }
  });
});
