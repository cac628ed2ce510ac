import TestAgent from 'supertest/lib/agent';
import { LEVEL_LABELS, RecognitionLevel } from '../src/initiatives/initiative-status';
import { PAST_UNIT_KINDS, UNIT_KIND_LABELS } from '../src/units/unit-kinds';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

/**
 * Since 01/07/2025 local government has two tiers (province, commune): the application
 * speaks of its own authority or of "đơn vị", and says "huyện" only for history. The demo
 * keeps huyện Vĩnh Linh's units and records as history, so history is taken out of each
 * page before looking, by one explicit rule:
 *  - the names of units (all of them: they are data), also without their "UBND " prefix,
 *    capitalised as a line of a document's heading starts, and in capitals ("huyện Vĩnh
 *    Linh", "Huyện Vĩnh Linh", "UBND HUYỆN VĨNH LINH");
 *  - the labels of the kinds of unit of before 01/07/2025 ("Huyện (trước 01/07/2025)"),
 *    which units of that era keep;
 *  - the recognition level "Cấp huyện", which records of that era keep;
 *  - record content: any text value stored in a record (initiatives, rounds, programmes,
 *    users' positions, and the strings inside a record kept as JSON such as what a
 *    decision's documents print …) that contains "huyện", as people typed or imported it;
 *    not what the application writes itself (audit summaries, notifications), which is
 *    wording.
 * What is left is the application's own words, and holds no "huyện".
 */

const HUYEN = /huyện/i;

/** Tables whose text the application writes itself: checked, never taken as record content. */
const OWN_WORDS = new Set(['audit_events', 'notifications', 'sessions', 'migrations', 'typeorm_metadata']);

/** A page's text as read: entities decoded, scripts and styles left out, attributes kept. */
function readable(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ');
}

/** The strings inside a value kept as JSON (an object or a list), at any depth; none for other values. */
function jsonStrings(value: unknown): string[] {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(parsed);
  return out;
}

/** The history the rule above takes out, longest first. */
async function historyOf(t: TestApp): Promise<string[]> {
  const found = new Set<string>([LEVEL_LABELS[RecognitionLevel.District], ...PAST_UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k])]);
  const units = (await t.db.query('SELECT name FROM units')) as { name: string }[];
  for (const { name } of units) {
    for (const n of [name, name.replace(/^UBND\s+/i, '')]) {
      found.add(n);
      found.add(n.charAt(0).toLocaleUpperCase('vi') + n.slice(1));
      found.add(n.toLocaleUpperCase('vi'));
    }
  }
  for (const meta of t.db.entityMetadatas) {
    if (OWN_WORDS.has(meta.tableName)) continue;
    const columns = meta.columns.filter((c) => c.type === 'text' || c.type === 'varchar' || c.type === String);
    if (!columns.length) continue;
    const rows = (await t.db.query(`SELECT ${columns.map((c) => `"${c.databaseName}"`).join(', ')} FROM "${meta.tableName}"`)) as Record<string, unknown>[];
    for (const row of rows) {
      for (const v of Object.values(row)) {
        for (const text of [v, ...jsonStrings(v)]) {
          if (typeof text !== 'string' || !HUYEN.test(text)) continue;
          found.add(text);
          // A long text is shown paragraph by paragraph, or line by line.
          for (const part of text.split(/\r?\n/)) if (HUYEN.test(part)) found.add(part.trim());
        }
      }
    }
  }
  return [...found].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** What is left of a page once history is taken out: the places where it still says "huyện". */
function wordingHits(html: string, history: string[]): string[] {
  let text = readable(html);
  for (const h of history) text = text.split(h).join(' ');
  const hits: string[] = [];
  const re = /huyện/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) hits.push(text.slice(Math.max(0, m.index - 60), m.index + 40).replace(/\s+/g, ' '));
  return hits;
}

