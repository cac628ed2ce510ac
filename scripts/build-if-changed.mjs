// Compiles the application (src/, bench/) into dist/ only when something it is built from
// changed since the last build: a source file, a folder's list of files (a file removed),
// the compiler's settings or the installed packages. `npm start`, `npm run demo` and the
// database commands call it first; `npm run build` always compiles.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');
const stamp = join(root, 'dist', '.build-stamp');

/** The newest modification time among a folder's TypeScript files and its folders. */
function newest(dir) {
  let latest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const inputs = Math.max(
  newest(join(root, 'src')),
  newest(join(root, 'bench')),
  ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs),
);
if (existsSync(stamp) && statSync(stamp).mtimeMs >= inputs) process.exit(0);

process.stdout.write('Biên dịch mã nguồn vào dist/ (chưa dựng lần nào, hoặc mã đã đổi từ lần dựng trước)…\n');
const started = Date.now();
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// Stamped with the time the build started: a file saved during the build is built next time.
writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
utimesSync(stamp, new Date(started), new Date(started));
