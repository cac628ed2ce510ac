// The goals the benchmark holds the application to, each with its measured value and
// whether it is met ("đạt" / "chưa đạt"), printed as a table and, when BENCH_OUT names a
// file, written there as JSON: [{ goal, value, unit, target, met, cache }]. `cache` says how
// the figure was read: 'cached' with the read cache on (warm: the scenario's pages were read
// before), 'uncached' with what it reads not in memory (READ_CACHE_SECONDS=0, queries never
// asked before, or what a report changes dropped as a report drops it), null for what the
// cache has no part in (uploads, exports).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface Measured {
  database: string;
  broadSingleP95: number | null;
  broadFreshRps: number;
  broadRepeatP95: number | null;
  specificP95: number | null;
  catalogueVsCeiling1: number;
  catalogueVsCeiling10: number;
  matrixSingleP95: number | null;
  matrixLoadP95: number | null;
  matrixLargeSingleP95: number | null;
  /** On a server without the read cache (READ_CACHE_SECONDS=0): the anonymous catalogue against that server's ceiling, 10 connections, in %; "Đức Hạnh" at 10 connections. */
  catalogueUncachedVsCeiling10: number;
  specificUncachedP95: number | null;
  /** The matrices on a server without the read cache (READ_CACHE_SECONDS=0). */
  matrixUncachedSingleP95: number | null;
  matrixUncachedLoadP95: number | null;
  matrixLargeUncachedSingleP95: number | null;
  /**
   * One uncached request of the 100 × 600 matrix alone: the server's CPU time (median) and
   * the event loop's longest block (worst) by the server's own work (the main thread's time on
   * a CPU between two ticks of a 1 ms timer, Linux; elsewhere the timer's worst delay).
   */
  matrixLargeRebuildCpuMs: number | null;
  matrixLargeMaxBlockMs: number | null;
  /** The same on the cached server after what a report of a unit on the page shown changes was dropped (its figures and that page; the rest of the cache warm). */
  matrixLargeReportRebuildCpuMs: number | null;
  matrixLargeReportMaxBlockMs: number | null;
  matrixWireKb: number;
  mixedErrors: number;
  mixedP99: number | null;
  /** The reporting deadline (100 connections: 20 on initiative pages, 76 reading, 4 reporting). */
  deadline: DeadlineFigures;
  /** The same deadline on two instances of the application on one database (PostgreSQL; null elsewhere). */
  twoInstances: DeadlineFigures | null;
  uploadGrowthMb: number;
  exportRows: number;
  exportSeconds: number;
  exportGrowthMb: number;
  matrixExportSeconds: number;
}

/** A reporting deadline's figures. */
export interface DeadlineFigures {
  /** Errors of every group, 409s included. */
  errors: number;
  /** Reports answered 409 (every writer on records of its own). */
  conflicts: number;
  p50: number | null;
  p99: number | null;
  /** Throughput as a share of the 10-connection ceiling of the same run, in %. */
  vsCeiling: number;
  pageP95: number | null;
}

/** The list export's goals are about a list of at least this many rows; a smaller one (a smoke run) is not counted. */
export const EXPORT_MIN_ROWS = 10_000;
const atScale = (m: Measured, v: number) => (m.exportRows >= EXPORT_MIN_ROWS ? v : null);

export type CacheUse = 'cached' | 'uncached' | null;

interface Goal {
  goal: string;
  unit: string;
  target: string;
  cache: CacheUse;
  value: (m: Measured) => number | null;
  met: (v: number) => boolean;
  /** Whether the goal is about this run (two instances: PostgreSQL only); by default every run. */
  applies?: (m: Measured) => boolean;
}

const paired = (m: Measured) => m.twoInstances !== null;

