import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every GET route of the application that serves a file (its path ends in .xlsx, .csv or
 * .docx), read from the controllers' source: `@Controller('prefix')` joined to each
 * `@Get('….xlsx')`. The sweeps over exports compare their own explicit lists with it, so a
 * new export route cannot be left out of them.
 */
export function downloadRoutes(root = join(__dirname, '..', 'src')): string[] {
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.controller.ts')) {
        const source = readFileSync(path, 'utf8');
        const prefix = /@Controller\(\s*'([^']*)'\s*\)/.exec(source)?.[1] ?? '';
        for (const m of source.matchAll(/@Get\(\s*'([^']+\.(?:xlsx|csv|docx))'\s*\)/g)) {
          routes.push(`/${[prefix, m[1]].filter(Boolean).join('/')}`);
        }
      }
    }
  };
  walk(root);
  return routes.sort();
}
