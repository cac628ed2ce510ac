import { ChildProcess, spawn } from 'node:child_process';
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

/** The port the application says it listens on, once it has said it. */
const LISTENING = /đang chạy tại http:\/\/localhost:(\d+)/;

/**
 * Starts `src/main.ts` with `env` added to this process's environment, on a port the system
 * chooses (PORT=0: no other server can take it between choosing and listening, as a port
 * found free beforehand could be), and waits until the application says which port it
 * listens on and `/healthz` answers 200 there (or the process ends, which fails with its
 * output).
 */
export async function startChildApp(env: Record<string, string>, timeoutMs = 110_000): Promise<ChildApp> {
  const port = env.PORT ?? '0';
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'helpers', 'ts-register.cjs'), join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const app: ChildApp = {
    url: '',
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
    const listening = LISTENING.exec(output);
    if (listening) app.url = `http://127.0.0.1:${listening[1]}`;
    const status = app.url ? await fetch(`${app.url}/healthz`).then((r) => r.status, () => 0) : 0;
    if (status === 200) return app;
    if (Date.now() > deadline) {
      await app.stop('SIGKILL');
      throw new Error(`the application did not answer /healthz with 200 in time (last ${status}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
