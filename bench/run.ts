// `npm run bench`: 100,000 initiatives, 5,000 units, 200,000 attachment rows and two
// replication programmes (50 × 300 and 100 × 600) in a temporary database — SQLite, then
// PostgreSQL when a server is reachable (BENCH_POSTGRES, default
// postgres://root@127.0.0.1:5432/postgres; "off" to skip) — then, on each, the same
// scenarios under load (autocannon), the ceiling (the same page with no database work),
// memory during a 50 MB upload and large exports; the large matrix rebuilt alone after a
// report of a unit on the page shown dropped what it changed from the cache (its figures and
// that page; CPU, the event loop's longest block); then the matrices again on a server without the read cache (READ_CACHE_SECONDS=0):
// every request rebuilds everything it reads, and the large one's rebuild is measured alone
// the same way. Prints the figures and the goals met or not; asserts nothing.
import { ChildProcess, fork } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { unitRecordsChange } from '../src/database/data-changes';
import { DeadlineFigures, EXPORT_MIN_ROWS, Measured, printGoals } from './goals';
import { Figures, http, load, LoadOptions, merged, peakGrowth } from './load';
import { freshBroadSearches } from './queries';
import { seed, seedProgramme } from './seed';
import { postgresTarget, sqliteTarget, Target } from './targets';

const SIZE = { units: Number(process.env.BENCH_UNITS ?? 5000), initiatives: Number(process.env.BENCH_INITIATIVES ?? 100_000), attachments: Number(process.env.BENCH_ATTACHMENTS ?? 200_000) };
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 60);
const CONNECTIONS = 10;
const PASSWORD = 'Bench@2026-pass';
const BROAD = 'dịch vụ công';

const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const q = (s: string) => encodeURIComponent(s);

/** Signs in as the benchmark's admin; returns the session cookie. */
async function signIn(base: string): Promise<string> {
  let cookie = '';
  const keep = (h: Record<string, string | string[] | undefined>) => {
    const set = h['set-cookie'];
    if (set) cookie = (Array.isArray(set) ? set : [set]).map((c) => c.split(';')[0]).join('; ');
  };
  const loginPage = await http('GET', `${base}/login`, {});
  keep(loginPage.headers);
  const login = await http('POST', `${base}/login`, { cookie, 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ _csrf: token(loginPage.text), username: 'admin', password: PASSWORD }).toString());
  keep(login.headers);
  if (login.status !== 303) throw new Error(`Đăng nhập thất bại: HTTP ${login.status}`);
  return cookie;
}

/** The first 50 MB upload after the server started: how much its resident memory grows. */
async function uploadMemory(base: string, server: ChildProcess, draftId: number, dir: string) {
  const cookie = await signIn(base);
  const page = await http('GET', `${base}/initiatives/${draftId}`, { cookie });
  const file = join(dir, 'lon-50mb.pdf');
  const size = 50 * 1024 * 1024;
  const content = Buffer.alloc(size, 0x20);
  content.write('%PDF-1.4\n', 0);
  writeFileSync(file, content);
  const boundary = `----bench${Date.now()}`;
  // The form's token is its first part, as the browser sends it.
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token(page.text)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="attachmentVisibility"\r\n\r\ninternal\r\n--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="Tài liệu lớn.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const body = new PassThrough();
  body.write(head);
  createReadStream(file).on('end', () => body.end(tail)).pipe(body, { end: false });
  const measured = await peakGrowth(server.pid as number, () =>
    http('POST', `${base}/initiatives/${draftId}/attachments`, { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(Buffer.byteLength(head) + size + Buffer.byteLength(tail)) }, body),
  );
  rmSync(file);
  if (measured.result.status !== 303) throw new Error(`Tải lên 50 MB: HTTP ${measured.result.status}`);
  return measured;
}

/**
 * Broad searches never asked before on a server: other words, years, fields and orders (2,016
 * of them). One sequence per database, continued from one scenario to the next (the broad
 * searches at 10 connections, the deadline, the deadline on two servers), so that no scenario
 * asks what an earlier one did.
 */
function freshBroadQueries(): () => string {
  const paths = freshBroadSearches().map((search) => `/catalogue?${search}`);
  let i = 0;
  return () => paths[i++ % paths.length];
}

