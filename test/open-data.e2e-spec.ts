import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

/** The open-data bundle: public data as CSV and JSON with its dictionary, at stable addresses, rebuilt by the administrator. */
describe('open data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('says, before the first build, that there is none yet; its files answer 404', async () => {
    const page = await t.agent().get('/open-data');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Dữ liệu mở chưa được tạo lần nào');
    expect(page.text).toContain('Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)');
    expect(page.text).not.toContain('Tạo lại dữ liệu mở ngay');
    expect((await t.agent().get('/open-data/sang-kien.csv')).status).toBe(404);
    // Linked from every page's footer.
    expect((await t.agent().get('/catalogue')).text).toContain('<a href="/open-data">Dữ liệu mở</a>');
  });

  it('refuses a build to anyone but the system administrator, building nothing', async () => {
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const res = await secretary.post('/open-data/build').type('form').send({ _csrf: csrfOf((await secretary.get('/open-data')).text) });
    expect(res.status).toBe(403);
    expect(await count(t.db, 'open_data_files')).toBe(0);
  });

  it('builds the bundle for the administrator (audited), and serves each file to anyone: recognised initiatives only, nothing personal', async () => {
    // A date of birth and a confidential text on a recognised initiative: neither is published.
    const [qr] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    await t.db.query(`UPDATE initiative_authors SET "birthDate" = '1979-04-23' WHERE "initiativeId" = ?`, [qr.id]);
    await t.db.query(`UPDATE initiatives SET "confidentialInfo" = 'Mật khẩu quản trị mã QR: bí-mật-2022' WHERE id = ?`, [qr.id]);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const page = await admin.get('/open-data');
    expect(page.text).toContain('Tạo lại dữ liệu mở ngay');
    const built = await admin.post('/open-data/build').type('form').send({ _csrf: csrfOf(page.text) });
    expect(built.status).toBe(303);
    expect((await admin.get('/open-data')).text).toContain('Đã tạo lại dữ liệu mở: 8 tệp.');
    const [event] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'open-data.build'`);
    expect(event.summary).toMatch(/^Tạo lại dữ liệu mở: sang-kien \(\d+ dòng\), ke-hoach-nhan-rong \(\d+ dòng\), tep-cong-khai \(\d+ dòng\)$/);

    const csv = await t.agent().get('/open-data/sang-kien.csv').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = csv.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('ma,nam,ten,don_vi,don_vi_hien_nay,linh_vuc,pham_vi_anh_huong,so_quyet_dinh,ngay_quyet_dinh,so_don_vi_da_ap_dung,dia_chi');
    const recognised = await count(t.db, 'initiatives', `status = 'recognized'`);
    expect(lines).toHaveLength(recognised + 1);
    // SK-2022-0005: its decision, its adoption by units of today (2, as the catalogue says), its page.
    const row = lines.find((l) => l.startsWith('SK-2022-0005,'));
    expect(row).toMatch(new RegExp(`,\\d{4}-\\d{2}-\\d{2},2,/catalogue/${qr.id}$`));
    // Nothing of a person's date of birth, confidential text, or an initiative not recognised.
    const [draft] = await t.db.query(`SELECT title FROM initiatives WHERE status = 'draft' LIMIT 1`);
    const all = (await Promise.all(['sang-kien', 'ke-hoach-nhan-rong', 'tep-cong-khai'].flatMap((n) => [`${n}.csv`, `${n}.json`]).map((f) => t.agent().get(`/open-data/${f}`)))).map((r) => r.text).join('\n');
    expect(all).not.toContain('1979-04-23');
    expect(all).not.toContain('23/04/1979');
    expect(all).not.toContain('bí-mật-2022');
    expect(all).not.toContain(draft.title);

    // JSON: the same rows, keyed by the columns.
    const json = await t.agent().get('/open-data/sang-kien.json');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const items = JSON.parse(json.text) as Record<string, unknown>[];
    expect(items).toHaveLength(recognised);
    expect(items.find((i) => i.ma === 'SK-2022-0005')).toMatchObject({ so_don_vi_da_ap_dung: 2, dia_chi: `/catalogue/${qr.id}` });

    // Public files only, each of a recognised initiative.
    const files = JSON.parse((await t.agent().get('/open-data/tep-cong-khai.json')).text) as { ma_sang_kien: string; dia_chi: string }[];
    expect(files.length).toBe(await count(t.db, 'attachments', `"ownerType" = 'initiative' AND visibility = 'public' AND "ownerId" IN (SELECT id FROM initiatives WHERE status = 'recognized')`));
    for (const f of files) expect((await t.agent().get(f.dia_chi)).status).toBe(200);

    // Programmes with their figures, the rate a fraction.
    const programmes = JSON.parse((await t.agent().get('/open-data/ke-hoach-nhan-rong.json')).text) as { so_ban_ghi: number; so_ban_ghi_da_ap_dung: number; ty_le_ap_dung: number | null }[];
    expect(programmes.length).toBe(await count(t.db, 'programmes'));
    for (const p of programmes) if (p.so_ban_ghi) expect(p.ty_le_ap_dung).toBeCloseTo(p.so_ban_ghi_da_ap_dung / p.so_ban_ghi, 3);

    // The dictionary names every column of every file, and the page shows it with the counts.
    const dictionary = JSON.parse((await t.agent().get('/open-data/tu-dien-du-lieu.json')).text) as { tep: string; cot: string }[];
    expect(dictionary.filter((d) => d.tep === 'sang-kien').map((d) => d.cot).join(',')).toBe(lines[0]);
    const shown = await t.agent().get('/open-data');
    expect(shown.text).toContain('<a href="/open-data/sang-kien.csv">sang-kien.csv</a>');
    expect(shown.text).toContain('<code>so_don_vi_da_ap_dung</code>');
    // A name outside the bundle: 404.
    expect((await t.agent().get('/open-data/users.csv')).status).toBe(404);
  });
});
