// Measuring tools of the benchmark: load with autocannon (percentiles that count the
// requests that timed out), waiting for the server to drain between scenarios, plain
// HTTP requests with the bytes as they crossed the wire, and a process's memory.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync, inflateSync } from 'node:zlib';
import autocannon from 'autocannon';

export interface Figures {
  name: string;
  /** Completed requests per second. */
  rps: number;
  /** Percentiles in ms over every request sent, a timed-out one counting as the timeout; null when none completed. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Answers of 400 and above, connection errors and timeouts (a redirect after a form is success). */
  errors: number;
  timeouts: number;
  requests: number;
  /** Every request's time in ms, sorted (a timed-out one as the timeout): to combine loads run together. */
  times: number[];
}

/**
 * Loads run at the same time, as one: one load's connections split among several servers, or
 * the groups of a mix. Rates and counts added, percentiles over every request.
 */
export function merged(name: string, parts: Figures[]): Figures {
  const times = parts.flatMap((f) => f.times).sort((a, b) => a - b);
  const timeouts = parts.reduce((n, f) => n + f.timeouts, 0);
  const completed = times.length > timeouts;
  return {
    name,
    rps: Math.round(parts.reduce((n, f) => n + f.rps, 0) * 10) / 10,
    p50: completed ? percentile(times, 50) : null,
    p95: completed ? percentile(times, 95) : null,
    p99: completed ? percentile(times, 99) : null,
    errors: parts.reduce((n, f) => n + f.errors, 0),
    timeouts,
    requests: times.length,
    times,
  };
}

const TIMEOUT_S = 10;

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
}

export interface LoadOptions {
  duration: number;
  connections: number;
  headers?: Record<string, string>;
  /** Requests cycled through by each connection (autocannon's `requests`), instead of one URL path. */
  requests?: autocannon.Request[];
}

/** Load for `duration` seconds, then wait until the server has answered everything it was sent. */
export async function load(base: string, name: string, path: string, options: LoadOptions): Promise<Figures> {
  const figures = await new Promise<Figures>((resolve, reject) => {
    const times: number[] = [];
    let refused = 0;
    const instance = autocannon(
      { url: `${base}${path}`, connections: options.connections, duration: options.duration, headers: options.headers ?? {}, timeout: TIMEOUT_S, requests: options.requests },
      (err, result) => {
        if (err) return reject(err);
        // A request that never came back took at least the timeout.
        for (let i = 0; i < result.timeouts; i++) times.push(TIMEOUT_S * 1000);
        times.sort((a, b) => a - b);
        const completed = times.length - result.timeouts;
        resolve({
          name,
          rps: Math.round((completed / options.duration) * 10) / 10,
          p50: completed ? percentile(times, 50) : null,
          p95: completed ? percentile(times, 95) : null,
          p99: completed ? percentile(times, 99) : null,
          errors: refused + result.errors,
          timeouts: result.timeouts,
          requests: times.length,
          times,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      if (status >= 400) refused++;
    });
  });
  await drain(base);
  return figures;
}

/** Waits until the server has no request in flight (at most two minutes). */
export async function drain(base: string): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < 120_000; ) {
    const res = await http('GET', `${base}/bench/inflight`, {}).catch(() => null);
    if (res && res.status === 200 && JSON.parse(res.text).inFlight === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Bytes as they crossed the wire (compressed, when the server compressed). */
  wireBytes: number;
  /** Bytes of the body once decompressed. */
  bodyBytes: number;
}

export function http(method: string, url: string, headers: Record<string, string>, body?: string | NodeJS.ReadableStream): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const plain = encoding === 'gzip' ? gunzipSync(wire) : encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'deflate' ? inflateSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: plain.toString('utf8'), wireBytes: wire.length, bodyBytes: plain.length });
      });
    });
    req.on('error', reject);
    if (typeof body === 'string' || body === undefined) req.end(body);
    else body.pipe(req);
  });
}

/** Resident memory of a process, from /proc (Linux), in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Samples a process's memory every 10 ms while `work` runs: the growth from before to the peak. */
export async function peakGrowth<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; before: number; peak: number; growth: number }> {
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
  try {
    const result = await work();
    peak = Math.max(peak, rssMb(pid));
    return { result, before, peak, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}