async function waitUntilUp(base: string): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < 120_000; ) {
    const ok = await http('GET', `${base}/healthz`, {}).then((r) => r.status === 200).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('Máy chủ không khởi động được trong 2 phút.');
}

const fmt = (v: number | null) => (v === null ? '—' : String(v));

function table(title: string, rows: Figures[], ceiling: Figures) {
  console.log(`\n${title}\n`);
  console.log('kịch bản'.padEnd(44), 'req/s'.padStart(7), 'p50 ms'.padStart(7), 'p95 ms'.padStart(7), 'p99 ms'.padStart(7), 'lỗi'.padStart(5), 'quá hạn'.padStart(7), '% trần'.padStart(7));
  for (const f of rows) {
    console.log(f.name.padEnd(44), String(f.rps).padStart(7), fmt(f.p50).padStart(7), fmt(f.p95).padStart(7), fmt(f.p99).padStart(7), String(f.errors).padStart(5), String(f.timeouts).padStart(7), `${ceiling.rps ? Math.round((f.rps / ceiling.rps) * 100) : 0}%`.padStart(7));
  }
}

async function measure(target: Target, dir: string): Promise<Measured> {
  console.log(`\n=== ${target.database} ===`);
  console.log(`Sinh dữ liệu: ${SIZE.initiatives.toLocaleString('vi-VN')} sáng kiến, ${SIZE.units.toLocaleString('vi-VN')} đơn vị, ${SIZE.attachments.toLocaleString('vi-VN')} tệp đính kèm, kế hoạch 50 × 300 và 100 × 600…`);
  const t0 = Date.now();
  const db = new DataSource(target.options);
  await db.initialize();
  const { draftId, perYear } = await seed(db, SIZE, PASSWORD);
  const programmeId = await seedProgramme(db, { initiatives: 50, units: 300 });
  const largeId = await seedProgramme(db, { initiatives: 100, units: 600 });
  // The programme's records, for the deadline's writers (each reports on records no other has).
  const records = ((await db.query('SELECT "id" FROM "adoptions" WHERE "programmeId" = ' + Number(programmeId))) as { id: number }[]).map((r) => Number(r.id));
  const initiativeIds = ((await db.query('SELECT "id" FROM "initiatives"')) as { id: number }[]).map((r) => Number(r.id));
  await db.destroy();
  console.log(`  xong trong ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const uploads = join(dir, `uploads-${target.database}`);
  const env = { ...process.env, ...target.env, UPLOAD_DIR: uploads, NODE_ENV: 'production', PORT: String(31000 + Math.floor(Math.random() * 1000)), MAX_FILE_MB: '60', MAX_INITIATIVE_MB: '500' };
  const server = fork(join(__dirname, 'server.js'), [], { env, execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const base = `http://127.0.0.1:${env.PORT}`;
  const stop = stopper(server);
  try {
    await waitUntilUp(base);
    // First, before anything else has warmed the process: the first large upload.
    const upload = await uploadMemory(base, server, draftId, dir);
    const cookie = await signIn(base);
    const signedIn = { cookie };

    const run = async (name: string, path: string, connections: number, headers: Record<string, string> = {}) => {
      await load(base, `${name} (làm nóng)`, path, { duration: 2, connections: 1, headers });
      return load(base, name, path, { duration: connections === 1 ? Math.max(3, Math.round(DURATION / 2)) : DURATION, connections, headers });
    };
    const scenarios: [string, string][] = [
      ['/catalogue (trang đầu, khách)', '/catalogue'],
      [`tìm "${BROAD}" (có dấu)`, `/catalogue?q=${q(BROAD)}`],
      ['tìm "dich vu cong" (không dấu)', '/catalogue?q=dich+vu+cong'],
      ['tìm "ma QR" + lọc năm, lĩnh vực', '/catalogue?q=ma+QR&year=2023&field=2'],
      ['tìm "Đức Hạnh" (tên tác giả)', `/catalogue?q=${q('Đức Hạnh')}`],
      ['lọc theo năm, không tìm', '/catalogue?year=2024&sort=newest'],
      ['trang 20 của danh mục', '/catalogue?page=20'],
      ['danh sách sáng kiến (đã đăng nhập)', '/initiatives'],
      ['trần: cùng trang, không truy vấn', '/bench/ceiling'],
    ];
    // The whole process warmed once (code compiled, caches filled) before the first
    // figure: otherwise the first scenario pays for it and the ceiling, measured last, does not.
    for (const [name, path] of scenarios) await load(base, `${name} (làm nóng)`, path, { duration: 1, connections: 1, headers: path.startsWith('/initiatives') ? signedIn : {} });
    const single: Figures[] = [];
    const many: Figures[] = [];
    for (const [name, path] of scenarios) {
      const headers = path.startsWith('/initiatives') ? signedIn : {};
      single.push(await run(name, path, 1, headers));
      many.push(await run(name, path, CONNECTIONS, headers));
    }
    const next = freshBroadQueries();
    const fresh = await load(base, 'tìm rộng, truy vấn chưa gặp', '/catalogue', { duration: DURATION, connections: CONNECTIONS, requests: [{ setupRequest: (req) => ({ ...req, path: next() }) }] });

    // The adoption matrix (50 initiatives × 300 units, 15,000 reports).
    const matrixPath = `/programmes/${programmeId}`;
    const matrixSingle = await run('ma trận 50 × 300', matrixPath, 1, signedIn);
    const matrixLoad = await run('ma trận 50 × 300', matrixPath, CONNECTIONS, signedIn);
    const largeSingle = await run('ma trận 100 × 600', `/programmes/${largeId}`, 1, signedIn);
    // As after a report of a unit on the page shown: what the report declares it changed (that
    // unit's records) dropped from the cache: the programme's figures and that page of the grid.
    const shownUnit = /\/programmes\/\d+\/units\/(\d+)/.exec((await http('GET', `${base}/programmes/${largeId}`, signedIn)).text)?.[1];
    if (!shownUnit) throw new Error('ma trận 100 × 600: không thấy đơn vị nào trên trang');
    const afterReport = await rebuilds(base, `/programmes/${largeId}`, signedIn, unitRecordsChange(largeId, Number(shownUnit)));
    const page = await http('GET', `${base}${matrixPath}`, { ...signedIn, 'accept-encoding': 'gzip, deflate, br' });
    if (page.status !== 200) throw new Error(`ma trận: HTTP ${page.status}`);

    // Exports (before the 100 connections, whose garbage would be counted as theirs): the
    // initiatives of one year (every status, as the district sees them) and the matrix.
    const year = [...perYear.entries()].sort((a, b) => b[1] - a[1])[0];
    const exported = await peakGrowth(server.pid as number, async () => {
      const t1 = Date.now();
      const res = await http('GET', `${base}/initiatives/export.xlsx?year=${year[0]}`, signedIn);
      if (res.status !== 200) throw new Error(`export.xlsx: ${res.status}`);
      return (Date.now() - t1) / 1000;
    });
    const matrixExports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t1 = Date.now();
      const res = await http('GET', `${base}/programmes/${programmeId}/export.xlsx`, signedIn);
      if (res.status !== 200) throw new Error(`programmes export.xlsx: ${res.status}`);
      matrixExports.push((Date.now() - t1) / 1000);
    }

    // A hundred people at a deadline: the catalogue, their list, a search, the matrix.
    const mixed = await load(base, `hỗn hợp, 100 kết nối, ${MIXED_SECONDS} s`, '/catalogue', {
      duration: MIXED_SECONDS,
      connections: 100,
      requests: [
        { method: 'GET', path: '/catalogue' },
        { method: 'GET', path: '/initiatives', headers: signedIn },
        { method: 'GET', path: `/catalogue?q=${q('chứng thực')}` },
        { method: 'GET', path: matrixPath, headers: signedIn },
      ],
    });

    // The reporting deadline: the same readers while four writers post reports.
    const deadline = await deadlineMix([base], signedIn.cookie, { matrixPath, records, initiativeIds, seconds: MIXED_SECONDS, fresh: next });
    // On PostgreSQL, the same deadline on two instances of the application (one database),
    // the connections shared between them.
    const pair = target.env.DATABASE_URL ? await twoInstances(env, signedIn.cookie, { matrixPath, records, initiativeIds, seconds: MIXED_SECONDS, fresh: next }) : null;

    const ceiling1 = single[single.length - 1];
    const ceiling10 = many[many.length - 1];
    console.log(`\n${target.database}: ${SIZE.initiatives.toLocaleString('vi-VN')} sáng kiến, NODE_ENV=production, autocannon; p50/p95/p99 tính cả yêu cầu quá hạn (10 s).`);
    table('Một người dùng tại một thời điểm (1 kết nối): độ trễ', [...single, matrixSingle, largeSingle], ceiling1);
    table(`${CONNECTIONS} kết nối đồng thời: thông lượng`, [...many, fresh, matrixLoad], ceiling10);
    table('100 kết nối', [mixed, deadline.pages, deadline.readers, deadline.writers, ...(pair ? [pair.pages, pair.readers, pair.writers] : [])], ceiling10);
    if (pair) console.log(`Hai máy chủ: p50 ${fmt(pair.all.p50)} ms, p99 ${fmt(pair.all.p99)} ms, ${pair.conflicts} lần 409.`);
    console.log(`\nTrang ma trận: ${(page.bodyBytes / 1024).toFixed(0)} KB, truyền qua mạng ${(page.wireBytes / 1024).toFixed(0)} KB (${page.headers['content-encoding'] ?? 'không nén'}).`);
    console.log(`Tải lên 50 MB đầu tiên: bộ nhớ thường trú ${upload.before.toFixed(1)} → đỉnh ${upload.peak.toFixed(1)} MB.`);
    console.log(`Xuất Excel ${year[1].toLocaleString('vi-VN')} sáng kiến năm ${year[0]}: ${exported.result.toFixed(2)} s, bộ nhớ ${exported.before.toFixed(1)} → đỉnh ${exported.peak.toFixed(1)} MB.${year[1] < EXPORT_MIN_ROWS ? ` Dưới ${EXPORT_MIN_ROWS.toLocaleString('vi-VN')} dòng: không tính vào mục tiêu.` : ''}`);
    console.log(`Xuất Excel ma trận: ${matrixExports.map((x) => `${x.toFixed(2)} s`).join(', ')}.`);
    console.log(`Ma trận 100 × 600 dựng lại sau một báo cáo của một đơn vị trên trang (số liệu của kế hoạch và trang lưới đó bị bỏ khỏi bộ nhớ đệm), ${REBUILDS} lần: ${describeRebuilds(afterReport)}.`);

    const find = (rows: Figures[], name: string) => rows.find((f) => f.name.startsWith(name)) as Figures;
    const catalogue1 = find(single, '/catalogue');
    const catalogue10 = find(many, '/catalogue');
    return {
      database: target.database,
      broadSingleP95: find(single, `tìm "${BROAD}"`).p95,
      broadFreshRps: fresh.rps,
      broadRepeatP95: find(many, `tìm "${BROAD}"`).p95,
      specificP95: find(many, 'tìm "Đức Hạnh"').p95,
      catalogueVsCeiling1: ceiling1.rps ? (catalogue1.rps / ceiling1.rps) * 100 : 0,
      catalogueVsCeiling10: ceiling10.rps ? (catalogue10.rps / ceiling10.rps) * 100 : 0,
      matrixSingleP95: matrixSingle.p95,
      matrixLoadP95: matrixLoad.p95,
      matrixLargeSingleP95: largeSingle.p95,
      matrixLargeReportRebuildCpuMs: median(afterReport.map((r) => r.cpuMs)),
      matrixLargeReportMaxBlockMs: longestBlock(afterReport),
      // The same matrices without the read cache, on a server of their own (this one stopped first).
      ...(await stop().then(() => uncachedMatrices(env, { small: matrixPath, large: `/programmes/${largeId}` }))),
      matrixWireKb: page.wireBytes / 1024,
      mixedErrors: mixed.errors,
      mixedP99: mixed.p99,
      deadline: deadlineFigures(deadline, ceiling10),
      twoInstances: pair && deadlineFigures(pair, ceiling10),
      uploadGrowthMb: upload.growth,
      exportRows: year[1],
      exportSeconds: exported.result,
      exportGrowthMb: exported.growth,
      matrixExportSeconds: Math.max(...matrixExports),
    };
  } finally {
    await stop();
  }
}