/** Links a page offers to other pages (not files, not signing out). */
function linksOf(html: string): string[] {
  const hrefs = [...html.matchAll(/<a [^>]*href="(\/[^"#]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  return hrefs.filter((h) => !/^\/(assets|vendor|logout)\b/.test(h) && !/\.(xlsx|csv|docx|pdf|zip)(\?|$)/.test(h) && !/\/(attachments|files|download|evidence)\b/.test(h) && !/\/export\b/.test(h));
}

/** Links to CSV files a page offers (exports, templates), one per separator. */
function csvLinksOf(html: string): string[] {
  return [...html.matchAll(/<a [^>]*href="(\/[^"#]*\.csv)"/g)].map((m) => m[1]);
}

/** The main menu's links (the bar and its dropdowns). */
function menuLinks(html: string): string[] {
  const nav = /<nav class="navbar[^>]*aria-label="Điều hướng chính">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return linksOf(nav);
}

/** One page per route shape ("/initiatives/7" and "/initiatives/8" are one), at most a few. */
const shape = (path: string) => path.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id');

/** Every page an agent reaches from its start pages and its home page's menu, in four steps of links. */
async function pagesOf(agent: TestAgent, start: string[]): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const seenShapes = new Map<string, number>();
  const get = async (path: string): Promise<string | null> => {
    if (pages.has(path)) return pages.get(path) ?? null;
    const s = shape(path);
    if ((seenShapes.get(s) ?? 0) >= 2 && !start.includes(path)) return null;
    seenShapes.set(s, (seenShapes.get(s) ?? 0) + 1);
    const res = await agent.get(path);
    if (res.status !== 200 || !/text\/html/.test(String(res.headers['content-type']))) return null;
    pages.set(path, res.text);
    return res.text;
  };
  const home = await get(start[0]);
  // The menu's pages, the pages they link to, and those these link to (a programme's
  // records, a record's page …): four steps from home reach every kind of page.
  let next = [...new Set([...start, ...menuLinks(home ?? '')])];
  for (let step = 0; step < 4; step++) {
    const opened: string[] = [];
    for (const path of next) if ((await get(path)) !== null) opened.push(path);
    next = [...new Set(opened.flatMap((path) => linksOf(pages.get(path) ?? '')))].filter((p) => !pages.has(p));
  }
  return pages;
}

describe('words of a two-tier install: "huyện" only in history', () => {
  let t: TestApp;
  let history: string[];
  const reached = new Map<string, Map<string, string>>();

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    history = await historyOf(t);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('takes out only history: a unit name, the old level, record content; never the wording around them', () => {
    const page = '<p>Đơn vị tổ chức báo cáo thay: UBND huyện Vĩnh Linh</p><td>Cấp huyện</td><p>Liên hệ quản trị hệ thống của huyện</p>';
    expect(wordingHits(page, history)).toEqual([expect.stringContaining('quản trị hệ thống của huyện')]);
    expect(wordingHits('<strong>UBND HUYỆN VĨNH LINH</strong> · huyện Vĩnh Linh', history)).toEqual([]);
  });

  const people = ['admin', 'thuky', 'hoidong1', 'tacgia', 'daumoi.vinhhoa', 'quantri.vinhhoang', 'thuky.vinhhoang', 'hoidong.vinhhoang1', 'hoidong.vinhhoang2', 'hoidong.vinhhoang3'];
  it.each(people)('every page %s reaches speaks of the unit, not of a district', async (username) => {
    const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
    // A record the programme's organiser reported for its unit is among them, wherever the crawl goes.
    const [onBehalf] = (await t.db.query('SELECT "adoptionId" AS id FROM adoption_reports WHERE "onBehalf" = ? ORDER BY id LIMIT 1', [true])) as { id: number }[];
    const pages = await pagesOf(agent, ['/', '/initiatives', '/programmes', '/rounds', '/catalogue', `/adoptions/${onBehalf.id}`]);
    reached.set(username, pages);
    expect(pages.size).toBeGreaterThan(5);
    const found = [...pages].flatMap(([path, html]) => wordingHits(html, history).map((hit) => `${path}: ${hit}`));
    expect(found).toEqual([]);
    if (username === 'admin') {
      expect(pages.get(`/adoptions/${onBehalf.id}`)).toMatch(/<span class="badge text-bg-info">Đơn vị tổ chức báo cáo thay: UBND huyện Vĩnh Linh<\/span>/);
      expect([...pages.keys()].filter((p) => p.startsWith('/adoptions/')).length).toBeGreaterThan(1);
    }
  });

  it('names the columns of every CSV file the admin reaches without "huyện" (the rows are records)', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const pages = reached.get('admin') ?? (await pagesOf(admin, ['/', '/initiatives', '/programmes', '/catalogue']));
    const files = [...new Map([...pages.values()].flatMap(csvLinksOf).map((href) => [shape(href), href])).values()];
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/^\/programmes\/\d+\/export\.csv$/)]));
    const headers: string[] = [];
    for (const href of files) {
      const res = await admin.get(href).buffer(true).parse((r, done) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (body += chunk));
        r.on('end', () => done(null, body));
      });
      expect(res.status).toBe(200);
      headers.push(`${href}: ${(res.body as string).replace(/^\uFEFF/, '').split(/\r?\n/)[0]}`);
    }
    expect(headers.filter((h) => HUYEN.test(h))).toEqual([]);
    expect(headers).toEqual(expect.arrayContaining([expect.stringMatching(/export\.csv: .*,Báo cáo muộn,Đơn vị tổ chức báo cáo thay$/)]));
  });

  it('the public catalogue and the sign-in page too', async () => {
    const pages = await pagesOf(t.agent(), ['/catalogue', '/login']);
    expect([...pages.keys()]).toEqual(expect.arrayContaining(['/catalogue', '/login']));
    expect(pages.size).toBeGreaterThan(3);
    const found = [...pages].flatMap(([path, html]) => wordingHits(html, history).map((hit) => `${path}: ${hit}`));
    expect(found).toEqual([]);
    expect(pages.get('/login')).toContain('Quên mật khẩu? Liên hệ quản trị hệ thống để được đặt lại.');
  });
});
