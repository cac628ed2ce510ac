import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The application in a process of its own, so that a test can kill it as a crash would. */
export interface ChildApp {
  url: string;
  process: ChildProcess;
  /** What the process printed so far (for a failing test's message). */
  output(): string;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `src/main.ts` with `env` added to this process's environment and waits until
 * `/healthz` answers 200 (or the process ends, which fails with its output).
 */
export async function startChildApp(env: Record<string, string>, timeoutMs = 110_000): Promise<ChildApp> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'helpers', 'ts-register.cjs'), join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const app: ChildApp = {
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await ended;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the application ended before it answered:\n${output}`);
    const status = await fetch(`${app.url}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) return app;
    if (Date.now() > deadline) {
      await app.stop('SIGKILL');
      throw new Error(`the application did not answer /healthz with 200 in time (last ${status}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
