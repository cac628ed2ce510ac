import TestAgent from 'supertest/lib/agent';
import { NoveltyService } from '../src/novelty/novelty.service';
import { docxText } from './helpers/docx-text';
import { APP_HOOK_TIMEOUT, binary, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';
import { ctxOf, person } from './utils/context';
import { Role } from '../src/users/roles';

type Fields = Record<string, string>;

/** A draft as the form posts it: one author at 100 %, every part needed to submit. */
function draft(unit: number, field: number, title: string, problem: string, solution: string): Fields {
  return {
    title,
    unitId: String(unit),
    fieldId: String(field),
    problem,
    solution,
    novelty: 'Cách làm mới tại xã.',
    effects: 'Giảm thời gian đi lại của người dân.',
    firstAppliedDate: '15/03/2026',
    'authors[0][fullName]': 'Ngô Thị Thanh Hà',
    'authors[0][share]': '100',
    attachmentVisibility: 'internal',
  };
}

/** The codes a list shows, in its order (links to initiatives, then their labels). */
function codes(html: string): string[] {
  return [...html.matchAll(/<a href="\/initiatives\/\d+"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
}

/** The part of a page holding the novelty list. */
function noveltyPart(html: string): string {
  const start = html.indexOf('Sáng kiến tương tự đã có');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

/**
 * The novelty check: similar earlier initiatives while drafting, live and
 * after saving without JavaScript, kept at submission, shown to the council beside "Tính
 * mới" and listed in the minutes' annex; another's draft is never listed, access rules hold.
 * The expected lists are written out: the suite runs on SQLite and PostgreSQL alike.
 */
describe('novelty check', () => {
  let t: TestApp;
  let author: TestAgent;
  let focal: TestAgent;
  let admin: TestAgent;
  let vinhHoang: number;
  let fieldId: number;
  let qrDraft: number;
  let postDraft: number;
  let ownDraftId: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    fieldId = Number((await t.db.query(`SELECT id FROM fields WHERE name = 'Cải cách thủ tục hành chính'`))[0].id);
    ownDraftId = Number((await t.db.query(`SELECT id FROM initiatives WHERE title LIKE 'Số hóa sổ hộ tịch%'`))[0].id);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const live = (agent: TestAgent, q: Record<string, string>) => agent.get('/novelty/similar').query(q);

  async function create(fields: Fields): Promise<number> {
    const page = await author.get('/initiatives/new');
    const res = await author.post('/initiatives/new').type('form').send({ _csrf: csrfOf(page.text), ...fields });
    expect(res.status).toBe(303);
    return Number(res.headers.location.split('/').pop());
  }

  it('lists similar earlier initiatives while drafting, typed without marks, with code, year, unit, status and the shared words', async () => {
    const res = await live(author, { title: 'niem yet ma qr code tra cuu thu tuc hanh chinh' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(codes(res.text)).toEqual(['SK-2022-0005']);
    expect(res.text).toContain('Năm 2022');
    expect(res.text).toContain('Được công nhận');
    expect(res.text).toContain('UBND xã Vĩnh Thái');
    expect(res.text).toContain('Cùng từ: “thủ tục hành chính”, “mã qr code”, “niêm yết”');
    expect(res.text).toMatch(/độ tương đồng 0,\d\d/);
  });

  it('"buu chinh" finds "bưu chính": the admin sees the initiative being scored, marked "có thể trùng"', async () => {
    const q = { title: 'tra ket qua thu tuc hanh chinh qua buu chinh cong ich tai nha', solution: 'chuyen ket qua qua buu dien' };
    const res = await live(admin, q);
    expect(codes(res.text)).toEqual(['SK-2026-0003', 'SK-2022-0005']);
    expect(res.text).toContain('Có thể trùng');
    expect(res.text).toContain('Đang xét');
    expect(res.text).toContain('Năm 2026 · UBND xã Vĩnh Linh ·');
    expect(res.text).toContain('Năm 2022 · UBND xã Vĩnh Thái (nay thuộc UBND xã Vĩnh Hoàng) ·');
    expect(res.text).toContain('Cùng từ: “trả kết quả thủ tục hành chính qua”, “bưu chính công ích tại nhà”, “chuyển kết quả qua bưu điện”');
    expect(res.text).toContain('Cùng từ: “thủ tục hành chính”, “trả kết quả”</div>');
    // An author of another commune may not see a submission of xã Vĩnh Linh (not recognised): not listed.
    expect(codes((await live(author, q)).text)).toEqual(['SK-2022-0005']);
    // Nothing alike at all: said so.
    expect((await live(author, { title: 'trồng cây xanh ven đường liên thôn' })).text).toContain('Không thấy sáng kiến nào có nội dung gần giống');
  });

  it("lists one's own draft (also to a linked co-author), never another's (not to another unit's focal point, nor to the admin)", async () => {
    const q = { title: 'so hoa so ho tich cu de tra cuu nhanh' };
    const mine = await live(author, q);
    expect(mine.text).toContain('Bản nháp của bạn');
    expect(mine.text).toContain(`href="/initiatives/${ownDraftId}"`);
    // Võ Đức Hạnh, the focal point of Vĩnh Hoàng, is its co-author: his own draft too.
    expect((await live(focal, q)).text).toContain(`href="/initiatives/${ownDraftId}"`);
    for (const other of [await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD), admin]) {
      const res = await live(other, q);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(`/initiatives/${ownDraftId}"`);
      expect(res.text).not.toContain('Số hóa sổ hộ tịch');
    }
    // The one being edited is never listed against itself.
    expect((await live(author, { ...q, except: String(ownDraftId) })).text).not.toContain(`/initiatives/${ownDraftId}"`);
  });

  it('gives the same list on both databases for 20 drafts (the snapshot is shared by the SQLite and PostgreSQL runs)', async () => {
    const titles = [
      'tra cuu thu tuc hanh chinh bang ma QR',
      'Tổ công nghệ số cộng đồng hỗ trợ nộp hồ sơ trực tuyến',
      'hop thu gop y dien tu ve chat luong phuc vu',
      'Lịch tiếp nhận hồ sơ lưu động tại thôn',
      'dat dai mot cua ho tro nguoi dan',
      'Tờ rơi tuyên truyền dịch vụ công trực tuyến',
      'so hoa ho so thanh phan',
      'thanh toan truc tuyen phi le phi',
      'Bưu chính công ích trả kết quả tại nhà',
      'buu dien tra ket qua nguoi cao tuoi',
      'niem yet cong khai thu tuc',
      'Đăng ký dịch vụ công trực tuyến bằng mã QR Code',
      'khao sat su hai long cua nguoi dan',
      'Bộ phận Một cửa xã Vĩnh Hòa',
      'ho tro nguoi dan thuc hien thu tuc linh vuc dat dai',
      'nâng cao vai trò tổ công nghệ số',
      'ứng dụng Zalo trả lời công dân',
      'tiep nhan ho so luu dong vung go doi',
      'so ho tich cu tra cuu ban sao trich luc',
      'dich vu cong truc tuyen toan trinh',
    ];
    const lists: Record<string, string[]> = {};
    for (const title of titles) {
      const res = await live(admin, { title });
      expect(res.status).toBe(200);
      lists[title] = [...res.text.matchAll(/<a href="\/initiatives\/\d+"[^>]*>([^<]+)<\/a>[\s\S]*?độ tương đồng (0,\d\d)/g)].map((m) => `${m[1]} ${m[2]}`);
    }
    expect(Object.values(lists).filter((l) => l.length > 0).length).toBeGreaterThanOrEqual(12);
    expect(lists).toMatchSnapshot();
  });

  it('is for those who draft: a council member or a guest may not ask', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await live(member, { title: 'buu chinh' })).status).toBe(403);
    const guest = await t.agent().get('/novelty/similar?title=buu%20chinh');
    expect([302, 303, 401, 403]).toContain(guest.status);
  });

  it('without JavaScript, the list shows on the page and on the edit form after saving; the form loads its script', async () => {
    const blank = await author.get('/initiatives/new');
    expect(blank.text).toContain('data-novelty-url="/novelty/similar"');
    expect(blank.text).toContain('/js/novelty.js');
    qrDraft = await create(draft(vinhHoang, fieldId, 'Niêm yết mã QR tra cứu thủ tục hành chính tại xã Vĩnh Hòa', 'Người dân khó tra cứu thủ tục.', 'Dán mã QR cho từng thủ tục tại Bộ phận Một cửa.'));
    const page = await author.get(`/initiatives/${qrDraft}`);
    expect(codes(noveltyPart(page.text))).toEqual(['SK-2022-0005', 'SK-2022-0002']);
    const edit = await author.get(`/initiatives/${qrDraft}/edit`);
    expect(edit.text).toContain(`data-except="${qrDraft}"`);
    expect(codes(noveltyPart(edit.text))).toEqual(['SK-2022-0005', 'SK-2022-0002']);
    // A form refused for an error shows the list of what was typed.
    const refused = await author.post('/initiatives/new').type('form').send({ _csrf: csrfOf(blank.text), ...draft(vinhHoang, fieldId, 'Niêm yết mã QR tra cứu thủ tục hành chính', '', ''), fieldId: '' });
    expect(refused.status).toBe(400);
    // (Its own draft just saved is now an earlier initiative of its author's: listed, as theirs.)
    expect(codes(noveltyPart(refused.text))).toEqual(['Bản nháp của bạn', 'SK-2022-0005']);
  });

  it('keeps the list its author saw at submission (no draft in it, nothing the author may not see)', async () => {
    postDraft = await create(draft(vinhHoang, fieldId, 'Trả kết quả thủ tục hành chính qua bưu chính công ích tại nhà cho người cao tuổi xã Vĩnh Hòa', 'Người cao tuổi khó đi lại.', 'Chuyển kết quả qua bưu điện.'));
    for (const id of [qrDraft, postDraft]) {
      const page = await author.get(`/initiatives/${id}`);
      const res = await author.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(page.text) });
      expect(res.status).toBe(303);
    }
    const rows: { initiativeId: number; items: string; showAt: number; likelyAt: number }[] = await t.db.query(`SELECT "initiativeId", "items", "showAt", "likelyAt" FROM "novelty_checks" ORDER BY "id"`);
    expect(rows.map((r) => Number(r.initiativeId))).toEqual([qrDraft, postDraft]);
    expect(rows.map((r) => [Number(r.showAt), Number(r.likelyAt)])).toEqual([
      [0.25, 0.5],
      [0.25, 0.5],
    ]);
    const kept = rows.map((r) => (JSON.parse(r.items) as { code: string; status: string; unit: string; score: number }[]).map((x) => x.code));
    expect(kept[0]).toEqual(['SK-2022-0005', 'SK-2022-0002']);
    // SK-2026-0003 (xã Vĩnh Linh, being scored) is not the author's to see: not kept either.
    const qrCode = (await t.db.query(`SELECT code FROM initiatives WHERE id = ${qrDraft}`))[0].code as string;
    expect(kept[1]).toEqual([qrCode, 'SK-2022-0002', 'SK-2022-0005']);
  });

  it('shows the council, beside "Tính mới", the list kept at submission and today\'s list', async () => {
    const [scored] = await t.db.query(`SELECT id, title, problem, solution FROM initiatives WHERE code = 'SK-2026-0003'`);
    // As if submitted with the check: kept by the service, as the admin (who sees everything) saw it then.
    const adminId = Number((await t.db.query(`SELECT id FROM users WHERE username = 'admin'`))[0].id);
    await t.app.get(NoveltyService).keepAtSubmission(ctxOf(person(adminId, [Role.DistrictAdmin])), { id: Number(scored.id), title: scored.title, problem: scored.problem, solution: scored.solution });
    const [assignment] = await t.db.query(
      `SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" JOIN initiatives i ON i.id = a."initiativeId" WHERE u.username = 'hoidong1' AND i.code = 'SK-2026-0003'`,
    );
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const sheet = await member.get(`/reviews/${assignment.id}`);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('Kiểm tra tính mới: sáng kiến tương tự');
    expect(sheet.text).toContain('href="#kiem-tra-tinh-moi"');
    const part = sheet.text.slice(sheet.text.indexOf('id="novelty-check"'), sheet.text.indexOf('id="content-heading"'));
    const kept = part.slice(0, part.indexOf('Danh sách hôm nay'));
    const today = part.slice(part.indexOf('Danh sách hôm nay'));
    expect(kept).toContain('Danh sách tác giả đã thấy khi nộp');
    const newCode = (await t.db.query(`SELECT code FROM initiatives WHERE id = ${postDraft}`))[0].code as string;
    expect(codes(kept)).toEqual([newCode, 'SK-2026-0004', 'SK-2022-0005', 'SK-2022-0002', 'SK-2022-0001']);
    // Today: the council sees every submitted initiative (never a draft).
    expect(codes(today)).toEqual([newCode, 'SK-2026-0004', 'SK-2022-0005', 'SK-2022-0002', 'SK-2022-0001']);
    expect(today).not.toContain('Bản nháp');
    expect(sheet.text).toMatch(/Lúc nộp: 5 sáng kiến tương tự \(1 có thể trùng\); hôm nay: 5 \(1 có thể trùng\)/);
  });

  it("lists the checks in the minutes' annex, on the page and in the .docx", async () => {
    const round2026 = Number((await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét sáng kiến cải cách hành chính năm 2026'`))[0].id);
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const page = await secretary.get(`/rounds/${round2026}/minutes`);
    expect(page.status).toBe(200);
    const annex = page.text.slice(page.text.indexOf('Phụ lục: Kiểm tra tính mới'));
    expect(annex).toContain('SK-2026-0003');
    expect(annex).toMatch(/SK-2026-\d{4} \(0,\d\d, có thể trùng\)/);
    const docx = await secretary.get(`/rounds/${round2026}/minutes.docx`).buffer(true).parse(binary as never);
    expect(docx.status).toBe(200);
    const text = docxText(docx.body as Buffer);
    expect(text).toContain('PHỤ LỤC: KIỂM TRA TÍNH MỚI');
    expect(text).toMatch(/SK-2026-\d{4} \(0,\d\d, có thể trùng\)/);
  });
});