export const GOALS: Goal[] = [
  { goal: 'Tìm rộng "dịch vụ công", 1 người dùng: p95', unit: 'ms', target: '< 100', cache: 'cached', value: (m) => m.broadSingleP95, met: (v) => v < 100 },
  { goal: 'Tìm rộng, 10 kết nối, truy vấn chưa gặp: thông lượng', unit: 'req/s', target: '≥ 60', cache: 'uncached', value: (m) => m.broadFreshRps, met: (v) => v >= 60 },
  { goal: 'Tìm rộng lặp lại, 10 kết nối: p95', unit: 'ms', target: '< 100', cache: 'cached', value: (m) => m.broadRepeatP95, met: (v) => v < 100 },
  { goal: 'Tìm "Đức Hạnh", 10 kết nối: p95', unit: 'ms', target: '< 250', cache: 'cached', value: (m) => m.specificP95, met: (v) => v < 250 },
  { goal: '/catalogue so với /bench/ceiling, 1 kết nối', unit: '%', target: '≥ 60', cache: 'cached', value: (m) => m.catalogueVsCeiling1, met: (v) => v >= 60 },
  { goal: '/catalogue so với /bench/ceiling, 10 kết nối', unit: '%', target: '≥ 60', cache: 'cached', value: (m) => m.catalogueVsCeiling10, met: (v) => v >= 60 },
  { goal: '/catalogue (khách) so với /bench/ceiling, 10 kết nối', unit: '%', target: '≥ 40', cache: 'uncached', value: (m) => m.catalogueUncachedVsCeiling10, met: (v) => v >= 40 },
  { goal: 'Tìm "Đức Hạnh", 10 kết nối: p95', unit: 'ms', target: '< 150', cache: 'uncached', value: (m) => m.specificUncachedP95, met: (v) => v < 150 },
  { goal: 'Ma trận 50 × 300, 1 người dùng: p95', unit: 'ms', target: '< 150', cache: 'cached', value: (m) => m.matrixSingleP95, met: (v) => v < 150 },
  { goal: 'Ma trận 50 × 300, 10 kết nối: p95', unit: 'ms', target: '< 500', cache: 'cached', value: (m) => m.matrixLoadP95, met: (v) => v < 500 },
  { goal: 'Ma trận 100 × 600, 1 người dùng: p95', unit: 'ms', target: '< 150', cache: 'cached', value: (m) => m.matrixLargeSingleP95, met: (v) => v < 150 },
  { goal: 'Ma trận 50 × 300, 1 người dùng: p95', unit: 'ms', target: '< 60', cache: 'uncached', value: (m) => m.matrixUncachedSingleP95, met: (v) => v < 60 },
  { goal: 'Ma trận 50 × 300, 10 kết nối: p95', unit: 'ms', target: '< 400', cache: 'uncached', value: (m) => m.matrixUncachedLoadP95, met: (v) => v < 400 },
  { goal: 'Ma trận 100 × 600 dựng lại, READ_CACHE_SECONDS=0: CPU (cả yêu cầu)', unit: 'ms', target: '< 150', cache: 'uncached', value: (m) => m.matrixLargeRebuildCpuMs, met: (v) => v < 150 },
  { goal: 'Ma trận 100 × 600 dựng lại, READ_CACHE_SECONDS=0: chặn lâu nhất', unit: 'ms', target: '≤ 50', cache: 'uncached', value: (m) => m.matrixLargeMaxBlockMs, met: (v) => v <= 50 },
  { goal: 'Ma trận 100 × 600 dựng lại sau một báo cáo (chỉ số liệu kế hoạch bị bỏ): CPU', unit: 'ms', target: '< 150', cache: 'uncached', value: (m) => m.matrixLargeReportRebuildCpuMs, met: (v) => v < 150 },
  { goal: 'Ma trận 100 × 600 dựng lại sau một báo cáo (chỉ số liệu kế hoạch bị bỏ): chặn lâu nhất', unit: 'ms', target: '≤ 50', cache: 'uncached', value: (m) => m.matrixLargeReportMaxBlockMs, met: (v) => v <= 50 },
  { goal: 'Trang ma trận truyền qua mạng', unit: 'KB', target: '< 300', cache: 'cached', value: (m) => m.matrixWireKb, met: (v) => v < 300 },
  { goal: '100 kết nối, 60 s, hỗn hợp: lỗi', unit: 'lỗi', target: '0', cache: 'cached', value: (m) => m.mixedErrors, met: (v) => v === 0 },
  { goal: '100 kết nối, 60 s, hỗn hợp: p99', unit: 'ms', target: '< 1500', cache: 'cached', value: (m) => m.mixedP99, met: (v) => v < 1500 },
  { goal: 'Hạn báo cáo, 100 kết nối: lỗi (kể cả 409)', unit: 'lỗi', target: '0', cache: 'cached', value: (m) => m.deadline.errors, met: (v) => v === 0 },
  { goal: 'Hạn báo cáo: báo cáo trả 409 (bản ghi khác nhau)', unit: 'lần', target: '0', cache: 'cached', value: (m) => m.deadline.conflicts, met: (v) => v === 0 },
  { goal: 'Hạn báo cáo: p50', unit: 'ms', target: '< 250', cache: 'cached', value: (m) => m.deadline.p50, met: (v) => v < 250 },
  { goal: 'Hạn báo cáo: p99', unit: 'ms', target: '< 1500', cache: 'cached', value: (m) => m.deadline.p99, met: (v) => v < 1500 },
  { goal: 'Hạn báo cáo: thông lượng so với trần 10 kết nối', unit: '%', target: '≥ 20', cache: 'cached', value: (m) => m.deadline.vsCeiling, met: (v) => v >= 20 },
  { goal: 'Hạn báo cáo: trang sáng kiến p95', unit: 'ms', target: '< 500', cache: 'cached', value: (m) => m.deadline.pageP95, met: (v) => v < 500 },
  { goal: 'Hạn báo cáo, hai máy chủ: lỗi (kể cả 409)', unit: 'lỗi', target: '0', cache: 'cached', value: (m) => m.twoInstances?.errors ?? null, met: (v) => v === 0, applies: paired },
  { goal: 'Hạn báo cáo, hai máy chủ: báo cáo trả 409', unit: 'lần', target: '0', cache: 'cached', value: (m) => m.twoInstances?.conflicts ?? null, met: (v) => v === 0, applies: paired },
  { goal: 'Hạn báo cáo, hai máy chủ: p50', unit: 'ms', target: '< 250', cache: 'cached', value: (m) => m.twoInstances?.p50 ?? null, met: (v) => v < 250, applies: paired },
  { goal: 'Hạn báo cáo, hai máy chủ: p99', unit: 'ms', target: '< 1500', cache: 'cached', value: (m) => m.twoInstances?.p99 ?? null, met: (v) => v < 1500, applies: paired },
  { goal: 'Hạn báo cáo, hai máy chủ: thông lượng so với trần 10 kết nối', unit: '%', target: '≥ 20', cache: 'cached', value: (m) => m.twoInstances?.vsCeiling ?? null, met: (v) => v >= 20, applies: paired },
  { goal: 'Hạn báo cáo, hai máy chủ: trang sáng kiến p95', unit: 'ms', target: '< 500', cache: 'cached', value: (m) => m.twoInstances?.pageP95 ?? null, met: (v) => v < 500, applies: paired },
  { goal: 'Tải lên 50 MB đầu tiên sau khi khởi động: RSS tăng', unit: 'MB', target: '< 30', cache: null, value: (m) => m.uploadGrowthMb, met: (v) => v < 30 },
  { goal: 'Xuất Excel danh sách (≥ 10.000 dòng): thời gian', unit: 's', target: '< 3', cache: null, value: (m) => atScale(m, m.exportSeconds), met: (v) => v < 3 },
  { goal: 'Xuất Excel danh sách (≥ 10.000 dòng): RSS tăng', unit: 'MB', target: '< 50', cache: null, value: (m) => atScale(m, m.exportGrowthMb), met: (v) => v < 50 },
  { goal: 'Xuất Excel ma trận 50 × 300: thời gian', unit: 's', target: '< 3', cache: null, value: (m) => m.matrixExportSeconds, met: (v) => v < 3 },
];

