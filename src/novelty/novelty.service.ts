import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RequestContext } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { canView, isPrivateDraft } from '../initiatives/initiative-access';
import { InitiativeStatus, STATUS_BADGES, STATUS_LABELS } from '../initiatives/initiative-status';
import { lineage, successorLabel } from '../replication/unit-lineage';
import { UnitsService } from '../units/units.service';
import { NoveltyRepository } from './novelty.repository';
import { isCurrent, NoveltyProfile, NoveltyText, NoveltyThresholds, NumberedNoveltyProfile, numberedNoveltyProfile, numberedNoveltyScore, noveltyProfile, reasonLabel, sharedWords, startNumbering, verdict } from './similarity';

/** One similar initiative, as the list shows it and as a snapshot keeps it. */
export interface SimilarItem {
  id: number;
  code: string | null;
  title: string;
  year: number;
  unit: string;
  /** "nay thuộc …" for a unit that has ended; '' otherwise. */
  successor: string;
  status: InitiativeStatus;
  score: number;
  likely: boolean;
  /** The shared words, as the earlier initiative writes them. */
  words: string[];
}

/** A list of similar initiatives, with the thresholds it was drawn with. */
export interface SimilarList {
  items: SimilarItem[];
  showAt: number;
  likelyAt: number;
}

/** A check kept at a submission. */
export interface NoveltyCheck extends SimilarList {
  id: number;
  checkedAt: Date;
  checkedByName: string;
}

/** At most this many similar initiatives are listed. */
export const MAX_LISTED = 10;
/** Distinct words of the draft looked up in the full-text index (its title's first). */
const MAX_WORDS_LOOKED = 16;
/** A word found in more initiatives than this narrows nothing: it is left out (unless all are). */
const WORD_CAP = 200;
/** Without a distinctive word: the newest initiatives holding each of the title's first two words, this many. */
const FALLBACK_NEWEST = 150;
/** Initiatives scored in code, those sharing the most phrases with the draft. */
const MAX_SCORED = 120;
/** Text of each field compared (the first characters). */
const MAX_CHARS = 2000;
/** Words whose initiatives are kept between checks (see wordIds), at most. */
const MAX_WORDS_KEPT = 5000;
const WORD_IDS_KEY = 'novelty.words';
/** Candidates' profiles kept between checks (see keptMap), at most: about 5 KB each. */
const MAX_PROFILES_KEPT = 3000;
const PROFILES_KEY = 'novelty.profiles';
const NEWEST_KEY = 'novelty.newest';

/** Adds `entries` to a kept map (NoveltyService.keptMap), emptied first when they would take it past `max`. */
function keep<K, V>(map: Map<K, V>, entries: [K, V][], max: number): void {
  if (map.size + entries.length > max) map.clear();
  for (const [k, v] of entries) map.set(k, v);
}

/**
 * The novelty check: earlier initiatives similar to a draft. Candidates come from
 * the full-text index (SQLite FTS5 or PostgreSQL tsvector, the same folded words): the
 * draft's distinctive words are looked up, and the initiatives sharing the most of them
 * (then the newest) are scored in code (similarity.ts), so both databases give the same
 * list. It respects who may see what (canView): another person's draft is never listed. It
 * never blocks anything: it only informs.
 */
