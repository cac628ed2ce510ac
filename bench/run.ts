// `npm run bench`: 100,000 initiatives, 5,000 units and 200,000 attachment rows in a
// temporary database; then the catalogue search under load (autocannon), the ceiling
// (same page, no database work), and the server's memory while a 50 MB file uploads.
// Prints figures; asserts nothing.
import { ChildProcess, fork } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { seed, seedProgramme } from './seed';

const SIZE = { units: Number(process.env.BENCH_UNITS ?? 5000), initiatives: Number(process.env.BENCH_INITIATIVES ?? 100_000), attachments: Number(process.env.BENCH_ATTACHMENTS ?? 200_000) };
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const PASSWORD = 'Bench@2026-pass';

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
}

/** Load for DURATION seconds; percentiles from every response time (autocannon has no p95). */
function load(name: string, url: string, duration = DURATION, connections = CONNECTIONS, headers: Record<string, string> = {}): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon({ url, connections, duration, headers }, (err, result) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({ name, rps: Math.round(result.requests.average), p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), errors: result.non2xx + result.errors });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** Resident memory of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function http(method: string, url: string, headers: Record<string, string>, body?: string | NodeJS.ReadableStream): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (typeof body === 'string' || body === undefined) req.end(body);
    else body.pipe(req);
  });
}

