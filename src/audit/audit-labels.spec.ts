import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AUDIT_ACTION_LABELS } from './audit.service';

const SRC = join(__dirname, '..');

/** Every action code the source passes to the audit (`action: 'x.y'`), with where it is written. */
function actionCodes(): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const lines = readFileSync(path, 'utf8').split('\n');
        lines.forEach((line, i) => {
          for (const m of line.matchAll(/\baction:\s*['"`]([a-z_]+\.[a-z_.]+)['"`]/g)) {
            codes.set(m[1], [...(codes.get(m[1]) ?? []), `${relative(SRC, path)}:${i + 1}`]);
          }
        });
      }
    }
  };
  walk(SRC);
  return codes;
}

describe('audit action labels', () => {
  it('finds the actions the features record (the scan reads the source)', () => {
    expect([...actionCodes().keys()]).toEqual(expect.arrayContaining(['auth.login', 'unit.create', 'initiative.submit', 'adoption.report']));
  });

  it('labels in Vietnamese every action recorded anywhere in the source', () => {
    const missing = [...actionCodes()].filter(([code]) => !Object.hasOwn(AUDIT_ACTION_LABELS, code)).map(([code, where]) => `${code} (${where.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('gives each label as words, not the code again', () => {
    for (const [code, label] of Object.entries(AUDIT_ACTION_LABELS)) {
      expect({ code, label: label.trim() !== '' && label !== code && !/^[a-z_.]+$/.test(label) }).toEqual({ code, label: true });
    }
  });
});
