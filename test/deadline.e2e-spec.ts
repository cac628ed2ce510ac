import TestAgent from 'supertest/lib/agent';
import { AttachmentsService } from '../src/attachments/attachments.service';
import { ReadSource } from '../src/database/read-source';
import { SqliteStatistics } from '../src/database/sqlite-statistics';
import { UnitOfWork } from '../src/database/unit-of-work';
import { NotificationsService } from '../src/notifications/notifications.service';
import { InitiativesRepository } from '../src/initiatives/initiatives.repository';
import { ReplicationService } from '../src/replication/replication.service';
import { ADOPTION_STATUS_LABELS, REASON_LABELS } from '../src/replication/adoption-rules';
import { eventually } from './helpers/eventually';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TEST_DATABASE_URL, TestApp, unitId } from './helpers/test-app';

// Several instances share a database on PostgreSQL only.
const onPostgres = TEST_DATABASE_URL ? it : it.skip;

/**
 * At a reporting deadline, communes report while others browse. What the reports change
 * (one programme's records) empties only that programme's figures from memory, and page
 * views neither write nor wait in the write queue.
 */
describe('at a reporting deadline', () => {
  let t: TestApp;
  let admin: TestAgent;
  let focal: TestAgent;
  let demoProgramme: number;
  let newProgramme: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, env: { READ_CACHE_SECONDS: '3600' } });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    [{ id: demoProgramme }] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
    const form = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2026', title: 'Nhân rộng sáng kiến năm 2026', issuingUnitId: String(await unitId(t.db, 'QT')), reportDeadline: '30/11/2026' });
    for (const { id } of await t.db.query(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY code LIMIT 2`)) form.append('initiativeIds', String(id));
    const created = await admin.post('/programmes/new').type('form').send(form.toString());
    expect(created.status).toBe(303);
    newProgramme = Number(created.headers.location.split('/').pop());
  }, APP_HOOK_TIMEOUT);
  let other: TestApp | undefined;
  afterAll(async () => {
    await other?.close();
    await t.close();
  }, APP_HOOK_TIMEOUT);

  it("keeps the catalogue, the searches and another programme's matrix in memory through a report, and shows the reported cell at once", async () => {
    const matrixLoads = jest.spyOn(t.app.get(ReplicationService), 'matrixFigures');
    const listLoads = jest.spyOn(t.app.get(InitiativesRepository), 'list');
    // Each programme's grid of communes, on one page (the commune that reports among them).
    const grid = (id: number) => `/programmes/${id}?kind=commune`;
    const pages = async () => {
      for (const path of ['/catalogue', '/catalogue?q=m%C3%A3+QR']) expect((await t.agent().get(path)).status).toBe(200);
      expect((await admin.get('/initiatives?q=d%E1%BB%8Bch+v%E1%BB%A5')).status).toBe(200);
      for (const id of [demoProgramme, newProgramme]) expect((await admin.get(grid(id))).status).toBe(200);
    };
    await pages();
    await pages();
    const warm = { matrix: matrixLoads.mock.calls.length, list: listLoads.mock.calls.length };
    // The background work of every hour (and of start-up) changes nothing a page shows: the
    // upload folder's clean-up, the planner's statistics. (Once, it dropped everything.)
    await t.app.get(AttachmentsService).cleanup();
    await t.app.get(SqliteStatistics).update();

    const [{ id: record }] = await t.db.query(`SELECT a.id FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."programmeId" = ? AND u.code = 'QT-VHOANG' ORDER BY a.id LIMIT 1`, [newProgramme]);
    const form = await focal.get(`/adoptions/${record}`);
    const reported = await focal.post(`/adoptions/${record}`).type('form').send({ _csrf: csrfOf(form.text), status: 'adopted', adoptedDate: '10/05/2026', adaptation: 'Áp dụng tại bộ phận một cửa' });
    expect(reported.status).toBe(303);

    matrixLoads.mockClear();
    listLoads.mockClear();
    await pages();
    // Only the reported programme's figures were read again; the catalogue and the searches were not.
    expect(matrixLoads.mock.calls.map(([programme]) => programme.id)).toEqual([newProgramme]);
    expect(listLoads).not.toHaveBeenCalled();
    expect(warm.matrix).toBeGreaterThan(0);
    expect(warm.list).toBeGreaterThan(0);
    const matrix = await admin.get(grid(newProgramme));
    expect(matrix.text).toContain('<span class="visually-hidden">Đã áp dụng</span><small>10/05/2026</small>');
    matrixLoads.mockRestore();
    listLoads.mockRestore();
  });

  it("reads again, after a report, only the grid's page showing the unit that reported; an edit of the programme reads every page again", async () => {
    const pageLoads = jest.spyOn(t.app.get(ReplicationService), 'matrixRecords');
    // Two pages of the same programme: its communes (the reporting one among them), its departments.
    const communes = `/programmes/${newProgramme}?kind=commune`;
    const departments = `/programmes/${newProgramme}?kind=department`;
    const view = async () => {
      for (const path of [communes, departments]) expect((await admin.get(path)).status).toBe(200);
    };
    const [{ id: vinhHoang }] = await t.db.query(`SELECT id FROM units WHERE code = 'QT-VHOANG'`);
    const readUnits = () => pageLoads.mock.calls.map(([, unitIds]) => unitIds ?? []);
    await view();
    pageLoads.mockClear();
    await view();
    // Both pages kept.
    expect(readUnits()).toEqual([]);

    const [{ id: record }] = await t.db.query(`SELECT id FROM adoptions WHERE "programmeId" = ? AND "unitId" = ? ORDER BY id DESC LIMIT 1`, [newProgramme, vinhHoang]);
    const form = await focal.get(`/adoptions/${record}`);
    const reported = await focal.post(`/adoptions/${record}`).type('form').send({ _csrf: csrfOf(form.text), status: 'not_adopted', reason: 'already_equivalent', explanation: 'Xã đã có cách làm tương đương' });
    expect(reported.status).toBe(303);
    pageLoads.mockClear();
    await view();
    // The communes' page only, the one showing the unit that reported.
    expect(readUnits()).toHaveLength(1);
    expect(readUnits()[0]).toContain(vinhHoang);
    // The reported cell shows at once.
    expect((await admin.get(communes)).text).toContain(`${ADOPTION_STATUS_LABELS.not_adopted}</span><small>${REASON_LABELS.already_equivalent}`);

    // The programme itself changed (an initiative added): every page of it is read again.
    const edit = await admin.get(`/programmes/${newProgramme}/edit`);
    const [{ id: added }] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY code LIMIT 1 OFFSET 2`);
    const changed = await admin.post(`/programmes/${newProgramme}/edit`).type('form').send({ _csrf: csrfOf(edit.text), initiativeIds: String(added) });
    expect(changed.status).toBe(303);
    pageLoads.mockClear();
    await view();
    expect(readUnits()).toHaveLength(2);
    expect(readUnits().filter((ids) => ids.includes(vinhHoang))).toHaveLength(1);
    pageLoads.mockRestore();
  });

  it("keeps the programme's figures and every page of its grid through a reminder, and shows the reminder on the next view", async () => {
    const service = t.app.get(ReplicationService);
    const pageLoads = jest.spyOn(service, 'matrixRecords');
    const figureLoads = jest.spyOn(service, 'matrixFigures');
    const communes = `/programmes/${newProgramme}?kind=commune`;
    const departments = `/programmes/${newProgramme}?kind=department`;
    for (const path of [communes, departments]) expect((await admin.get(path)).status).toBe(200);
    const page = await admin.get(communes);
    const unit = /name="unitIds" value="(\d+)"/.exec(page.text)?.[1];
    expect(unit).toBeDefined();
    pageLoads.mockClear();
    figureLoads.mockClear();
    const reminded = await admin.post(`/programmes/${newProgramme}/remind`).type('form').send({ _csrf: csrfOf(page.text), unitIds: String(unit) });
    expect(reminded.status).toBe(303);
    expect(await count(t.db, 'notifications', "kind = 'reminder'")).toBeGreaterThan(0);
    const after = await admin.get(communes);
    expect(after.text).toMatch(new RegExp(`id="remind-${unit}"[^>]*>[^<]*<label[^>]*>[^<]*<span class="text-body-secondary">\\(đã nhắc hôm nay lúc`));
    expect((await admin.get(departments)).status).toBe(200);
    expect(pageLoads).not.toHaveBeenCalled();
    expect(figureLoads).not.toHaveBeenCalled();
    pageLoads.mockRestore();
    figureLoads.mockRestore();
  });

  onPostgres(
    "tells another instance what a report changed: its copy of the programme's matrix goes at once, its catalogue stays",
    async () => {
      other = await createTestApp({ env: { DATABASE_URL: String((t.db.options as { url?: string }).url), READ_CACHE_SECONDS: '3600' } });
      const elsewhere = await signIn(other.agent(), 'admin', DEMO_PASSWORD);
      const matrixLoads = jest.spyOn(other.app.get(ReplicationService), 'matrixFigures');
      const listLoads = jest.spyOn(other.app.get(InitiativesRepository), 'list');
      // The communes' page of its grid, the reporting commune among them, kept there too.
      const communes = `/programmes/${newProgramme}?kind=commune`;
      const reportedCell = `<span class="visually-hidden">${ADOPTION_STATUS_LABELS.in_progress}`;
      for (let i = 0; i < 2; i++) {
        expect((await other.agent().get('/catalogue')).status).toBe(200);
        expect((await elsewhere.get(`/programmes/${newProgramme}`)).status).toBe(200);
        expect((await elsewhere.get(`/programmes/${demoProgramme}`)).status).toBe(200);
        expect((await elsewhere.get(communes)).text).not.toContain(reportedCell);
      }
      expect(matrixLoads).toHaveBeenCalledTimes(2);
      expect(listLoads).toHaveBeenCalledTimes(1);

      const [{ id: record }] = await t.db.query(`SELECT a.id FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."programmeId" = ? AND u.code = 'QT-VHOANG' ORDER BY a.id DESC LIMIT 1`, [newProgramme]);
      const form = await focal.get(`/adoptions/${record}`);
      const reported = await focal.post(`/adoptions/${record}`).type('form').send({ _csrf: csrfOf(form.text), status: 'in_progress', explanation: 'Đang tập huấn cán bộ một cửa' });
      expect(reported.status).toBe(303);

      // The other instance reads the programme again as soon as the notification arrives, and
      // shows the reported cell on its page of the grid.
      const readAgain = await eventually(async () => (await elsewhere.get(`/programmes/${newProgramme}`)).status === 200 && matrixLoads.mock.calls.length > 2);
      expect(readAgain).toBe(true);
      expect((await elsewhere.get(communes)).text).toContain(reportedCell);
      expect((await other.agent().get('/catalogue')).status).toBe(200);
      expect((await elsewhere.get(`/programmes/${demoProgramme}`)).status).toBe(200);
      // Read again there: the reported programme only.
      expect(matrixLoads.mock.calls.slice(2).map(([programme]) => programme.id)).toEqual([newProgramme]);
      expect(listLoads).toHaveBeenCalledTimes(1);
    },
    APP_HOOK_TIMEOUT,
  );

  onPostgres(
    'shows a unit renamed on one instance on the next request to another (units are kept until a change to them)',
    async () => {
      other ??= await createTestApp({ env: { DATABASE_URL: String((t.db.options as { url?: string }).url), READ_CACHE_SECONDS: '3600' } });
      const elsewhere = await signIn(other.agent(), 'admin', DEMO_PASSWORD);
      const id = await unitId(t.db, 'QT-BQUAN');
      const before = (await elsewhere.get('/units')).text;
      expect(before).toContain('Bến Quan');
      expect(before).not.toContain('Bến Quan Mới');
      const form = await admin.get(`/units/${id}`);
      const renamed = await admin.post(`/units/${id}/rename`).type('form').send({ _csrf: csrfOf(form.text), newName: 'UBND xã Bến Quan Mới', instrument: 'Nghị quyết 99/NQ-HĐND', effectiveDate: '01/12/2026' });
      expect(renamed.status).toBe(303);
      const shown = await eventually(async () => (await elsewhere.get('/units')).text.includes('UBND xã Bến Quan Mới'));
      expect(shown).toBe(true);
    },
    APP_HOOK_TIMEOUT,
  );

  it('lists the years of initiatives, newest first, the same as reading every row would', async () => {
    await t.db.query(`UPDATE initiatives SET year = 2017 WHERE code = 'SK-2022-0003'`);
    const every = (await t.db.query('SELECT DISTINCT year FROM initiatives ORDER BY year DESC')).map((r: { year: number | string }) => Number(r.year));
    expect(every).toContain(2017);
    expect(await t.app.get(InitiativesRepository).years()).toEqual(every);
    await t.db.query(`UPDATE initiatives SET year = 2022 WHERE code = 'SK-2022-0003'`);
  });

  it('writes nothing, opens no transaction and (SQLite) leaves the writing connection alone while a signed-in person browses fifty pages', async () => {
    const [{ id: initiative }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0001'`);
    const [{ id: record }] = await t.db.query(`SELECT a.id FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."programmeId" = ? AND u.code = 'VL-VH' ORDER BY a.id LIMIT 1`, [demoProgramme]);
    const paths = ['/', '/initiatives', `/initiatives/${initiative}`, '/catalogue', `/catalogue/${initiative}`, '/programmes', `/programmes/${demoProgramme}`, `/adoptions/${record}`, '/initiatives?q=m%C3%A3+QR', '/units'];
    // A first pass marks as read what the person had not seen yet (a change: it may write).
    const notices = t.app.get(NotificationsService);
    const seen = jest.spyOn(notices, 'seen');
    for (const path of paths) expect((await admin.get(path)).status).toBe(200);
    for (const result of seen.mock.results) await ((await result.value) as Awaited<ReturnType<NotificationsService['seen']>>)?.marking;
    seen.mockRestore();

    const uow = t.app.get(UnitOfWork);
    const transactions = jest.spyOn(uow, 'run');
    const writes = jest.spyOn(uow, 'write');
    // SQLite: the connection that writes is not even asked to read (pages read on read-only ones).
    const sqlite = t.db.options.type === 'sqlite';
    if (sqlite) expect(t.app.get(ReadSource).size).toBeGreaterThan(0);
    const writer = sqlite ? (t.db.driver as unknown as { databaseConnection: Record<string, (...args: unknown[]) => unknown> }).databaseConnection : null;
    const onWriter = writer ? (['all', 'run', 'get', 'each', 'exec', 'prepare'] as const).map((method) => jest.spyOn(writer, method)) : [];
    for (let i = 0; i < 50; i++) expect((await admin.get(paths[i % paths.length])).status).toBe(200);
    expect(transactions).not.toHaveBeenCalled();
    expect(writes).not.toHaveBeenCalled();
    for (const spy of onWriter) expect(spy).not.toHaveBeenCalled();
    for (const spy of onWriter) spy.mockRestore();
    transactions.mockRestore();
    writes.mockRestore();
  });
});
