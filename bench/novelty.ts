// The novelty check's bench: the similar list for a typical draft at
// 100,000 initiatives, measured on SQLite and then PostgreSQL (BENCH_POSTGRES, default
// postgres://root@127.0.0.1:5432/postgres; "off" to skip), each in a temporary database
// filled by the bench's own data builder (bench/seed.ts). The list is asked of the
// application's NoveltyService (the same call as GET /novelty/similar, without the HTTP and
// the template) with the read cache off (READ_CACHE_SECONDS=0): every draft is new, each
// request reads the full-text index and scores in code. Goal: p95 < 100 ms on both.
// Prints the figures, and adds its goal rows to BENCH_OUT when set; asserts nothing.
// `node dist/bench/novelty.js` after a build.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { RequestContext } from '../src/common/request-context';
import { viewerWithScope } from '../src/common/viewer';
import { NoveltyService } from '../src/novelty/novelty.service';
import { Role } from '../src/users/roles';
import { uncachedApp } from './app-context';
import { appendGoalRows, goalName } from './goals';
import { percentile } from './load';
import { seed } from './seed';
import { postgresTarget, sqliteTarget, Target } from './targets';

const SIZE = { units: Number(process.env.BENCH_UNITS ?? 5000), initiatives: Number(process.env.BENCH_INITIATIVES ?? 100_000), attachments: 0 };
const RUNS = Number(process.env.BENCH_NOVELTY_RUNS ?? 100);
const GOAL_P95_MS = 100;

// Typical drafts: a title of a dozen syllables and a few sentences of summary and solution,
// in the words communes use (and the seed's), each one never asked before.
const ACTIONS = ['Ứng dụng', 'Triển khai', 'Số hóa', 'Rút ngắn thời gian', 'Hỗ trợ người dân', 'Đổi mới cách'];
const OBJECTS = ['trả kết quả hồ sơ qua bưu chính công ích', 'thanh toán phí, lệ phí trực tuyến', 'tra cứu thủ tục hành chính bằng mã QR', 'đăng ký hộ tịch trực tuyến', 'chứng thực bản sao điện tử', 'khảo sát sự hài lòng của người dân'];
const PLACES = ['tại Bộ phận Một cửa xã', 'tại UBND phường', 'cho người cao tuổi ở thôn xa', 'tại thị trấn'];
const PROBLEMS = ['Người dân phải đi lại nhiều lần để bổ sung hồ sơ, mất thời gian và chi phí.', 'Tỷ lệ hồ sơ nộp trực tuyến còn thấp, người cao tuổi chưa quen dùng điện thoại thông minh.', 'Việc tra cứu sổ sách giấy mất nhiều thời gian.'];
const SOLUTIONS = ['Đoàn viên thanh niên hướng dẫn người dân từng bước trên điện thoại.', 'Niêm yết mã QR cho từng thủ tục và trả kết quả qua bưu điện.', 'Công chức nhập dữ liệu vào phần mềm dùng chung của tỉnh.'];

function drafts(n: number) {
  return Array.from({ length: n }, (_, k) => ({
    title: `${ACTIONS[k % ACTIONS.length]} ${OBJECTS[Math.floor(k / ACTIONS.length) % OBJECTS.length]} ${PLACES[k % PLACES.length]} số ${k + 1}`,
    problem: `${PROBLEMS[k % PROBLEMS.length]} ${PROBLEMS[(k + 1) % PROBLEMS.length]}`,
    solution: `${SOLUTIONS[k % SOLUTIONS.length]} ${SOLUTIONS[(k + 2) % SOLUTIONS.length]}`,
  }));
}

interface Result {
  database: string;
  p50: number | null;
  p95: number | null;
  max: number | null;
  listed: number;
}

async function measure(target: Target, dir: string): Promise<Result> {
  console.log(`\n=== ${target.database} ===`);
  const t0 = Date.now();
  const db = new DataSource(target.options);
  await db.initialize();
  await seed(db, SIZE, 'Bench@2026-pass');
  const [{ unitId }] = (await db.query('SELECT "unitId" FROM "initiatives" WHERE "id" = 2')) as { unitId: number }[];
  await db.destroy();
  console.log(`Sinh dữ liệu: ${SIZE.initiatives.toLocaleString('vi-VN')} sáng kiến, ${SIZE.units.toLocaleString('vi-VN')} đơn vị: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const app = await uncachedApp(target, dir);
  try {
    const novelty = app.get(NoveltyService);
    const person = (id: number, roles: Role[], unit: number) =>
      RequestContext.forViewer(viewerWithScope({ id, username: `u${id}`, fullName: `Người ${id}`, position: '', unitId: unit, unitName: '', roles, mustChangePassword: false }, [unit]), '127.0.0.1');
    // The admin (sees everything) and an author of one commune (the access rules filter), in turn.
    const people = [person(1, [Role.DistrictAdmin, Role.Author], 1), person(1, [Role.Author], Number(unitId))];
    const all = drafts(RUNS + 10);
    for (const d of all.slice(0, 10)) await novelty.similar(people[0], d); // warm-up: connections, statements, JIT
    const times: number[] = [];
    let listed = 0;
    for (let k = 0; k < RUNS; k++) {
      const start = performance.now();
      const list = await novelty.similar(people[k % 2], all[10 + k]);
      times.push(performance.now() - start);
      listed += list.items.length;
    }
    times.sort((a, b) => a - b);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const r = { database: target.database, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times[times.length - 1] ?? null), listed: Math.round(listed / RUNS) };
    console.log(`${RUNS} bản nháp khác nhau, không bộ nhớ đệm: p50 ${r.p50} ms, p95 ${r.p95} ms, lớn nhất ${r.max} ms; trung bình ${r.listed} sáng kiến tương tự mỗi danh sách`);
    return r;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sk-bench-novelty-'));
  try {
    results.push(await measure(await sqliteTarget(dir), dir));
    const pg = await postgresTarget('sk_bench_novelty');
    if (pg) {
      try {
        results.push(await measure(pg, mkdtempSync(join(tmpdir(), 'sk-bench-novelty-pg-'))));
      } finally {
        await pg.cleanup();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nMục tiêu: danh sách sáng kiến tương tự của một bản nháp, p95 < 100 ms\n');
  for (const r of results) console.log(`${r.p95 !== null && r.p95 < GOAL_P95_MS ? 'ĐẠT ' : 'CHƯA'}  ${r.database.padEnd(11)} p95 ${r.p95} ms (p50 ${r.p50}, lớn nhất ${r.max})`);
  appendGoalRows(
    results.map((r) => ({
      goal: goalName(`Kiểm tra tính mới, ${RUNS} bản nháp khác nhau: p95`, r.database, 'uncached'),
      value: r.p95,
      unit: 'ms',
      target: `< ${GOAL_P95_MS}`,
      met: r.p95 !== null && r.p95 < GOAL_P95_MS,
      cache: 'uncached',
    })),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