/** Stops a server once, however many times it is asked. */
function stopper(server: ChildProcess): () => Promise<void> {
  let stopped: Promise<void> | null = null;
  return () => {
    stopped ??= new Promise<void>((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill();
    });
    return stopped;
  };
}

/** A scenario after a 2 s warm-up at 1 connection: half the duration at 1 connection, the whole at more. */
async function scenario(base: string, name: string, path: string, connections: number, headers: Record<string, string> = {}): Promise<Figures> {
  await load(base, `${name} (làm nóng)`, path, { duration: 2, connections: 1, headers });
  return load(base, name, path, { duration: connections === 1 ? Math.max(3, Math.round(DURATION / 2)) : DURATION, connections, headers });
}

/** How many times the large matrix is rebuilt alone, measured each time. */
const REBUILDS = 7;

interface Rebuild {
  /** The event loop's worst delay (the machine's other work included). */
  maxBlockMs: number;
  /** The longest the main thread ran between two ticks (its own work only; null off Linux). */
  ownBlockMs: number | null;
  cpuMs: number;
  wallMs: number;
}

/**
 * The page at `path` asked for alone REBUILDS times, each between the bench server's
 * loop/start and loop/stop (`forget`: what the server drops from its read cache first, as a
 * report would): its CPU time and the event loop's longest block.
 */
