// Broad search at scale: never-seen broad searches of the public catalogue, one at a time,
// at 100,000 and at 300,000 initiatives (BENCH_SCALE_INITIATIVES; "off" skips this bench),
// on SQLite and then PostgreSQL (BENCH_POSTGRES, as bench/run.ts), each size in its own
// temporary database filled by the bench's data builder. Each search is asked of the
// application's InitiativesView.list (the catalogue page's model, without the template)
// with the read cache off (READ_CACHE_SECONDS=0). The figure is the CPU each search costs:
// this process's (the application, and SQLite's own threads) plus, on PostgreSQL, that of
// the database's backends serving it (read from /proc). Goal: at 300,000 initiatives at
// most 1.5 × the cost at 100,000. Prints the figures; asserts nothing. With BENCH_OUT (the
// goal table of bench/run.ts), adds its rows there (appendGoalRows).
import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { InitiativesView } from '../src/initiatives/initiatives.view';
import { uncachedApp } from './app-context';
import { appendGoalRows, goalName, GoalRow } from './goals';
import { percentile } from './load';
import { freshBroadSearches } from './queries';
import { seed } from './seed';
import { postgresTarget, sqliteTarget, Target } from './targets';

const LARGE = process.env.BENCH_SCALE_INITIATIVES ?? '300000';
const SIZES = [100_000, Number(LARGE)];
const UNITS = Number(process.env.BENCH_UNITS ?? 5000);
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 400);
const WARM = 40;
const GOAL_RATIO = 1.5;
/** Linux's clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const TICKS = 100;

interface Figure {
  initiatives: number;
  /** CPU per search, ms (application + database). */
  cpu: number;
  p50: number | null;
  p95: number | null;
}

/** CPU time (ms) used so far by the database's backends of `database`, or null when /proc cannot tell. */
async function backendsCpu(db: DataSource, database: string): Promise<number | null> {
  if (db.options.type !== 'postgres') return 0;
  const rows = (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, [database])) as { pid: number }[];
  let ticks = 0;
  for (const { pid } of rows) {
    const file = `/proc/${pid}/stat`;
    if (!existsSync(file)) return null;
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return (ticks * 1000) / TICKS;
}

async function measure(target: Target, initiatives: number, dir: string): Promise<Figure> {
  const t0 = Date.now();
  const db = new DataSource(target.options);
  await db.initialize();
  await seed(db, { units: UNITS, initiatives, attachments: 0 }, 'Bench@2026-pass');
  await db.destroy();
  console.log(`  ${initiatives.toLocaleString('vi-VN')} sáng kiến: sinh dữ liệu ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const app = await uncachedApp(target, dir);
  try {
    const view = app.get(InitiativesView);
    const dataSource = app.get(DataSource);
    const name = String((dataSource.options as { database?: string }).database ?? new URL(target.env.DATABASE_URL ?? 'x://x/').pathname.slice(1));
    const searches = freshBroadSearches().map((s) => Object.fromEntries(new URLSearchParams(s)));
    // Every fifth of the list: each word, year, field and order alike.
    const ask = (k: number) => view.list(searches[(k * 5) % searches.length], { public: true }, '/catalogue');
    for (let k = 0; k < WARM; k++) await ask(k); // connections, statements, JIT
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    const db0 = await backendsCpu(dataSource, name);
    for (let k = WARM; k < WARM + RUNS; k++) {
      const start = performance.now();
      await ask(k);
      times.push(performance.now() - start);
    }
    const used = process.cpuUsage(cpu0);
    const db1 = await backendsCpu(dataSource, name);
    times.sort((a, b) => a - b);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    // Without the backends' CPU (PostgreSQL on another machine), the time of each search, one at a time.
    const own = (used.user + used.system) / 1000;
    const total = db0 === null || db1 === null ? times.reduce((a, b) => a + b, 0) : own + (db1 - db0);
    const f = { initiatives, cpu: round(total / RUNS) as number, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
    console.log(`    ${RUNS} lượt tìm rộng chưa gặp, lần lượt: CPU ${f.cpu} ms mỗi lượt${db0 === null ? ' (thời gian: không đọc được CPU của PostgreSQL)' : ''}, p50 ${f.p50} ms, p95 ${f.p95} ms`);
    return f;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  if (LARGE === 'off') return;
  const results: { database: string; figures: Figure[] }[] = [];
  const targets: (() => Promise<Target | null>)[] = [];
  if (process.env.BENCH_SQLITE !== 'off') targets.push(async () => sqliteTarget(mkdtempSync(join(tmpdir(), 'sk-bench-scale-'))));
  targets.push(() => postgresTarget('sk_bench_scale'));
  for (const make of targets) {
    const figures: Figure[] = [];
    let database = '';
    for (const size of SIZES) {
      const target = await make();
      if (!target) break;
      database = target.database;
      if (figures.length === 0) console.log(`\n=== Tìm rộng theo cỡ danh mục: ${database} ===`);
      const dir = target.env.DATA_DIR ? join(target.env.DATA_DIR, '..') : mkdtempSync(join(tmpdir(), 'sk-bench-scale-pg-'));
      try {
        figures.push(await measure(target, size, dir));
      } finally {
        await target.cleanup();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (figures.length === SIZES.length) results.push({ database, figures });
  }
  const label = `Tìm rộng chưa gặp, lần lượt: CPU mỗi lượt ở ${SIZES[1].toLocaleString('vi-VN')} so với ${SIZES[0].toLocaleString('vi-VN')} sáng kiến`;
  console.log(`\nMục tiêu: ${label} ≤ ${GOAL_RATIO} lần\n`);
  const rows: GoalRow[] = results.map(({ database, figures: [small, large] }) => {
    const ratio = Math.round((large.cpu / small.cpu) * 100) / 100;
    console.log(`${ratio <= GOAL_RATIO ? 'ĐẠT ' : 'CHƯA'}  ${database.padEnd(11)} ${ratio} lần (${small.cpu} → ${large.cpu} ms)`);
    return { goal: goalName(label, database, 'uncached'), value: ratio, unit: 'lần', target: `≤ ${GOAL_RATIO}`, met: ratio <= GOAL_RATIO, cache: 'uncached' };
  });
  appendGoalRows(rows);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
