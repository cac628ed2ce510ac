import { execFileSync } from 'node:child_process';

/** Whether the machine has the sqlite3 shell (Debian's sqlite3; these machines have it). */
export const hasSqliteShell = (() => {
  try {
    execFileSync('sqlite3', ['-version']);
    return true;
  } catch {
    return false;
  }
})();

/** SQL run by the sqlite3 shell, a process of its own (as an operator or a monitoring job would). */
export function sqliteShell(file: string, sql: string): string {
  return execFileSync('sqlite3', [file], { input: sql, encoding: 'utf8' }).trim();
}