async function rebuilds(base: string, path: string, headers: Record<string, string>, forget?: string): Promise<Rebuild[]> {
  const out: Rebuild[] = [];
  for (let i = 0; i < REBUILDS; i++) {
    await new Promise((r) => setTimeout(r, 200));
    await http('GET', `${base}/bench/loop/start${forget ? `?forget=${encodeURIComponent(forget)}` : ''}`, {});
    const page = await http('GET', `${base}${path}`, headers);
    const measured = await http('GET', `${base}/bench/loop/stop`, {});
    if (page.status !== 200) throw new Error(`${path}: HTTP ${page.status}`);
    out.push(JSON.parse(measured.text) as Rebuild);
  }
  return out;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function describeRebuilds(r: Rebuild[]): string {
  return `CPU của máy chủ ${r.map((x) => x.cpuMs.toFixed(0)).join(', ')} ms (trung vị ${median(r.map((x) => x.cpuMs)).toFixed(0)}); thời gian ${r.map((x) => x.wallMs.toFixed(0)).join(', ')} ms; vòng sự kiện bị chặn lâu nhất do chính tiến trình ${r.map((x) => (x.ownBlockMs === null ? '—' : x.ownBlockMs.toFixed(1))).join(', ')} ms, tính cả lúc máy dành CPU cho việc khác ${r.map((x) => x.maxBlockMs.toFixed(1)).join(', ')} ms`;
}

/** The longest block of a set of rebuilds: the process's own work where it can be read, else the timer's worst delay. */
function longestBlock(r: Rebuild[]): number {
  return Math.max(...r.map((x) => x.ownBlockMs ?? x.maxBlockMs));
}

/**
 * On a server without the read cache (READ_CACHE_SECONDS=0: every request reads and counts
 * its figures again, as the first request after a report does): the anonymous catalogue and
 * "Đức Hạnh" at 10 connections, with the ceiling of this server; the matrices, the
 * 50 × 300 at 1 and 10 connections, the 100 × 600 at 1; then the 100 × 600 alone,
 * REBUILDS times, between the bench's loop/start and loop/stop: the server's CPU time for
 * the whole request (the rebuild, the page) and the event loop's longest block.
 */
async function uncachedMatrices(cachedEnv: NodeJS.ProcessEnv, paths: { small: string; large: string }) {
  const env = { ...cachedEnv, READ_CACHE_SECONDS: '0', PORT: String(Number(cachedEnv.PORT) + 1000) };
  const server = fork(join(__dirname, 'server.js'), [], { env, execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const base = `http://127.0.0.1:${env.PORT}`;
  const stop = stopper(server);
  try {
    await waitUntilUp(base);
    const signedIn = { cookie: await signIn(base) };
    // The whole process warmed once before the first figure, as on the first server: otherwise
    // the catalogue, measured first, pays for compiling the code the ceiling, measured after
    // it, finds compiled (the ratio of the two is a goal).
    for (const path of ['/catalogue', `/catalogue?q=${q('Đức Hạnh')}`, '/bench/ceiling']) await load(base, `${path} (làm nóng)`, path, { duration: 1, connections: 1 });
    // The anonymous catalogue and a specific search with nothing kept, against the ceiling on this server.
    const catalogue = await scenario(base, '/catalogue (khách), không bộ nhớ đệm', '/catalogue', CONNECTIONS);
    const specific = await scenario(base, 'tìm "Đức Hạnh", không bộ nhớ đệm', `/catalogue?q=${q('Đức Hạnh')}`, CONNECTIONS);
    const ceiling = await scenario(base, 'trần, máy không bộ nhớ đệm', '/bench/ceiling', CONNECTIONS);
    const single = await scenario(base, 'ma trận 50 × 300, không bộ nhớ đệm', paths.small, 1, signedIn);
    const many = await scenario(base, 'ma trận 50 × 300, không bộ nhớ đệm', paths.small, CONNECTIONS, signedIn);
    const large = await scenario(base, 'ma trận 100 × 600, không bộ nhớ đệm', paths.large, 1, signedIn);
    const rebuilt = await rebuilds(base, paths.large, signedIn);
    console.log('\nKhông bộ nhớ đệm (READ_CACHE_SECONDS=0)\n');
    for (const f of [catalogue, specific, ceiling, single, many, large]) console.log(f.name.padEnd(44), `${f.rps} req/s`.padStart(12), `p50 ${fmt(f.p50)} ms`.padStart(14), `p95 ${fmt(f.p95)} ms`.padStart(14), `p99 ${fmt(f.p99)} ms`.padStart(14), `lỗi ${f.errors}`.padStart(7));
    console.log(`Ma trận 100 × 600 dựng lại ${REBUILDS} lần, mỗi lần một yêu cầu: ${describeRebuilds(rebuilt)}.`);
    return {
      catalogueUncachedVsCeiling10: ceiling.rps ? (catalogue.rps / ceiling.rps) * 100 : 0,
      specificUncachedP95: specific.p95,
      matrixUncachedSingleP95: single.p95,
      matrixUncachedLoadP95: many.p95,
      matrixLargeUncachedSingleP95: large.p95,
      matrixLargeRebuildCpuMs: median(rebuilt.map((r) => r.cpuMs)),
      matrixLargeMaxBlockMs: longestBlock(rebuilt),
    };
  } finally {
    await stop();
  }
}

/**
 * The deadline mix on two instances of the application on the same database (PostgreSQL):
 * a second server started beside the first (`env`, another port) and warmed on the mix's
 * pages, the mix's connections shared between the two, then the second stopped.
 */
async function twoInstances(env: NodeJS.ProcessEnv, cookie: string, o: DeadlineOptions) {
  const second = { ...env, PORT: String(Number(env.PORT) + 2000) };
  const server = fork(join(__dirname, 'server.js'), [], { env: second, execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const base = `http://127.0.0.1:${second.PORT}`;
  const stop = stopper(server);
  try {
    await waitUntilUp(base);
    for (const path of ['/catalogue', '/initiatives', o.matrixPath]) await load(base, `${path} (làm nóng)`, path, { duration: 1, connections: 1, headers: { cookie } });
    return await deadlineMix([`http://127.0.0.1:${env.PORT}`, base], cookie, o);
  } finally {
    await stop();
  }
}

/** A deadline's figures against the 10-connection ceiling of the same run. */
function deadlineFigures(d: Awaited<ReturnType<typeof deadlineMix>>, ceiling10: Figures): DeadlineFigures {
  return {
    errors: d.all.errors,
    conflicts: d.conflicts,
    p50: d.all.p50,
    p99: d.all.p99,
    vsCeiling: ceiling10.rps ? (d.all.rps / ceiling10.rps) * 100 : 0,
    pageP95: d.pages.p95,
  };
}

interface DeadlineOptions {
  matrixPath: string;
  records: number[];
  initiativeIds: number[];
  seconds: number;
  /** The next broad search never asked before (freshBroadQueries). */
  fresh: () => string;
}

/** Shuffled copy (a fixed seed: runs are comparable). */
function shuffled<T>(list: T[]): T[] {
  const out = [...list];
  let s = 7;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** How many people post reports at the deadline, each in a browser (a session) of their own. */
const WRITERS = 4;

/**
 * A reporting deadline: 100 connections for `seconds`, signed in. Twenty open initiative
 * pages at random; seventy-six read the catalogue, searches never asked before and the
 * matrix; four post adoption reports on records no other writer touches (the district
 * reporting on behalf of the units). Each group is its own load, measured apart; `all`
 * is every request of the three together. With several servers (`bases`: instances of the
 * application on one database), each group's connections are shared among them, as a
 * proxy would share them, and each group's figures are those of all its connections.
 *
 * The readers share one session (`cookie`); each writer has its own, signed in here, as
 * four people reporting would. (Until 07/12/2026 the writers posted in the readers' session:
 * the message "report saved" that each report keeps in its session for the next page was then
 * shown, and so removed, by any of the 96 pages read meanwhile, each of which wrote the
 * session again: about 90 session writes a second in SQLite's one write queue, which every
 * page of that session waited for.)
 */
async function deadlineMix(bases: string[], cookie: string, o: DeadlineOptions) {
  const headers = { cookie };
  // Each writer's session and the token of its forms, the server of its first connection aside.
  const sessions: { cookie: string; csrf: string }[] = [];
  for (let k = 0; k < WRITERS; k++) {
    const base = bases[k % bases.length];
    const own = await signIn(base);
    sessions.push({ cookie: own, csrf: token((await http('GET', `${base}${o.matrixPath}`, { cookie: own })).text) });
  }
  let nextWriter = 0;
  const queue = shuffled(o.records);
  const pick = () => o.initiativeIds[Math.floor(Math.random() * o.initiativeIds.length)];
  const fresh = o.fresh;
  const form = (csrf: string, n: number) => new URLSearchParams({ _csrf: csrf, status: 'in_progress', explanation: `Đang triển khai, báo cáo lúc hạn chót ${n}` }).toString();
  let conflicts = 0;
  let written = 0;
  const several = bases.length > 1 ? `, ${bases.length} máy chủ` : '';
  // A group's connections shared among the servers; its figures those of all of them.
  const spread = async (name: string, connections: number, options: Omit<LoadOptions, 'connections'>) =>
    merged(
      name,
      await Promise.all(bases.map((base, k) => load(base, name, '/', { ...options, connections: Math.floor(connections / bases.length) + (k < connections % bases.length ? 1 : 0) }))),
    );
  const [pages, readers, writers] = await Promise.all([
    spread(`hạn báo cáo${several}: trang sáng kiến (20 kết nối)`, 20, { duration: o.seconds, headers, requests: [{ setupRequest: (req) => ({ ...req, path: `/initiatives/${pick()}` }) }] }),
    spread(`hạn báo cáo${several}: danh mục, tìm, ma trận (76)`, 76, {
      duration: o.seconds,
      headers,
      requests: [
        { method: 'GET', path: '/catalogue' },
        { setupRequest: (req) => ({ ...req, path: fresh() }) },
        { method: 'GET', path: '/initiatives' },
        { method: 'GET', path: o.matrixPath },
      ],
    }),
    spread(`hạn báo cáo${several}: ${WRITERS} người báo cáo`, WRITERS, {
      duration: o.seconds,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      requests: [
        {
          // A connection's context lasts as long as the connection: each keeps one writer's session.
          setupRequest: (req, context: { writer?: { cookie: string; csrf: string } }) => {
            const writer = (context.writer ??= sessions[nextWriter++ % sessions.length]);
            const id = queue.pop() ?? o.records[0];
            written++;
            return { ...req, method: 'POST', path: `/adoptions/${id}`, headers: { ...req.headers, cookie: writer.cookie }, body: form(writer.csrf, written) };
          },
          onResponse: (status) => {
            if (status === 409) conflicts++;
          },
        },
      ],
    }),
  ]);
  // Every request of the three groups, as one distribution (each group's figures apart too).
  return { pages, readers, writers, conflicts, all: merged('hạn báo cáo: cả ba nhóm', [pages, readers, writers]) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sang-kien-bench-'));
  const runs: Measured[] = [];
  try {
    // BENCH_SQLITE=off measures PostgreSQL alone.
    const targets = process.env.BENCH_SQLITE === 'off' ? [] : [await sqliteTarget(dir)];
    const pg = await postgresTarget('sk_bench');
    if (pg) targets.push(pg);
    for (const target of targets) {
      try {
        runs.push(await measure(target, dir));
      } finally {
        await target.cleanup();
      }
    }
    printGoals(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