export interface GoalRow {
  goal: string;
  value: number | null;
  unit: string;
  target: string;
  met: boolean;
  cache: CacheUse;
}

const CACHE_LABELS: Record<Exclude<CacheUse, null>, string> = { cached: 'có bộ nhớ đệm', uncached: 'không bộ nhớ đệm' };

/**
 * One row per goal and database (null where the goal is not about that run: two instances
 * on SQLite); a value that could not be measured is not met.
 */
export function goalRows(runs: Measured[]): (GoalRow | null)[] {
  const rows: (GoalRow | null)[] = [];
  for (const g of GOALS) {
    for (const m of runs) {
      if (g.applies && !g.applies(m)) {
        rows.push(null);
        continue;
      }
      const raw = g.value(m);
      const value = raw === null || !Number.isFinite(raw) ? null : Math.round(raw * 10) / 10;
      rows.push({ goal: goalName(g.goal, m.database, g.cache), value, unit: g.unit, target: g.target, met: value !== null && g.met(value), cache: g.cache });
    }
  }
  return rows;
}

/**
 * Adds a later benchmark's goal rows (bench/novelty.ts, bench/scale.ts) to the table that
 * bench/run.ts wrote to BENCH_OUT; nothing without BENCH_OUT. The database and the cache
 * are named in each row's goal, as in goalRows.
 */
export function appendGoalRows(rows: GoalRow[]): void {
  const out = process.env.BENCH_OUT;
  if (!out) return;
  const earlier = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as GoalRow[]) : [];
  writeFileSync(out, JSON.stringify([...earlier, ...rows], null, 2));
  console.log(`\nĐã thêm vào ${out}.`);
}

/** A goal's name as goalRows writes it: with its database and, when it has one, the cache's use. */
export const goalName = (goal: string, database: string, cache: CacheUse) => `${goal} (${database}${cache ? `, ${CACHE_LABELS[cache]}` : ''})`;

const fmt = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN', { maximumFractionDigits: 1 }));

/** The goal table, one column pair (value, đạt) per database. */
export function printGoals(runs: Measured[]): (GoalRow | null)[] {
  const rows = goalRows(runs);
  console.log('\nMục tiêu\n');
  console.log(['mục tiêu'.padEnd(54), 'mục tiêu'.padStart(8), ...runs.map((m) => `${m.database.padStart(12)} ${''.padEnd(9)}`)].join(' '));
  for (const [i, g] of GOALS.entries()) {
    const cells = runs.map((_, j) => {
      const r = rows[i * runs.length + j];
      if (!r) return `${'—'.padStart(12)} ${'không áp dụng'.padEnd(9)}`;
      return `${`${fmt(r.value)} ${g.unit}`.padStart(12)} ${(r.met ? 'đạt' : 'chưa đạt').padEnd(9)}`;
    });
    console.log([`${g.goal}${g.cache === 'uncached' ? ' [không đệm]' : ''}`.padEnd(54), `${g.target}`.padStart(8), ...cells].join(' '));
  }
  const out = process.env.BENCH_OUT;
  if (out) {
    writeFileSync(out, JSON.stringify(rows.filter((r) => r !== null), null, 2));
    console.log(`\nĐã ghi bảng mục tiêu vào ${out}.`);
  }
  return rows;
}