@Injectable()
export class NoveltyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: NoveltyRepository,
    private readonly units: UnitsService,
    private readonly cache: ReadCache,
    private readonly config: AppConfig,
  ) {}

  thresholds(): NoveltyThresholds {
    return { showAt: this.config.get('noveltyShowAt'), likelyAt: this.config.get('noveltyLikelyAt') };
  }

  /**
   * The similar initiatives this person may see, best first, at most ten; `exceptId` (the
   * initiative being edited) is never listed. Kept briefly per person and text outside a
   * transaction (dropped by any change to initiatives, units or users: a unit scope may change).
   */
  async similar(ctx: RequestContext, text: NoveltyText, exceptId: number | null = null, options: { keptOnly?: boolean } = {}): Promise<SimilarList> {
    const t = this.thresholds();
    const draft = noveltyProfile(clip(text));
    if (draft.whole.words.length === 0) return { items: [], ...t };
    const load = () => this.compute(ctx, draft, exceptId, t, Boolean(options.keptOnly));
    if (this.uow.active) return load();
    const key = createHash('sha1')
      .update(JSON.stringify([ctx.user.id, exceptId, options.keptOnly ?? false, draft.title.words, draft.whole.words]))
      .digest('hex');
    return this.cache.get(`novelty:${key}`, load, ['initiatives', 'units', 'users']);
  }

  private async compute(ctx: RequestContext, draft: NoveltyProfile, exceptId: number | null, t: NoveltyThresholds, keptOnly: boolean): Promise<SimilarList> {
    const ids = await this.candidates(draft, exceptId);
    if (!ids.length) return { items: [], ...t };
    const user = ctx.viewer;
    const me = user?.id ?? -1;
    // Read together: under load each await of its own waits its turn again behind every
    // other request's work (the check is most of a draft's page).
    const [rows, linked, scope, kept] = await Promise.all([
      this.repo.candidates(ids),
      user ? this.repo.authoredBy(me, ids) : new Set<number>(),
      user ? user.scope() : new Set<number>(),
      this.keptMap<number, NumberedNoveltyProfile>(PROFILES_KEY),
    ]);
    // Compared as numbers (the same scores), each candidate's kept until an initiative changes;
    // numbered in one go (no await until the scores are made).
    startNumbering();
    const mine = numberedNoveltyProfile(draft);
    const profileOf = (id: number, text: NoveltyText) => {
      const known = kept?.get(id);
      if (known && isCurrent(known)) return known;
      const made = numberedNoveltyProfile(noveltyProfile(clip(text)));
      if (kept) keep(kept, [[id, made]], MAX_PROFILES_KEPT);
      return made;
    };
    const scored: (SimilarItem & { unitId: number })[] = [];
    for (const r of rows) {
      const facts = { id: Number(r.id), status: r.status, unitId: Number(r.unitId), createdById: Number(r.createdById), code: r.code, roundId: r.roundId === null ? null : Number(r.roundId), paperRecord: Boolean(r.paperRecord) };
      const own = facts.createdById === me || linked.has(facts.id);
      // Drafts: one's own only (another's draft is never listed, not even to its unit's focal point or the admin);
      // a list kept for the council holds no draft at all.
      if (isPrivateDraft(facts) && (!own || keptOnly)) continue;
      if (!user || !canView({ user, scope, linked: linked.has(facts.id) }, facts)) continue;
      const candidateText = { title: r.title, problem: r.problem ?? '', solution: r.solution ?? '' };
      const score = numberedNoveltyScore(mine, profileOf(facts.id, candidateText));
      const v = verdict(score, t);
      if (!v) continue;
      const clipped = clip(candidateText);
      scored.push({ id: facts.id, unitId: facts.unitId, code: r.code, title: r.title, year: Number(r.year), unit: '', successor: '', status: r.status, score, likely: v === 'likely', words: [`${r.title} ${clipped.problem} ${clipped.solution}`] });
    }
    scored.sort((a, b) => b.score - a.score || b.id - a.id);
    const listed = scored.slice(0, MAX_LISTED);
    // Names of the units listed and of those that took over from them ("nay thuộc …"), from the units kept by id.
    const [line, byId] = await Promise.all([this.lineage(), this.units.byId()]);
    const name = (id: number) => byId.get(id)?.name;
    const items = listed.map(({ unitId, words, ...x }) => ({ ...x, unit: name(unitId) ?? '', successor: successorLabel(unitId, line, name), words: sharedWords(draft, words[0]) }));
    return { items, ...t };
  }

  /**
   * The ids to score: the initiatives sharing the most of the draft's distinctive words (a
   * word of the title counts twice), then the newest. A word found in more than WORD_CAP
   * initiatives ("thu", "tuc", "hanh", "chinh") narrows nothing and is left out; when every
   * word is that common, the newest initiatives holding the title's first two words are
   * taken (FALLBACK_NEWEST of each). Counts and sets only: the same ids on both databases.
   */
  private async candidates(draft: NoveltyProfile, exceptId: number | null): Promise<number[]> {
    const titleWords = new Set(draft.title.words);
    const words = [...new Set([...draft.title.words, ...draft.whole.words].filter((w) => w.length > 1))].slice(0, MAX_WORDS_LOOKED);
    // Words found more than WORD_CAP times come back without ids.
    const found = await this.wordIds(words);
    const hits = new Map<number, number>();
    for (const [word, ids] of found) {
      const weight = titleWords.has(word) ? 2 : 1;
      for (const id of ids) hits.set(id, (hits.get(id) ?? 0) + weight);
    }
    if (hits.size === 0) {
      // Single words, not pairs: a pair of common words may itself be rare, and its frequency
      // is misjudged by PostgreSQL's planner (a newest-first walk of the whole table).
      const newest = await this.newestWith(words.slice(0, 2));
      for (const ids of newest) for (const id of ids) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    if (exceptId !== null) hits.delete(exceptId);
    return [...hits.entries()]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, MAX_SCORED)
      .map(([id]) => id);
  }

  /**
   * A map kept in the read cache until an initiative changes (off with READ_CACHE_SECONDS=0),
   * for what the check reads or makes again and again: each word's initiatives, the newest
   * initiatives of a fallback word, each candidate's profile (the same initiatives come up for
   * many drafts). Null inside a transaction: a submission reads what is true then.
   */
  private async keptMap<K, V>(key: string): Promise<Map<K, V> | null> {
    if (this.uow.active) return null;
    return this.cache.get(key, async () => new Map<K, V>(), ['initiatives']);
  }

  /**
   * Each word's initiatives (none for a word found more than WORD_CAP times), read once and
   * kept by word (keptMap): drafts share most of their words (a language has a few thousand
   * syllables), and looking a common word up costs the database a walk of its matches
   * (PostgreSQL, the bench's data: 10–25 ms for a draft's sixteen words).
   */
  private async wordIds(words: string[]): Promise<Map<string, number[]>> {
    const known = await this.keptMap<string, number[]>(WORD_IDS_KEY);
    // What is kept now is taken now: the map may be emptied while the rest is read.
    const out = new Map<string, number[]>();
    const missing: string[] = [];
    for (const w of words) {
      const kept = known?.get(w);
      if (kept) out.set(w, kept);
      else missing.push(w);
    }
    if (missing.length > 0) {
      // Read after the map was taken: a change committed meanwhile dropped that map, so what
      // is read here never outlives it.
      const found = await this.repo.wordIds(missing, WORD_CAP + 1);
      const read = missing.map((w): [string, number[]] => [w, found.get(w) ?? []]);
      for (const [w, ids] of read) out.set(w, ids);
      if (known) keep(known, read, MAX_WORDS_KEPT);
    }
    return new Map(words.map((w) => [w, out.get(w) ?? []]));
  }

  /** The newest FALLBACK_NEWEST initiatives holding each word, kept by word (keptMap). */
  private async newestWith(words: string[]): Promise<number[][]> {
    const known = await this.keptMap<string, number[]>(NEWEST_KEY);
    return Promise.all(
      words.map(async (w) => {
        const kept = known?.get(w);
        if (kept) return kept;
        const ids = await this.repo.phraseIds([w], FALLBACK_NEWEST, true);
        if (known) keep(known, [[w, ids]], MAX_WORDS_KEPT);
        return ids;
      }),
    );
  }

  private lineage() {
    return this.units.derived('lineage', (_units, edges) => lineage(edges));
  }

  // ---- snapshots ------------------------------------------------------------------

  /**
   * At a submission (inside its transaction): keeps the list its author sees now with the
   * initiative. Drafts are left out of the kept list (the council never sees anyone's draft).
   */
  async keepAtSubmission(ctx: RequestContext, initiative: { id: number } & NoveltyText): Promise<void> {
    // Within the submission's transaction (a unit of work inside another shares it).
    await this.uow.run(async () => {
      const list = await this.similar(ctx, initiative, initiative.id, { keptOnly: true });
      await this.repo.insertCheck({
        initiativeId: initiative.id,
        checkedAt: ctx.at,
        checkedById: ctx.actor.id,
        checkedByName: ctx.actor.name,
        showAt: list.showAt,
        likelyAt: list.likelyAt,
        items: JSON.stringify(list.items),
      });
    });
  }

  /** The checks kept with these initiatives, oldest first, by initiative. */
  async checksOf(initiativeIds: number[]): Promise<Map<number, NoveltyCheck[]>> {
    const out = new Map<number, NoveltyCheck[]>();
    if (!initiativeIds.length) return out;
    const rows = await this.repo.checksOf(initiativeIds);
    for (const r of rows) {
      const check: NoveltyCheck = {
        id: Number(r.id),
        checkedAt: r.checkedAt instanceof Date ? r.checkedAt : new Date(`${String(r.checkedAt).replace(' ', 'T')}Z`),
        checkedByName: r.checkedByName,
        showAt: Number(r.showAt),
        likelyAt: Number(r.likelyAt),
        items: parseItems(r.items),
      };
      const key = Number(r.initiativeId);
      out.set(key, [...(out.get(key) ?? []), check]);
    }
    return out;
  }
}

