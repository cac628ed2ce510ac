import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, TestApp, unitId, userId } from './helpers/test-app';
import { Province, PROVINCE_PASSWORD } from './helpers/province';

/**
 * Issue 20, part 3: two levels of recognition and councils. A province with Sở Nội vụ, and
 * two communes (xã Vĩnh Hòa with its office, xã Vĩnh Thái), built from an empty database:
 * - the level a round gives follows its organiser (cấp tỉnh, cấp cơ sở; "cấp huyện" of a
 *   district of before stays as such);
 * - a commune runs its own round and council, the province its own; each sees and manages
 *   only its own rounds;
 * - "Quản trị đơn vị" manages the users of its own unit's subtree (and imports them) and its
 *   rounds; every refusal is 403 and shows nothing of its target.
 */
describe('two levels of recognition and councils', () => {
  let t: TestApp;
  let admin: TestAgent;
  let adminToken: string;
  const thisYear = new Date().getFullYear();
  const PASSWORD = PROVINCE_PASSWORD;
  let province: Province;
  const as = (username: string) => province.as(username);
  const unit = (code: string, name: string, kind: string, parent: string | null) => province.unit(code, name, kind, parent);
  const user = (username: string, fullName: string, unitCode: string, roles: string[]) => province.user(username, fullName, unitCode, roles);
  let provinceRound: number;
  let communeRound: number;




  /** A round created by this person (its organiser left to the default: the authority they serve). */
  async function round(username: string, name: string, fields: Record<string, string> = {}) {
    const { agent, token } = await as(username);
    return agent.post('/rounds/new').type('form').send({ _csrf: token, year: String(thisYear), name, threshold: '50', ...fields });
  }

  beforeAll(async () => {
    t = await createTestApp();
    province = await Province.on(t);
    ({ admin, adminToken } = province);
    await unit('QT', 'Tỉnh Quảng Trị', 'province', null);
    await unit('QT-SNV', 'Sở Nội vụ', 'department', 'QT');
    await unit('VH', 'UBND xã Vĩnh Hòa', 'commune', 'QT');
    await unit('VH-VP', 'Văn phòng UBND xã Vĩnh Hòa', 'agency', 'VH');
    await unit('VT', 'UBND xã Vĩnh Thái', 'commune', 'QT');
    await user('thuky.tinh', 'Phan Thị Hồng Nhung', 'QT-SNV', ['council_secretary']);
    await user('thanhvien.tinh', 'Nguyễn Văn Tỉnh', 'QT-SNV', ['council_member']);
    await user('thuky.vh', 'Lê Thị Hòa', 'VH', ['council_secretary']);
    await user('qt.vh', 'Trần Văn Quản', 'VH', ['unit_admin']);
    await user('tv1.vh', 'Hồ Văn Một', 'VH', ['council_member']);
    await user('tv2.vh', 'Hồ Văn Hai', 'VH-VP', ['council_member']);
    await user('tv3.vh', 'Hồ Văn Ba', 'VH', ['council_member']);
    await user('tacgia.vh', 'Ngô Thị Thanh Hà', 'VH', ['author']);
    await user('qt.vt', 'Đoàn Văn Thái', 'VT', ['unit_admin']);
    await user('thuky.vt', 'Mai Thị Thái', 'VT', ['council_secretary']);
    await user('tacgia.vt', 'Dương Thị Kim Thoa', 'VT', ['author']);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  describe('rounds follow their organiser', () => {
    it("gives the province's round to Sở Nội vụ's secretary as the province's (cấp tỉnh), the commune's to its own (cấp cơ sở)", async () => {
      const province = await round('thuky.tinh', 'Đợt xét sáng kiến cấp tỉnh');
      expect(province.status).toBe(303);
      provinceRound = Number(province.headers.location.split('/').pop());
      const commune = await round('thuky.vh', 'Đợt xét sáng kiến của xã Vĩnh Hòa');
      expect(commune.status).toBe(303);
      communeRound = Number(commune.headers.location.split('/').pop());
      const rows = await t.db.query('SELECT id, "organisingUnitId" FROM rounds ORDER BY id');
      expect(rows.map((r: { organisingUnitId: number }) => Number(r.organisingUnitId))).toEqual([await unitId(t.db, 'QT'), await unitId(t.db, 'VH')]);
      const { agent } = await as('thuky.tinh');
      expect((await agent.get(`/rounds/${provinceRound}`)).text).toContain('Tỉnh Quảng Trị · công nhận Cấp tỉnh');
      const mine = await (await as('thuky.vh')).agent.get(`/rounds/${communeRound}`);
      expect(mine.text).toContain('UBND xã Vĩnh Hòa · công nhận Cấp cơ sở');
    });

    it("offers each secretary only its own organisers, saying the level each gives", async () => {
      const page = await (await as('thuky.tinh')).agent.get('/rounds/new');
      expect(page.text).toContain('Tỉnh Quảng Trị (QT) — phạm vi công nhận: Cấp tỉnh');
      expect(page.text).toContain('Sở Nội vụ (QT-SNV) — phạm vi công nhận: Cấp cơ sở');
      expect(page.text).not.toContain('UBND xã Vĩnh Hòa');
      const commune = await (await as('thuky.vh')).agent.get('/rounds/new');
      expect(commune.text).toContain('UBND xã Vĩnh Hòa (VH) — phạm vi công nhận: Cấp cơ sở');
      expect(commune.text).not.toContain('Tỉnh Quảng Trị');
    });

    it("refuses (403) a commune's secretary a round of the province, creating nothing", async () => {
      const before = await count(t.db, 'rounds');
      const res = await round('thuky.vh', 'Đợt xét giả của tỉnh', { organisingUnitId: String(await unitId(t.db, 'QT')) });
      expect(res.status).toBe(403);
      expect(await count(t.db, 'rounds')).toBe(before);
    });
  });

  describe('each sees and manages only its own rounds', () => {
    it('lists to each secretary and unit administrator only its own rounds', async () => {
      const list = async (username: string) => (await (await as(username)).agent.get('/rounds')).text;
      const province = await list('thuky.tinh');
      expect(province).toContain('Đợt xét sáng kiến cấp tỉnh');
      expect(province).not.toContain('Đợt xét sáng kiến của xã Vĩnh Hòa');
      const commune = await list('thuky.vh');
      expect(commune).toContain('Đợt xét sáng kiến của xã Vĩnh Hòa');
      expect(commune).not.toContain('Đợt xét sáng kiến cấp tỉnh');
      const communeAdmin = await list('qt.vh');
      expect(communeAdmin).toContain('Đợt xét sáng kiến của xã Vĩnh Hòa');
      expect(communeAdmin).not.toContain('Đợt xét sáng kiến cấp tỉnh');
      // It creates rounds; attaching initiatives to rounds stays the secretaries'.
      expect(communeAdmin).toContain('href="/rounds/new"');
      expect(communeAdmin).not.toContain('href="/initiatives/awaiting-round"');
      const other = await list('thuky.vt');
      expect(other).not.toContain('Đợt xét sáng kiến của xã Vĩnh Hòa');
      expect(other).not.toContain('Đợt xét sáng kiến cấp tỉnh');
      expect(other).toContain('Chưa có đợt xét nào do đơn vị bạn tổ chức hoặc có bạn trong hội đồng.');
      const all = await admin.get('/rounds');
      expect(all.text).toContain('Đợt xét sáng kiến cấp tỉnh');
      expect(all.text).toContain('Đợt xét sáng kiến của xã Vĩnh Hòa');
    });

    it("answers 403 to another unit's round, its pages and forms, showing nothing of it and changing nothing", async () => {
      const refusals: string[] = [];
      const leaks: string[] = [];
      const check = async (username: string, id: number, secret: string) => {
        const { agent, token } = await as(username);
        for (const path of [`/rounds/${id}`, `/rounds/${id}/edit`, `/rounds/${id}/criteria`, `/rounds/${id}/council`, `/rounds/${id}/minutes`]) {
          const res = await agent.get(path);
          refusals.push(`${username} GET ${path} ${res.status}`);
          if (res.text.includes(secret)) leaks.push(`${username} GET ${path}`);
        }
        for (const path of [`/rounds/${id}/edit`, `/rounds/${id}/advance`, `/rounds/${id}/criteria`, `/rounds/${id}/council`]) {
          const res = await agent.post(path).type('form').send({ _csrf: token, name: 'Đổi tên', year: 'x', threshold: 'x', userId: '1', role: 'member' });
          refusals.push(`${username} POST ${path} ${res.status}`);
          if (res.text.includes(secret)) leaks.push(`${username} POST ${path}`);
        }
      };
      await check('thuky.vh', provinceRound, 'Đợt xét sáng kiến cấp tỉnh');
      await check('qt.vh', provinceRound, 'Đợt xét sáng kiến cấp tỉnh');
      await check('thuky.tinh', communeRound, 'Đợt xét sáng kiến của xã Vĩnh Hòa');
      await check('thuky.vt', communeRound, 'Đợt xét sáng kiến của xã Vĩnh Hòa');
      await check('qt.vt', communeRound, 'Đợt xét sáng kiến của xã Vĩnh Hòa');
      expect(refusals.filter((r) => !r.endsWith(' 403'))).toEqual([]);
      expect(leaks).toEqual([]);
      expect((await t.db.query('SELECT name, status FROM rounds WHERE id = ?', [communeRound]))[0]).toMatchObject({ name: 'Đợt xét sáng kiến của xã Vĩnh Hòa', status: 'open' });
    });

    it("lets the commune's unit administrator manage the commune's round", async () => {
      const { agent, token } = await as('qt.vh');
      expect((await agent.get(`/rounds/${communeRound}/edit`)).status).toBe(200);
      const res = await agent.post(`/rounds/${communeRound}/edit`).type('form').send({ _csrf: token, year: String(thisYear), name: 'Đợt xét sáng kiến của xã Vĩnh Hòa', threshold: '50' });
      expect(res.status).toBe(303);
    });

    it("seats on the commune's council only people of the commune and the units below it", async () => {
      const { agent, token } = await as('thuky.vh');
      const page = await agent.get(`/rounds/${communeRound}/council`);
      expect(page.text).toContain('Hồ Văn Hai — Văn phòng UBND xã Vĩnh Hòa');
      expect(page.text).not.toContain('Nguyễn Văn Tỉnh');
      expect(page.text).not.toContain('Dương Thị Kim Thoa');
      const outsider = await agent.post(`/rounds/${communeRound}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, 'thanhvien.tinh')), role: 'member' });
      expect(outsider.status).toBe(400);
      expect(outsider.text).toContain('Người dùng không tồn tại hoặc đã bị khóa.');
      expect(outsider.text).not.toContain('Nguyễn Văn Tỉnh');
      for (const [username, role] of [['tv1.vh', 'chair'], ['tv2.vh', 'member'], ['tv3.vh', 'member']]) {
        const res = await agent.post(`/rounds/${communeRound}/council`).type('form').send({ _csrf: token, userId: String(await userId(t.db, username)), role });
        expect(res.status).toBe(303);
      }
      expect(await count(t.db, 'council_members', '"roundId" = ?', [communeRound])).toBe(3);
    });
  });

  describe('the decision gives the level of the organiser', () => {
    let initiative: number;

    beforeAll(async () => {
      // An initiative of xã Vĩnh Hòa in the commune's round, scored and voted by its council.
      const { agent } = await as('tacgia.vh');
      const page = await agent.get('/initiatives/new');
      expect(page.text).toContain('Đợt xét sáng kiến của xã Vĩnh Hòa');
      const [{ id: fieldId }] = await t.db.query('SELECT id FROM fields ORDER BY id LIMIT 1');
      const fields: Record<string, string> = {
        _csrf: csrfOf(page.text),
        title: 'Niêm yết mã QR tra cứu thủ tục hành chính tại Bộ phận Một cửa xã Vĩnh Hòa',
        unitId: String(await unitId(t.db, 'VH')),
        fieldId: String(fieldId),
        roundId: String(communeRound),
        problem: 'Người dân phải chờ lâu để được hướng dẫn thủ tục.',
        solution: 'Niêm yết mã QR cho từng thủ tục.',
        novelty: 'Lần đầu áp dụng tại xã.',
        conditions: 'Có điện thoại thông minh.',
        applicability: 'Áp dụng được ở mọi xã, phường.',
        effects: 'Giảm thời gian chờ.',
        firstAppliedDate: `15/01/${thisYear}`,
        'authors[0][fullName]': 'Ngô Thị Thanh Hà',
        'authors[0][share]': '100',
        'authors[0][username]': 'tacgia.vh',
        attachmentVisibility: 'internal',
      };
      let req = agent.post('/initiatives/new');
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      const created = await req;
      expect(created.status).toBe(303);
      initiative = Number(created.headers.location.split('/').pop());
      const shown = await agent.get(`/initiatives/${initiative}`);
      expect((await agent.post(`/initiatives/${initiative}/submit`).type('form').send({ _csrf: csrfOf(shown.text) })).status).toBe(303);
      const secretary = await as('thuky.vh');
      expect((await secretary.agent.post(`/rounds/${communeRound}/assignments/all`).type('form').send({ _csrf: secretary.token })).status).toBe(303);
      const criteria = (await t.db.query('SELECT id FROM criteria WHERE "roundId" = ? ORDER BY position', [communeRound])).map((r: { id: number }) => r.id);
      for (const username of ['tv1.vh', 'tv2.vh', 'tv3.vh']) {
        const member = await as(username);
        const [{ id }] = await t.db.query('SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" WHERE u.username = ? AND a."initiativeId" = ?', [username, initiative]);
        const sheet = await member.agent.get(`/reviews/${id}`);
        const f = new URLSearchParams({ _csrf: csrfOf(sheet.text), intent: 'submit' });
        criteria.forEach((c: number, k: number) => f.append(`points[c${c}]`, ['25', '15', '15', '25'][k]));
        expect((await member.agent.post(`/reviews/${id}`).type('form').send(f.toString())).status).toBe(303);
        const ballot = await member.agent.get(`/rounds/${communeRound}/votes`);
        expect((await member.agent.post(`/rounds/${communeRound}/votes/${initiative}`).type('form').send({ _csrf: csrfOf(ballot.text), vote: 'for' })).status).toBe(303);
      }
    }, APP_HOOK_TIMEOUT);

    const decision = (fields: Record<string, string>) => ({ outcome: 'recognized', number: '12/QĐ-UBND', date: `20/02/${thisYear}`, place: 'Vĩnh Hòa', signingMode: 'own', headTitle: 'CHỦ TỊCH', signerTitle: '', signerName: 'Lê Văn Xã', reasons: '', ...fields });

    it("keeps the decision of the commune's round from the province's secretary and another commune's (403, nothing shown)", async () => {
      for (const username of ['thuky.tinh', 'thuky.vt', 'qt.vt']) {
        const { agent, token } = await as(username);
        const page = await agent.get(`/initiatives/${initiative}/decision`);
        expect(page.status).toBe(403);
        expect(page.text).not.toContain('Niêm yết mã QR');
        const posted = await agent.post(`/initiatives/${initiative}/decision`).type('form').send({ _csrf: token, ...decision({ level: 'unit' }) });
        expect(posted.status).toBe(403);
        expect(posted.text).not.toContain('Niêm yết mã QR');
      }
      expect(await count(t.db, 'decisions')).toBe(0);
    });

    it('offers the commune only cấp cơ sở, and refuses cấp tỉnh beside the field, saving nothing', async () => {
      const { agent, token } = await as('thuky.vh');
      const page = await agent.get(`/initiatives/${initiative}/decision`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<option value="unit" selected>Cấp cơ sở</option>');
      expect(page.text).not.toContain('<option value="province"');
      expect(page.text).not.toContain('<option value="district"');
      expect(page.text).toContain('Hội đồng do UBND xã Vĩnh Hòa tổ chức công nhận ở phạm vi: Cấp cơ sở.');
      const refused = await agent.post(`/initiatives/${initiative}/decision`).type('form').send({ _csrf: token, ...decision({ level: 'province' }) });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('Hội đồng do UBND xã Vĩnh Hòa tổ chức chỉ công nhận sáng kiến ở phạm vi Cấp cơ sở, không phải &quot;Cấp tỉnh&quot;.');
      expect(await count(t.db, 'decisions')).toBe(0);
    });

    it('records the decision at cấp cơ sở, shown as such', async () => {
      const { agent, token } = await as('thuky.vh');
      const res = await agent.post(`/initiatives/${initiative}/decision`).type('form').send({ _csrf: token, ...decision({ level: '' }) });
      expect(res.status).toBe(303);
      expect((await t.db.query('SELECT level, status FROM initiatives WHERE id = ?', [initiative]))[0]).toMatchObject({ level: 'unit', status: 'recognized' });
      expect((await agent.get(`/initiatives/${initiative}`)).text).toContain('Cấp cơ sở');
    });

    it('keeps "Cấp huyện" for a district of before: its round gives that level, and its records show it', async () => {
      // A district ended on 30/06/2025, with a round of 2022 organised by it (as an install of before has them).
      await admin.post('/units/new').type('form').send({ _csrf: adminToken, code: 'VL', name: 'UBND huyện Vĩnh Linh', kind: 'commune', parentId: String(await unitId(t.db, 'QT')) });
      await t.db.query('UPDATE units SET kind = ?, "validTo" = ? WHERE code = ?', ['district', '2025-06-30', 'VL']);
      await t.db.query('INSERT INTO rounds (year, name, "organisingUnitId", status, threshold, "conflictSameUnit") VALUES (?, ?, ?, ?, ?, ?)', [2022, 'Đợt xét năm 2022 của huyện', await unitId(t.db, 'VL'), 'closed', 70, false]);
      const list = await admin.get('/rounds');
      expect(list.text).toMatch(/Đợt xét năm 2022 của huyện<\/a><\/td>\s*<td>2022<\/td>\s*<td>UBND huyện Vĩnh Linh<\/td>\s*<td>Cấp huyện<\/td>/);
      await t.db.query('UPDATE initiatives SET level = ? WHERE id = ?', ['district', initiative]);
      expect((await admin.get(`/initiatives/${initiative}`)).text).toContain('Cấp huyện');
      await t.db.query('UPDATE initiatives SET level = ? WHERE id = ?', ['unit', initiative]);
    });
  });

  describe('"Quản trị đơn vị" manages the users of its own unit\'s subtree', () => {
    it('lists only the accounts of its unit and the units below', async () => {
      const { agent } = await as('qt.vh');
      const page = await agent.get('/users');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Ngô Thị Thanh Hà');
      expect(page.text).toContain('Hồ Văn Hai');
      expect(page.text).not.toContain('Dương Thị Kim Thoa');
      expect(page.text).not.toContain('Phan Thị Hồng Nhung');
      // Neither the system administrator's account nor the role is offered, even as a filter.
      expect(page.text).not.toContain('Quản trị hệ thống');
      const form = await agent.get('/users/new');
      expect(form.text).toContain('Văn phòng UBND xã Vĩnh Hòa');
      expect(form.text).not.toContain('UBND xã Vĩnh Thái');
      expect(form.text).toContain('Quản trị đơn vị');
      expect(form.text).not.toContain('Quản trị hệ thống');
    });

    it('creates and edits an account of its own units', async () => {
      const { agent, token } = await as('qt.vh');
      const res = await agent.post('/users/new').type('form').send({ _csrf: token, username: 'daumoi.vh', fullName: 'Võ Đức Hạnh', position: '', unitId: String(await unitId(t.db, 'VH-VP')), roles: ['author', 'unit_focal'], password: PASSWORD });
      expect(res.status).toBe(303);
      const id = await userId(t.db, 'daumoi.vh');
      const edited = await agent.post(`/users/${id}/edit`).type('form').send({ _csrf: token, fullName: 'Võ Đức Hạnh', position: 'Đầu mối CCHC', unitId: String(await unitId(t.db, 'VH')), roles: ['author', 'unit_focal'] });
      expect(edited.status).toBe(303);
      expect((await t.db.query('SELECT position, "unitId" FROM users WHERE id = ?', [id]))[0]).toMatchObject({ position: 'Đầu mối CCHC', unitId: await unitId(t.db, 'VH') });
    });

    it("answers 403 to another unit's account and to a system administrator's, showing nothing of it and changing nothing", async () => {
      const { agent, token } = await as('qt.vh');
      const leaks: string[] = [];
      const statuses: string[] = [];
      for (const [username, secret] of [['tacgia.vt', 'Dương Thị Kim Thoa'], ['admin', 'Quản trị hệ thống'], ['thuky.tinh', 'Phan Thị Hồng Nhung']]) {
        const id = await userId(t.db, username);
        const answers = [
          await agent.get(`/users/${id}/edit`),
          await agent.post(`/users/${id}/edit`).type('form').send({ _csrf: token, fullName: '', unitId: 'x' }),
          await agent.post(`/users/${id}/deactivate`).type('form').send({ _csrf: token }),
          await agent.post(`/users/${id}/reset-password`).type('form').send({ _csrf: token }),
        ];
        for (const res of answers) {
          statuses.push(`${username} ${res.status}`);
          if (res.text.includes(secret)) leaks.push(username);
        }
      }
      expect(statuses.filter((s) => !s.endsWith(' 403'))).toEqual([]);
      expect(leaks).toEqual([]);
      expect((await t.db.query('SELECT active FROM users WHERE username = ?', ['tacgia.vt']))[0].active).toBeTruthy();
    });

    it('refuses (403) an account in another unit or with the system administrator role, creating nothing', async () => {
      const { agent, token } = await as('qt.vh');
      const before = await count(t.db, 'users');
      const elsewhere = await agent.post('/users/new').type('form').send({ _csrf: token, username: 'nguoi.vt', fullName: 'Người Vĩnh Thái', unitId: String(await unitId(t.db, 'VT')), roles: ['author'], password: PASSWORD });
      expect(elsewhere.status).toBe(403);
      const promoted = await agent.post('/users/new').type('form').send({ _csrf: token, username: 'sieu.vh', fullName: 'Người Vĩnh Hòa', unitId: String(await unitId(t.db, 'VH')), roles: ['author', 'district_admin'], password: PASSWORD });
      expect(promoted.status).toBe(403);
      // Nor may it make one of its own accounts a system administrator.
      const own = await agent.post(`/users/${await userId(t.db, 'tacgia.vh')}/edit`).type('form').send({ _csrf: token, fullName: 'Ngô Thị Thanh Hà', unitId: String(await unitId(t.db, 'VH')), roles: ['author', 'district_admin'] });
      expect(own.status).toBe(403);
      expect(await count(t.db, 'users')).toBe(before);
      expect((await t.db.query('SELECT roles FROM users WHERE username = ?', ['tacgia.vh']))[0].roles).toBe('author');
    });

    it("imports users of its own units, naming a row of another unit and creating none of that file", async () => {
      const { agent, token } = await as('qt.vh');
      const page = await agent.get('/users/import');
      expect(page.text).toContain('Bạn là quản trị đơn vị: chỉ nhập được người dùng của UBND xã Vĩnh Hòa và các đơn vị trực thuộc');
      const before = await count(t.db, 'users');
      const file = (rows: string[]) => Buffer.from(['Tên đăng nhập,Họ và tên,Chức vụ,Mã đơn vị,Vai trò', ...rows].join('\r\n'), 'utf8');
      const refused = await agent.post('/users/import').field('_csrf', token).attach('file', file(['nhap1.vh,Nhập Một,,VH-VP,Tác giả', 'nhap2.vt,Nhập Hai,,VT,Tác giả']), 'nguoi-dung.csv');
      const shown = refused.status === 303 ? await agent.get(refused.headers.location) : refused;
      expect(shown.text).toContain('Đơn vị mã VT không thuộc đơn vị bạn quản trị');
      expect(await count(t.db, 'users')).toBe(before);
      const done = await agent.post('/users/import').field('_csrf', token).attach('file', file(['nhap1.vh,Nhập Một,,VH-VP,Tác giả', 'nhap3.vh,Nhập Ba,,VH,Đầu mối CCHC']), 'nguoi-dung.csv');
      expect(done.status).toBe(303);
      expect(await count(t.db, 'users')).toBe(before + 2);
    });

    it('keeps the users pages from people who administer nothing (403)', async () => {
      const { agent } = await as('thuky.vh');
      expect((await agent.get('/users')).status).toBe(403);
      expect((await agent.get('/users/import')).status).toBe(403);
    });
  });

  describe('"Quản trị đơn vị" manages the units below its own', () => {
    it('shows its own unit\'s tree only, without the history operations of the province', async () => {
      const { agent } = await as('qt.vh');
      const page = await agent.get('/units');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Văn phòng UBND xã Vĩnh Hòa');
      expect(page.text).not.toContain('UBND xã Vĩnh Thái');
      expect(page.text).not.toContain('Sở Nội vụ');
      expect(page.text).not.toContain('href="/units/merge"');
      const own = await agent.get(`/units/${await unitId(t.db, 'VH')}`);
      expect(own.text).toContain(`href="/units/new?parent=${await unitId(t.db, 'VH')}"`);
      expect(own.text).not.toContain('/edit">Sửa</a>');
      expect(own.text).not.toContain('/end">Chấm dứt hoạt động</a>');
    });

    it('adds and edits units below its own', async () => {
      const { agent, token } = await as('qt.vh');
      const created = await agent.post('/units/new').type('form').send({ _csrf: token, code: 'VH-T1', name: 'Thôn Tân Định', kind: 'agency', parentId: String(await unitId(t.db, 'VH')) });
      expect(created.status).toBe(303);
      const id = await unitId(t.db, 'VH-T1');
      const edited = await agent.post(`/units/${id}/edit`).type('form').send({ _csrf: token, name: 'Thôn Tân Định Mới', kind: 'agency', parentId: String(await unitId(t.db, 'VH-VP')) });
      expect(edited.status).toBe(303);
      expect((await t.db.query('SELECT name, "parentId" FROM units WHERE id = ?', [id]))[0]).toMatchObject({ name: 'Thôn Tân Định Mới', parentId: await unitId(t.db, 'VH-VP') });
      const top = await agent.post('/units/new').type('form').send({ _csrf: token, code: 'VH-T2', name: 'Thôn Không Cấp Trên', kind: 'agency', parentId: '' });
      expect(top.status).toBe(400);
      expect(top.text).toContain('Vui lòng chọn đơn vị cấp trên: đơn vị của bạn hoặc một đơn vị trực thuộc.');
    });

    it("answers 403 to its own unit's edit, another unit's, a unit placed outside its scope, and the province's history operations", async () => {
      const { agent, token } = await as('qt.vh');
      const before = await count(t.db, 'units');
      const vt = await unitId(t.db, 'VT');
      const answers = [
        ['GET edit VT', await agent.get(`/units/${vt}/edit`)],
        ['POST edit VT', await agent.post(`/units/${vt}/edit`).type('form').send({ _csrf: token, name: 'Đổi', kind: 'commune', parentId: '' })],
        ['GET edit own', await agent.get(`/units/${await unitId(t.db, 'VH')}/edit`)],
        ['POST new under VT', await agent.post('/units/new').type('form').send({ _csrf: token, code: 'VT-X', name: 'Thôn X', kind: 'agency', parentId: String(vt) })],
        ['POST move out', await agent.post(`/units/${await unitId(t.db, 'VH-VP')}/edit`).type('form').send({ _csrf: token, name: 'Văn phòng UBND xã Vĩnh Hòa', kind: 'agency', parentId: String(vt) })],
        ['POST end', await agent.post(`/units/${await unitId(t.db, 'VH-VP')}/end`).type('form').send({ _csrf: token })],
        ['GET merge', await agent.get('/units/merge')],
      ] as const;
      expect(answers.map(([name, res]) => `${name} ${res.status}`).filter((a) => !a.endsWith(' 403'))).toEqual([]);
      for (const [, res] of answers) expect(res.text).not.toContain('UBND xã Vĩnh Thái');
      expect(await count(t.db, 'units')).toBe(before);
      expect((await t.db.query('SELECT "parentId" FROM units WHERE code = ?', ['VH-VP']))[0].parentId).toBe(await unitId(t.db, 'VH'));
    });

    it('imports units below its own, naming a row placed elsewhere and creating none of that file', async () => {
      const { agent, token } = await as('qt.vh');
      const page = await agent.get('/units/import');
      expect(page.text).toContain('Bạn là quản trị đơn vị: chỉ nhập được các đơn vị trực thuộc UBND xã Vĩnh Hòa');
      const before = await count(t.db, 'units');
      const file = (rows: string[]) => Buffer.from(['Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên,Có hiệu lực từ ngày', ...rows.map((r) => `${r},`)].join('\r\n'), 'utf8');
      const refused = await agent.post('/units/import').field('_csrf', token).attach('file', file(['VH-T3,Thôn Ba,Cơ quan,VH', 'VT-T1,Thôn Một Vĩnh Thái,Cơ quan,VT', 'VH-T4,Thôn Bốn,Cơ quan,']), 'don-vi.csv');
      const shown = refused.status === 303 ? await agent.get(refused.headers.location) : refused;
      expect(shown.text).toContain('Đơn vị mã VT không thuộc đơn vị bạn quản trị');
      expect(shown.text).toContain('Thiếu mã đơn vị cấp trên: bạn chỉ nhập được đơn vị trực thuộc đơn vị mình.');
      expect(await count(t.db, 'units')).toBe(before);
      const done = await agent.post('/units/import').field('_csrf', token).attach('file', file(['VH-T3,Thôn Ba,Cơ quan,VH', 'VH-T5,Thôn Năm,Cơ quan,VH-T3']), 'don-vi.csv');
      expect(done.status).toBe(303);
      expect(await count(t.db, 'units')).toBe(before + 2);
    });
  });
});