const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

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
  return cookie;
}

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
  const { PassThrough } = await import('node:stream');
  const body = new PassThrough();
  body.write(head);
  createReadStream(file).on('end', () => body.end(tail)).pipe(body, { end: false });

  const before = rssMb(server.pid as number);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(server.pid as number))), 10);
  const res = await http(
    'POST',
    `${base}/initiatives/${draftId}/attachments`,
    { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(Buffer.byteLength(head) + size + Buffer.byteLength(tail)) },
    body,
  );
  clearInterval(timer);
  return { status: res.status, before, peak, growth: peak - before };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sang-kien-bench-'));
  const env = { ...process.env, DATA_DIR: join(dir, 'data'), UPLOAD_DIR: join(dir, 'uploads'), DATABASE_FILE: 'bench.sqlite', NODE_ENV: 'production', PORT: String(31000 + Math.floor(Math.random() * 1000)), MAX_FILE_MB: '60', MAX_INITIATIVE_MB: '500' };
  console.log(`Sinh dữ liệu: ${SIZE.initiatives.toLocaleString('vi-VN')} sáng kiến, ${SIZE.units.toLocaleString('vi-VN')} đơn vị, ${SIZE.attachments.toLocaleString('vi-VN')} tệp đính kèm…`);
  let t0 = Date.now();
  const db = new DataSource(dataSourceOptions(env.DATA_DIR, env.DATABASE_FILE));
  await db.initialize();
  const { draftId } = await seed(db, SIZE, PASSWORD);
  const programmeId = await seedProgramme(db, { initiatives: 50, units: 300 });
  await db.destroy();
  console.log(`  xong trong ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const server = fork(join(__dirname, 'server.js'), [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const base = `http://127.0.0.1:${env.PORT}`;
  for (t0 = Date.now(); Date.now() - t0 < 60_000; ) {
    const ok = await http('GET', `${base}/healthz`, {}).then((r) => r.status === 200).catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 300));
  }

  const scenarios: [string, string][] = [
    ['tìm "dịch vụ công" (có dấu)', `/catalogue?q=${encodeURIComponent('dịch vụ công')}`],
    ['tìm "dich vu cong" (không dấu)', '/catalogue?q=dich+vu+cong'],
    ['tìm "ma QR" + lọc năm, lĩnh vực', '/catalogue?q=ma+QR&year=2023&field=2'],
    ['tìm "Đức Hạnh" (tên tác giả)', `/catalogue?q=${encodeURIComponent('Đức Hạnh')}`],
    ['lọc theo năm, không tìm', '/catalogue?year=2024&sort=newest'],
    ['trang 20 của danh mục', '/catalogue?page=20'],
    ['trần: cùng trang, không truy vấn', '/bench/ceiling'],
  ];
  // Latency with one visitor at a time, then throughput with CONNECTIONS at once.
  const single: Figures[] = [];
  const results: Figures[] = [];
  for (const [name, path] of scenarios) {
    await load(`${name} (làm nóng)`, `${base}${path}`, 2).catch(() => null);
    single.push(await load(name, `${base}${path}`, Math.max(3, Math.round(DURATION / 2)), 1));
    results.push(await load(name, `${base}${path}`));
  }
  // The adoption matrix (50 initiatives × 300 units, 15,000 reports) and its Excel export.
  const cookie = await signIn(base);
  const matrixUrl = `${base}/programmes/${programmeId}?view=initiatives`;
  await load('ma trận (làm nóng)', matrixUrl, 2, 1, { cookie });
  const matrixSingle = await load('ma trận 50 × 300 (1 kết nối)', matrixUrl, Math.max(3, Math.round(DURATION / 2)), 1, { cookie });
  const matrixLoad = await load(`ma trận 50 × 300 (${CONNECTIONS} kết nối)`, matrixUrl, DURATION, CONNECTIONS, { cookie });
  const exportTimes: number[] = [];
  const rssBefore = rssMb(server.pid as number);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(server.pid as number))), 20);
  for (let i = 0; i < 3; i++) {
    const t1 = Date.now();
    const res = await http('GET', `${base}/programmes/${programmeId}/export.xlsx`, { cookie });
    if (res.status !== 200) throw new Error(`export.xlsx: ${res.status}`);
    exportTimes.push(Date.now() - t1);
  }
  clearInterval(sampler);

  const upload = await uploadMemory(base, server, draftId, dir);
  server.kill();

  const table = (title: string, rows: Figures[]) => {
    const ceiling = rows[rows.length - 1];
    console.log(`\n${title}\n`);
    console.log('kịch bản'.padEnd(40), 'req/s'.padStart(7), 'p50 ms'.padStart(7), 'p95 ms'.padStart(7), 'p99 ms'.padStart(7), 'lỗi'.padStart(5), '% trần'.padStart(7));
    for (const f of rows) {
      console.log(f.name.padEnd(40), String(f.rps).padStart(7), String(f.p50).padStart(7), String(f.p95).padStart(7), String(f.p99).padStart(7), String(f.errors).padStart(5), `${Math.round((f.rps / ceiling.rps) * 100)}%`.padStart(7));
    }
  };
  console.log(`\n${SIZE.initiatives.toLocaleString('vi-VN')} sáng kiến, NODE_ENV=production, SQLite, autocannon.`);
  table('Một người dùng tại một thời điểm (1 kết nối): độ trễ', single);
  table(`${CONNECTIONS} kết nối đồng thời: thông lượng`, results);
  table('Ma trận nhân rộng (50 sáng kiến × 300 đơn vị, 15.000 báo cáo)', [matrixSingle, matrixLoad, results[results.length - 1]]);
  console.log(`\nXuất Excel ma trận: ${exportTimes.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ')} (mục tiêu < 3 s); bộ nhớ máy chủ ${rssBefore.toFixed(1)} → đỉnh ${rssPeak.toFixed(1)} MB.`);
  console.log(`p95 ma trận: ${matrixSingle.p95} ms với 1 kết nối, ${matrixLoad.p95} ms với ${CONNECTIONS} kết nối (mục tiêu < 300 ms).`);
  console.log(`\nTải lên tệp 50 MB: HTTP ${upload.status}; bộ nhớ thường trú của máy chủ ${upload.before.toFixed(1)} MB → đỉnh ${upload.peak.toFixed(1)} MB (tăng ${upload.growth.toFixed(1)} MB; mục tiêu < 30 MB).`);
  const worst = (rows: Figures[]) => Math.max(...rows.slice(0, -1).map((f) => f.p95));
  console.log(`p95 tìm kiếm lớn nhất: ${worst(single)} ms với 1 kết nối, ${worst(results)} ms với ${CONNECTIONS} kết nối (mục tiêu < 100 ms ở 100.000 sáng kiến).`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
