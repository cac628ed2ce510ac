import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TEST_DATABASE_URL, TestApp, unitId } from './helpers/test-app';

// Two instances of the application on one PostgreSQL database, as behind a load balancer:
// their transactions really run at the same time (on SQLite one process queues them, so
// this suite runs in the PostgreSQL run of the e2e tests, as CI does).
const withPostgres = TEST_DATABASE_URL ? describe : describe.skip;

/** The session cookie of a signed-in agent, to send the same person's requests to the other instance. */
function cookieOf(agent: TestAgent): string {
  const jar = (agent as unknown as { jar: { getCookies(o: object): { name: string; value: string }[] } }).jar;
  return jar
    .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

withPostgres('two app instances on one PostgreSQL database', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp({ demo: true });
    b = await createTestApp({ env: { DATABASE_URL: String((a.db.options as { url?: string }).url) } });
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  }, APP_HOOK_TIMEOUT);

  it('gives 20 submissions made at once on both instances 20 different codes, with no error', async () => {
    const author = await signIn(a.agent(), 'tacgia', DEMO_PASSWORD);
    const vinhHoang = await unitId(a.db, 'QT-VHOANG');
    const [{ id: fieldId }] = await a.db.query('SELECT id FROM fields ORDER BY id LIMIT 1');
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const page = await author.get('/initiatives/new');
      const res = await author
        .post('/initiatives/new')
        .field('_csrf', csrfOf(page.text))
        .field('title', `Sáng kiến nộp đồng thời số ${i + 1}`)
        .field('unitId', String(vinhHoang))
        .field('fieldId', String(fieldId))
        .field('problem', 'Thực trạng')
        .field('solution', 'Giải pháp')
        .field('novelty', 'Tính mới')
        .field('effects', 'Hiệu quả')
        .field('firstAppliedDate', '01/10/2026')
        .field('authors[0][fullName]', 'Ngô Thị Thanh Hà')
        .field('authors[0][share]', '100')
        .field('attachmentVisibility', 'internal');
      expect(res.status).toBe(303);
      ids.push(Number(res.headers.location.split('/').pop()));
    }
    const token = csrfOf((await author.get('/')).text);
    const cookie = cookieOf(author);
    const answers = await Promise.all(
      ids.map((id, i) => {
        const server = (i % 2 === 0 ? a : b).app.getHttpServer();
        return request(server).post(`/initiatives/${id}/submit`).set('Cookie', cookie).type('form').send({ _csrf: token });
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 303));
    const rows = (await a.db.query(`SELECT code, status FROM initiatives WHERE id IN (${ids.join(',')})`)) as { code: string; status: string }[];
    expect(rows.every((r) => r.status === 'submitted')).toBe(true);
    expect(new Set(rows.map((r) => r.code)).size).toBe(20);
  });

  it('keeps every one of 20 reports on one record made at once on both instances, as versions 1..n', async () => {
    const focal = await signIn(a.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const [record] = await a.db.query(`SELECT id, version FROM adoptions WHERE "unitId" = ? ORDER BY id LIMIT 1`, [await unitId(a.db, 'VL-VH')]);
    const before = Number((await a.db.query('SELECT COUNT(*) AS n FROM adoption_reports WHERE "adoptionId" = ?', [record.id]))[0].n);
    const token = csrfOf((await focal.get(`/adoptions/${record.id}`)).text);
    const cookie = cookieOf(focal);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request((i % 2 === 0 ? a : b).app.getHttpServer())
          .post(`/adoptions/${record.id}`)
          .set('Cookie', cookie)
          .type('form')
          .send({ _csrf: token, status: 'in_progress', explanation: `Báo cáo đồng thời ${i + 1}` }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
    const versions = ((await a.db.query('SELECT version FROM adoption_reports WHERE "adoptionId" = ? ORDER BY version', [record.id])) as { version: number }[]).map((r) => r.version);
    expect(versions.length).toBe(before + 20);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    const [after] = await a.db.query('SELECT version FROM adoptions WHERE id = ?', [record.id]);
    expect(after.version).toBe(record.version + 20);
  });

  it('never lets two parent changes made at once on both instances put two units under each other', async () => {
    const admin = await signIn(a.agent(), 'admin', DEMO_PASSWORD);
    const cookie = cookieOf(admin);
    const [province, vh, vt] = [await unitId(a.db, 'QT'), await unitId(a.db, 'QT-VHOANG'), await unitId(a.db, 'QT-VLINH')];
    const token = csrfOf((await admin.get(`/units/${vh}/edit`)).text);
    const edit = (app: TestApp, id: number, name: string, parentId: number) =>
      request(app.app.getHttpServer()).post(`/units/${id}/edit`).set('Cookie', cookie).type('form').send({ _csrf: token, name, kind: 'commune', parentId: String(parentId) });
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all([edit(a, vh, 'UBND xã Vĩnh Hoàng', vt), edit(b, vt, 'UBND xã Vĩnh Linh', vh)]);
      // One of the two is refused as a loop; the other is saved.
      expect(answers.map((r) => r.status).sort()).toEqual([303, 400]);
      expect(answers.find((r) => r.status === 400)?.text).toContain('Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới của nó làm cấp trên.');
      const rows = (await a.db.query('SELECT id, "parentId" FROM units WHERE id IN (?, ?)', [vh, vt])) as { id: number; parentId: number }[];
      expect(rows.filter((r) => r.parentId === province)).toHaveLength(1);
      // Back under the province for the next round.
      for (const [id, name] of [[vh, 'UBND xã Vĩnh Hoàng'], [vt, 'UBND xã Vĩnh Linh']] as const) expect((await edit(a, id, name, province)).status).toBe(303);
    }
  });
});
