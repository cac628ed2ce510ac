import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TEST_DATABASE_URL, TestApp, unitId, userId } from './helpers/test-app';

/** The session cookie of a signed-in agent, to send the same person's requests to the other instance. */
function cookieOf(agent: TestAgent): string {
  const jar = (agent as unknown as { jar: { getCookies(o: object): { name: string; value: string }[] } }).jar;
  return jar
    .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

interface Writer {
  cookie: string;
  token: string;
  records: number[];
}

/** What each writer posts in turn: statuses that change, adoptions among them (the authors are told). */
const REPORTS: Record<string, string>[] = [
  { status: 'in_progress', explanation: 'Đang triển khai tại bộ phận một cửa' },
  { status: 'adopted', adoptedDate: '10/05/2026', adaptation: 'Áp dụng tại bộ phận một cửa' },
  { status: 'planned', explanation: 'Dự kiến áp dụng từ quý sau' },
  { status: 'adopted', adoptedDate: '12/05/2026', adaptation: 'Áp dụng lại sau khi bổ sung thiết bị' },
];

/**
 * At a reporting deadline communes report, each on its own records, while others browse:
 * no report on a record nobody else touches is refused as a concurrent change (409). On
 * PostgreSQL two instances share the database, as behind a load balancer; on SQLite one
 * instance queues the writes.
 */
describe('reports on distinct records made at once', () => {
  let a: TestApp;
  let b: TestApp | undefined;
  let programme: number;
  const writers: Writer[] = [];
  const records: number[] = [];
  /** Records loaded the way the bench seeds them: one report kept (version 1) on a record still at version 0. */
  const loaded: number[] = [];

  beforeAll(async () => {
    a = await createTestApp({ demo: true });
    if (TEST_DATABASE_URL) b = await createTestApp({ env: { DATABASE_URL: String((a.db.options as { url?: string }).url) } });
    // Two programmes of every recognized initiative across the province's units, made through
    // the form (a unit in force takes the 2026 adoptions reported below; one that has ended
    // would refuse them).
    const admin = await signIn(a.agent(), 'admin', DEMO_PASSWORD);
    const programmes: number[] = [];
    for (const title of ['Nhân rộng sáng kiến năm 2026', 'Nhân rộng sáng kiến năm 2026 — đợt 2']) {
      const form = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2026', title, issuingUnitId: String(await unitId(a.db, 'QT')), reportDeadline: '30/11/2026' });
      for (const { id } of await a.db.query(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY code`)) form.append('initiativeIds', String(id));
      const created = await admin.post('/programmes/new').type('form').send(form.toString());
      expect(created.status).toBe(303);
      programmes.push(Number(created.headers.location.split('/').pop()));
    }
    programme = programmes[0];

    // The records of these programmes, by unit: each focal point reports on its commune's,
    // the province on behalf of the others. Every writer has records of its own.
    const rows = (await a.db.query(`SELECT a.id, u.code FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."removedAt" IS NULL AND a."programmeId" IN (${programmes.join(',')}) ORDER BY a."programmeId" DESC, a.id`)) as { id: number; code: string }[];
    const pool = (code: string | null) => rows.filter((r) => (code ? r.code === code : !['QT-VHOANG', 'QT-VLINH'].includes(r.code))).map((r) => Number(r.id));
    const people: [string, number[], number][] = [
      ['daumoi.vinhhoa', pool('QT-VHOANG'), 4],
      ['daumoi.vinhthai', pool('QT-VLINH'), 4],
      ['admin', pool(null), 12],
    ];
    for (const [username, ids, count] of people) {
      expect(ids.length).toBeGreaterThanOrEqual(2 * count);
      for (let i = 0; i < count; i++) {
        const agent = await signIn((i % 2 === 0 || !b ? a : b).agent(), username, DEMO_PASSWORD);
        const mine = ids.slice(2 * i, 2 * i + 2);
        const token = csrfOf((await agent.get(`/adoptions/${mine[0]}`)).text);
        writers.push({ cookie: cookieOf(agent), token, records: mine });
        records.push(...mine);
      }
    }
    expect(new Set(records).size).toBe(records.length);

    // One record in four as the bench's data has them (the measure that found 409s ran on it).
    const adminId = await userId(a.db, 'admin');
    for (const id of records.filter((_, i) => i % 4 === 1)) {
      const [r] = (await a.db.query('SELECT version, status FROM adoptions WHERE id = ?', [id])) as { version: number; status: string }[];
      if (Number(r.version) !== 0) continue;
      await a.db.query(`INSERT INTO adoption_reports ("adoptionId", version, status, explanation, adaptation, "reportedById", "reportedByName", "onBehalf", "createdAt") VALUES (?, 1, 'not_started', '', '', ?, 'Quản trị (admin)', ?, ?)`, [
        id,
        adminId,
        false,
        '2026-01-05 03:00:00.000',
      ]);
      loaded.push(id);
    }
    expect(loaded.length).toBeGreaterThan(0);
  }, APP_HOOK_TIMEOUT);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  }, APP_HOOK_TIMEOUT);

  it('refuses none of 20 writers posting continuously on their own records while others browse', async () => {
    const versions = async () => new Map(((await a.db.query(`SELECT id, version FROM adoptions WHERE id IN (${records.join(',')})`)) as { id: number; version: number }[]).map((r) => [Number(r.id), Number(r.version)]));
    const kept = async () => new Map(((await a.db.query(`SELECT "adoptionId" AS id, COUNT(*) AS n FROM adoption_reports WHERE "adoptionId" IN (${records.join(',')}) GROUP BY "adoptionId"`)) as { id: number; n: number }[]).map((r) => [Number(r.id), Number(r.n)]));
    const before = await kept();
    const servers = [a, b ?? a].map((t) => t.app.getHttpServer());
    let writing = true;
    const statuses: { status: number; path: string; loaded: boolean }[] = [];

    const write = async (w: Writer, n: number) => {
      for (let round = 0; round < REPORTS.length; round++) {
        const id = w.records[round % w.records.length];
        const res = await request(servers[(n + round) % 2])
          .post(`/adoptions/${id}`)
          .set('Cookie', w.cookie)
          .type('form')
          .send({ _csrf: w.token, ...REPORTS[round] });
        statuses.push({ status: res.status, path: `/adoptions/${id}`, loaded: loaded.includes(id) });
      }
    };
    // Browsing at the same time (the province's writers): the matrix, the records being reported, the catalogue.
    const browse = async (w: Writer, n: number) => {
      let i = 0;
      while (writing) {
        const path = [`/programmes/${programme}`, `/adoptions/${w.records[0]}`, '/catalogue', `/adoptions/${w.records[1]}`, '/programmes'][i++ % 5];
        const res = await request(servers[(n + i) % 2]).get(path).set('Cookie', w.cookie);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
    };
    const browsing = writers.slice(-5).map((w, n) => browse(w, n));
    await Promise.all(writers.map((w, n) => write(w, n)));
    writing = false;
    await Promise.all(browsing);

    const refused = statuses.filter((s) => s.status !== 303);
    expect(refused.filter((s) => s.status === 409)).toEqual([]);
    expect(refused).toEqual([]);
    expect(statuses).toHaveLength(writers.length * REPORTS.length);
    // Every report was kept as the next version of its record, the loaded ones' after the report they had.
    const after = await kept();
    const now = await versions();
    for (const id of records) {
      expect((after.get(id) ?? 0) - (before.get(id) ?? 0)).toBe(REPORTS.length / 2);
      expect(now.get(id)).toBe(after.get(id));
    }
    // Eighty reports in the one write queue of SQLite while five people browse: a bound for a busy machine, not a measure.
  }, 300_000);
});
