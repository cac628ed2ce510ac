import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, TestApp, unitId } from './helpers/test-app';
import { Province } from './helpers/province';

/**
 * Issue 20, part 3 everywhere a round is reached: a round's assignments and results, the
 * queue of initiatives waiting for a round and attaching one, council notes. A province with
 * Sở Nội vụ and two communes (xã Vĩnh Hòa, xã Vĩnh Thái), from an empty database:
 * - each secretary reaches only the rounds it manages (a commune its own, the province's
 *   secretary the province's); a unit administrator reaches its unit's rounds;
 * - the queue shows a person only the initiatives its rounds may take, and attaching is to a
 *   round it manages; every refusal is 403 and names nothing of its target.
 */
describe('a round reached only by those who manage it', () => {
  let t: TestApp;
  let admin: TestAgent;
  const thisYear = new Date().getFullYear();
  let province: Province;
  const as = (username: string) => province.as(username);
  const unit = (code: string, name: string, kind: string, parent: string | null) => province.unit(code, name, kind, parent);
  const user = (username: string, fullName: string, unitCode: string, roles: string[]) => province.user(username, fullName, unitCode, roles);
  let provinceRound: number;
  let communeRound: number;
  const VH_TITLE = 'Sổ tay điện tử hướng dẫn thủ tục đất đai xã Vĩnh Hòa';
  const VT_TITLE = 'Lịch tiếp công dân trực tuyến của xã Vĩnh Thái';
  const PROVINCE_ROUND = 'Đợt xét sáng kiến cấp tỉnh năm nay';
  const COMMUNE_ROUND = 'Đợt xét sáng kiến riêng của xã Vĩnh Hòa';
  let vhInitiative: number;
  let vtInitiative: number;




  async function round(username: string, name: string) {
    const { agent, token } = await as(username);
    const res = await agent.post('/rounds/new').type('form').send({ _csrf: token, year: String(thisYear), name, threshold: '50' });
    expect(res.status).toBe(303);
    return Number(res.headers.location.split('/').pop());
  }

  /** An initiative submitted while no round receives it: it waits for one. */
  async function waiting(username: string, unitCode: string, title: string) {
    const { agent } = await as(username);
    const page = await agent.get('/initiatives/new');
    const [{ id: fieldId }] = await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1');
    const fields: Record<string, string> = {
      _csrf: csrfOf(page.text),
      title,
      unitId: String(await unitId(t.db, unitCode)),
      fieldId: String(fieldId),
      problem: 'Người dân phải đi lại nhiều lần.',
      solution: 'Hướng dẫn trực tuyến.',
      novelty: 'Lần đầu áp dụng.',
      conditions: 'Có mạng internet.',
      applicability: 'Áp dụng được ở mọi xã, phường.',
      effects: 'Giảm số lần đi lại.',
      firstAppliedDate: `15/01/${thisYear}`,
      'authors[0][fullName]': 'Tác giả',
      'authors[0][share]': '100',
      'authors[0][username]': username,
      attachmentVisibility: 'internal',
    };
    let req = agent.post('/initiatives/new');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const created = await req;
    expect(created.status).toBe(303);
    const id = Number(created.headers.location.split('/').pop());
    const shown = await agent.get(`/initiatives/${id}`);
    expect((await agent.post(`/initiatives/${id}/submit`).type('form').send({ _csrf: csrfOf(shown.text) })).status).toBe(303);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    province = await Province.on(t);
    ({ admin } = province);
    await unit('QT', 'Tỉnh Quảng Trị', 'province', null);
    await unit('QT-SNV', 'Sở Nội vụ', 'department', 'QT');
    await unit('VH', 'UBND xã Vĩnh Hòa', 'commune', 'QT');
    await unit('VT', 'UBND xã Vĩnh Thái', 'commune', 'QT');
    await user('thuky.tinh', 'Phan Thị Hồng Nhung', 'QT-SNV', ['council_secretary']);
    await user('thuky.vh', 'Lê Thị Hòa', 'VH', ['council_secretary']);
    await user('qt.vh', 'Trần Văn Quản', 'VH', ['unit_admin']);
    await user('tacgia.vh', 'Ngô Thị Thanh Hà', 'VH', ['author']);
    await user('thuky.vt', 'Mai Thị Thái', 'VT', ['council_secretary']);
    await user('qt.vt', 'Đoàn Văn Thái', 'VT', ['unit_admin']);
    await user('tacgia.vt', 'Dương Thị Kim Thoa', 'VT', ['author']);
    // Submitted before any round exists: both wait for one.
    vhInitiative = await waiting('tacgia.vh', 'VH', VH_TITLE);
    vtInitiative = await waiting('tacgia.vt', 'VT', VT_TITLE);
    provinceRound = await round('thuky.tinh', PROVINCE_ROUND);
    communeRound = await round('thuky.vh', COMMUNE_ROUND);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  describe("a round's assignments and results", () => {
    const pages = (id: number) => [`/rounds/${id}/assignments`, `/rounds/${id}/results`, `/rounds/${id}/results.xlsx`];

    it("answer 403 to the secretaries and unit administrators of other units, naming nothing of the round", async () => {
      const answers: string[] = [];
      const leaks: string[] = [];
      for (const [username, id, secret] of [
        ['thuky.tinh', communeRound, COMMUNE_ROUND],
        ['thuky.vt', communeRound, COMMUNE_ROUND],
        ['qt.vt', communeRound, COMMUNE_ROUND],
        ['thuky.vh', provinceRound, PROVINCE_ROUND],
        ['qt.vh', provinceRound, PROVINCE_ROUND],
      ] as const) {
        const { agent } = await as(username);
        for (const path of pages(id)) {
          const res = await agent.get(path);
          answers.push(`${username} GET ${path} ${res.status}`);
          if (res.text?.includes(secret)) leaks.push(`${username} GET ${path}`);
        }
      }
      expect(answers.filter((a) => !a.endsWith(' 403'))).toEqual([]);
      expect(leaks).toEqual([]);
    });

    it('refuse (403) saving the assignments of a round one does not manage, assigning nothing', async () => {
      const before = await count(t.db, 'assignments');
      for (const username of ['thuky.tinh', 'thuky.vt', 'qt.vt']) {
        const { agent, token } = await as(username);
        const all = await agent.post(`/rounds/${communeRound}/assignments/all`).type('form').send({ _csrf: token });
        expect(all.status).toBe(403);
        expect(all.text).not.toContain(COMMUNE_ROUND);
        const saved = await agent.post(`/rounds/${communeRound}/assignments`).type('form').send({ _csrf: token });
        expect(saved.status).toBe(403);
      }
      expect(await count(t.db, 'assignments')).toBe(before);
    });

    it("open to the round's secretary, the unit administrator of its organiser and the system administrator", async () => {
      for (const agent of [(await as('thuky.vh')).agent, (await as('qt.vh')).agent, admin]) {
        const matrix = await agent.get(`/rounds/${communeRound}/assignments`);
        expect(matrix.status).toBe(200);
        expect(matrix.text).toContain(COMMUNE_ROUND);
        expect((await agent.get(`/rounds/${communeRound}/results`)).status).toBe(200);
        const xlsx = await agent.get(`/rounds/${communeRound}/results.xlsx`).buffer(true).parse(binary as never);
        expect(xlsx.status).toBe(200);
      }
      const { agent, token } = await as('qt.vh');
      expect((await agent.post(`/rounds/${communeRound}/assignments/all`).type('form').send({ _csrf: token })).status).toBe(303);
    });
  });

  describe('the queue of initiatives waiting for a round', () => {
    it("shows a commune's secretary its own commune's initiatives and its own rounds only", async () => {
      const page = await (await as('thuky.vh')).agent.get('/initiatives/awaiting-round');
      expect(page.status).toBe(200);
      expect(page.text).toContain(VH_TITLE);
      expect(page.text).not.toContain(VT_TITLE);
      expect(page.text).toContain(COMMUNE_ROUND);
      expect(page.text).not.toContain(PROVINCE_ROUND);
    });

    it("shows a commune's secretary without a round its commune's initiatives, and another commune's none", async () => {
      const page = await (await as('thuky.vt')).agent.get('/initiatives/awaiting-round');
      expect(page.text).toContain(VT_TITLE);
      expect(page.text).not.toContain(VH_TITLE);
      expect(page.text).not.toContain(COMMUNE_ROUND);
      expect(page.text).not.toContain(PROVINCE_ROUND);
    });

    it("shows the province's secretary what the province's round may take (every commune's), with the province's round only", async () => {
      const page = await (await as('thuky.tinh')).agent.get('/initiatives/awaiting-round');
      expect(page.text).toContain(VH_TITLE);
      expect(page.text).toContain(VT_TITLE);
      expect(page.text).toContain(PROVINCE_ROUND);
      expect(page.text).not.toContain(COMMUNE_ROUND);
    });

    it('refuses (403) attaching to a round one does not manage or an initiative one does not reach, naming neither and changing nothing', async () => {
      const attempts: [string, number, number][] = [
        ['thuky.vh', vhInitiative, provinceRound],
        ['thuky.vt', vhInitiative, communeRound],
        ['thuky.vt', vtInitiative, communeRound],
        ['thuky.vh', vtInitiative, communeRound],
      ];
      for (const [username, initiative, roundId] of attempts) {
        const { agent, token } = await as(username);
        const res = await agent.post(`/initiatives/${initiative}/round`).type('form').send({ _csrf: token, roundId: String(roundId) });
        expect(`${username} → ${initiative} ${res.status}`).toBe(`${username} → ${initiative} 403`);
        for (const secret of [VH_TITLE, VT_TITLE, PROVINCE_ROUND, COMMUNE_ROUND]) expect(res.text).not.toContain(secret);
      }
      // Permission before validation: an initiative out of reach is refused even without a round named.
      const { agent, token } = await as('thuky.vt');
      expect((await agent.post(`/initiatives/${vhInitiative}/round`).type('form').send({ _csrf: token, roundId: '' })).status).toBe(403);
      const rows = await t.db.query('SELECT "roundId" FROM initiatives WHERE id IN (?, ?)', [vhInitiative, vtInitiative]);
      expect(rows.map((r: { roundId: number | null }) => r.roundId)).toEqual([null, null]);
    });

    it("says beside the round that another commune's round does not take the initiative (the system administrator manages both)", async () => {
      const page = await admin.get('/initiatives/awaiting-round');
      const res = await admin.post(`/initiatives/${vtInitiative}/round`).type('form').send({ _csrf: csrfOf(page.text), roundId: String(communeRound) });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Đợt xét này chỉ nhận sáng kiến của UBND xã Vĩnh Hòa và các đơn vị trực thuộc.');
      expect((await t.db.query('SELECT "roundId" FROM initiatives WHERE id = ?', [vtInitiative]))[0].roundId).toBeNull();
    });

    it("attaches to one's own round: the commune's initiative to the commune's, another commune's to the province's", async () => {
      const commune = await as('thuky.vh');
      expect((await commune.agent.post(`/initiatives/${vhInitiative}/round`).type('form').send({ _csrf: commune.token, roundId: String(communeRound) })).status).toBe(303);
      const province = await as('thuky.tinh');
      expect((await province.agent.post(`/initiatives/${vtInitiative}/round`).type('form').send({ _csrf: province.token, roundId: String(provinceRound) })).status).toBe(303);
      const rows = await t.db.query('SELECT id, "roundId" FROM initiatives WHERE id IN (?, ?) ORDER BY id', [vhInitiative, vtInitiative]);
      expect(rows.map((r: { roundId: number }) => Number(r.roundId))).toEqual([communeRound, provinceRound]);
    });
  });

  describe('council notes', () => {
    it("refuse (403) a secretary of another unit's round, recording nothing", async () => {
      const before = await count(t.db, 'council_notes');
      for (const username of ['thuky.vt', 'thuky.tinh']) {
        const { agent, token } = await as(username);
        const res = await agent.post(`/initiatives/${vhInitiative}/notes`).type('form').send({ _csrf: token, body: 'Ý kiến', back: `/initiatives/${vhInitiative}/decision` });
        expect(res.status).toBe(403);
        expect(res.text).not.toContain(VH_TITLE);
      }
      expect(await count(t.db, 'council_notes')).toBe(before);
      const own = await as('thuky.vh');
      expect((await own.agent.post(`/initiatives/${vhInitiative}/notes`).type('form').send({ _csrf: own.token, body: 'Ý kiến của thư ký', back: `/initiatives/${vhInitiative}/decision` })).status).toBe(303);
    });

    it("are open to the unit administrator who manages the round (the decision page shows it the notes), not to another commune's", async () => {
      const own = await as('qt.vh');
      const page = await own.agent.get(`/initiatives/${vhInitiative}/decision`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`action="/initiatives/${vhInitiative}/notes"`);
      expect((await own.agent.post(`/initiatives/${vhInitiative}/notes`).type('form').send({ _csrf: own.token, body: 'Ý kiến của quản trị đơn vị', back: `/initiatives/${vhInitiative}/decision` })).status).toBe(303);
      const other = await as('qt.vt');
      const refused = await other.agent.post(`/initiatives/${vhInitiative}/notes`).type('form').send({ _csrf: other.token, body: 'Ý kiến', back: `/initiatives/${vhInitiative}/decision` });
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain(VH_TITLE);
    });
  });

  describe("a unit administrator's menu and home page", () => {
    it('offers its rounds, units and users, and every link of the page answers 200', async () => {
      const { agent } = await as('qt.vh');
      const home = await agent.get('/');
      expect(home.status).toBe(200);
      for (const href of ['href="/rounds"', 'href="/units"', 'href="/users"']) expect(home.text).toContain(href);
      expect(home.text).not.toContain('Đơn vị của tôi');
      const links = [...new Set([...home.text.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1]).filter((h) => !h.startsWith('/css/') && !h.startsWith('/js/') && !h.startsWith('/vendor/') && !/\.(ico|png|svg|webmanifest)$/.test(h)))];
      const answers: string[] = [];
      for (const href of links) answers.push(`${href} ${(await agent.get(href)).status}`);
      expect(answers.filter((a) => !a.endsWith(' 200'))).toEqual([]);
      expect(links).toEqual(expect.arrayContaining(['/rounds', '/units', '/users']));
    });
  });
});
