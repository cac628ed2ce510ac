import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, binary, createTestApp, DEMO_PASSWORD, signIn, TestApp, userId } from './helpers/test-app';

/** A person's recognised initiatives for an emulation dossier: their own page, and the page of an account for those who manage it. */
describe("a person's recognised initiatives", () => {
  let t: TestApp;
  let author: TestAgent;
  let tacgia: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    tacgia = await userId(t.db, 'tacgia');
    // Her account is linked to one of the district's recognised initiatives of 2022 (as an author), with a co-author.
    const [{ id }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0001'`);
    const [first] = await t.db.query('SELECT id FROM initiative_authors WHERE "initiativeId" = ? ORDER BY position LIMIT 1', [id]);
    await t.db.query('UPDATE initiative_authors SET "userId" = ? WHERE id = ?', [tacgia, first.id]);
    author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('lists her recognised initiatives with the decision and the scope, and not those still under review; reachable from her menu', async () => {
    const home = await author.get('/');
    expect(home.text).toContain('href="/account/recognitions"');
    const page = await author.get('/account/recognitions');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sáng kiến của tôi được công nhận');
    expect(page.text).toContain('>SK-2022-0001</a>');
    expect(page.text).toMatch(/Số [^<]+ ngày \d{2}\/\d{2}\/2022/);
    expect(page.text).toContain('Cấp huyện');
    // Her commune's initiative of 2026 is still being scored: not a recognition.
    expect(page.text).not.toContain('SK-2026-0004');
    expect(page.text).toContain('href="/account/recognitions.xlsx"');
  });

  it('exports the list as CSV with a byte-order mark and as a workbook', async () => {
    const csv = await author.get('/account/recognitions.csv').buffer(true).parse(binary as never);
    expect(csv.status).toBe(200);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFMã sáng kiến,Tên sáng kiến,Năm')).toBe(true);
    expect(text).toContain('SK-2022-0001');
    const xlsx = await author.get('/account/recognitions.xlsx').buffer(true).parse(binary as never);
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it("shows another person's list to the system administrator, and refuses (403) anyone else", async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const page = await admin.get(`/users/${tacgia}/recognitions`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ngô Thị Thanh Hà');
    expect(page.text).toContain('>SK-2022-0001</a>');
    expect((await admin.get(`/users/${tacgia}/edit`)).text).toContain(`href="/users/${tacgia}/recognitions"`);
    // Exported as the person's own page exports it: a workbook, or CSV.
    expect(page.text).toContain(`href="/users/${tacgia}/recognitions.csv"`);
    const csv = await admin.get(`/users/${tacgia}/recognitions.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('SK-2022-0001');
    const other = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const refused = await other.get(`/users/${tacgia}/recognitions`);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('SK-2022-0001');
    expect((await other.get(`/users/${tacgia}/recognitions.xlsx`)).status).toBe(403);
    expect((await other.get(`/users/${tacgia}/recognitions.csv`)).status).toBe(403);
  });
});