function clip(t: NoveltyText): { title: string; problem: string; solution: string } {
  return { title: (t.title ?? '').slice(0, 500), problem: (t.problem ?? '').slice(0, MAX_CHARS), solution: (t.solution ?? '').slice(0, MAX_CHARS) };
}

function parseItems(json: string): SimilarItem[] {
  try {
    const items = JSON.parse(json) as unknown;
    return Array.isArray(items) ? (items as SimilarItem[]) : [];
  } catch {
    return [];
  }
}

/** What a list of similar initiatives shows: code, year, unit ("nay thuộc …"), status, score, "có thể trùng", shared words. */
export function similarView(list: SimilarList) {
  return {
    items: list.items.map((x) => ({
      ...x,
      href: `/initiatives/${x.id}`,
      codeLabel: x.code ?? 'Bản nháp của bạn',
      statusLabel: STATUS_LABELS[x.status] ?? x.status,
      statusBadge: STATUS_BADGES[x.status] ?? 'text-bg-light',
      scoreLabel: formatScore(x.score),
      reason: reasonLabel(x.words),
    })),
    likelyCount: list.items.filter((x) => x.likely).length,
    count: list.items.length,
    showAtLabel: formatScore(list.showAt),
    likelyAtLabel: formatScore(list.likelyAt),
  };
}

/** 0,62 */
export function formatScore(n: number): string {
  return n.toFixed(2).replace('.', ',');
}
