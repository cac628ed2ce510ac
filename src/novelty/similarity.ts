import { fold } from '../common/text';

// The novelty check's similarity: pure functions, the same on SQLite and PostgreSQL (the
// databases only find candidates; every score is computed here). Vietnamese text is folded
// first (no marks, đ→d, lower case: "Bưu chính" and "buu chinh" are the same words), then
// compared on syllable bigrams ("buu chinh", "chinh cong") and character trigrams of each
// syllable (as pg_trgm: "  b", " bu", "buu", "uu "), each by Jaccard's index.

/** The syllables of a text, folded (as the full-text index holds them). */
export function syllables(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Pairs of neighbouring syllables ("buu chinh"): Vietnamese words are mostly two syllables. */
export function syllableBigrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

/** Character trigrams of each syllable, padded as pg_trgm pads them (two spaces before, one after). */
export function trigrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of new Set(words)) for (const t of syllableTrigrams(w)) out.add(t);
  return out;
}

/**
 * A syllable's trigrams, each worked out once: Vietnamese writes with a few thousand
 * syllables, and every novelty check profiles a hundred texts made of them. Bounded: past
 * MAX_SYLLABLES remembered (text that is not Vietnamese), it starts again.
 */
const SYLLABLE_TRIGRAMS = new Map<string, string[]>();
const MAX_SYLLABLES = 50_000;

function syllableTrigrams(w: string): string[] {
  let out = SYLLABLE_TRIGRAMS.get(w);
  if (out) return out;
  const padded = `  ${w} `;
  out = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  if (SYLLABLE_TRIGRAMS.size >= MAX_SYLLABLES) SYLLABLE_TRIGRAMS.clear();
  SYLLABLE_TRIGRAMS.set(w, out);
  return out;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A text prepared once for comparing: its syllables, bigrams and trigrams. */
export interface Profile {
  words: string[];
  bigrams: Set<string>;
  trigrams: Set<string>;
}

/** Longer texts are compared on their first words: enough to judge, and bounded in cost. */
export const MAX_WORDS = 400;

export function profile(text: string): Profile {
  return profileOf(syllables(text));
}

function profileOf(all: string[]): Profile {
  const words = all.slice(0, MAX_WORDS);
  return { words, bigrams: syllableBigrams(words), trigrams: trigrams(words) };
}

/**
 * How alike two texts are, 0–1: the mean of the Jaccard indexes of their syllable bigrams
 * and of their trigrams; with a single syllable on either side (no bigram), the trigrams'
 * alone.
 */
export function similarity(a: Profile, b: Profile): number {
  const tri = jaccard(a.trigrams, b.trigrams);
  if (a.bigrams.size === 0 || b.bigrams.size === 0) return tri;
  return (jaccard(a.bigrams, b.bigrams) + tri) / 2;
}

/** What is compared of an initiative: its title, and its title with the summary (thực trạng) and the solution. */
export interface NoveltyText {
  title: string;
  problem?: string | null;
  solution?: string | null;
}

export interface NoveltyProfile {
  title: Profile;
  whole: Profile;
}

export function noveltyProfile(t: NoveltyText): NoveltyProfile {
  // The whole is the title's syllables then the others' (the title folded once).
  const title = syllables(t.title ?? '');
  const rest = syllables([t.problem, t.solution].filter(Boolean).join(' '));
  return { title: profileOf(title), whole: profileOf(title.length < MAX_WORDS ? title.concat(rest) : title) };
}

/**
 * The score of a candidate against a draft: the better of title against title and whole
 * against whole (a draft with only its title typed is still compared fairly with a full
 * initiative), rounded to three decimals so that every comparison is of the same numbers.
 */
export function noveltyScore(draft: NoveltyProfile, candidate: NoveltyProfile): number {
  const best = Math.max(similarity(draft.title, candidate.title), similarity(draft.whole, candidate.whole));
  return Math.round(best * 1000) / 1000;
}

// ---- the same comparison on numbers --------------------------------------------------

/**
 * Every syllable and trigram seen, numbered: a profile of numbers compares as its profile of
 * strings does (the same sets, so the same Jaccard indexes and scores) at a fraction of the
 * cost, and is small enough to keep (see NoveltyService). Bounded: past MAX_TOKENS the numbers
 * start again under a new generation (only between checks, see startNumbering), and a kept
 * profile of an older generation is made anew.
 */
const TOKENS = new Map<string, number>();
const MAX_TOKENS = 200_000;
let generation = 0;

/**
 * Before a check numbers its texts (in one go, with no await between): the numbers start
 * again if there are more than MAX_TOKENS, never midway through a check, whose profiles are
 * then all of one generation.
 */
export function startNumbering(): void {
  if (TOKENS.size <= MAX_TOKENS) return;
  TOKENS.clear();
  generation++;
}

function token(s: string): number {
  let id = TOKENS.get(s);
  if (id === undefined) {
    id = TOKENS.size;
    TOKENS.set(s, id);
  }
  return id;
}

/** A Profile as numbers: its bigrams and trigrams, each a number, sorted, each once. */
export interface NumberedProfile {
  bigrams: Float64Array;
  trigrams: Uint32Array;
}

export interface NumberedNoveltyProfile {
  generation: number;
  title: NumberedProfile;
  whole: NumberedProfile;
}

function sortedOnce<T extends Float64Array | Uint32Array>(values: T): T {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i];
  return values.subarray(0, n) as T;
}

function numbered(p: Profile): NumberedProfile {
  const ids = p.words.map(token);
  // A bigram: its two syllables' numbers (below 2^26 each) in one exact number.
  const bigrams = new Float64Array(Math.max(0, ids.length - 1));
  for (let i = 0; i + 1 < ids.length; i++) bigrams[i] = ids[i] * 67_108_864 + ids[i + 1];
  const trigrams = new Uint32Array(p.trigrams.size);
  let k = 0;
  for (const t of p.trigrams) trigrams[k++] = token(t);
  return { bigrams: sortedOnce(bigrams), trigrams: sortedOnce(trigrams) };
}

export function numberedNoveltyProfile(p: NoveltyProfile): NumberedNoveltyProfile {
  return { generation, title: numbered(p.title), whole: numbered(p.whole) };
}

/** Whether the numbers of a profile are those of the current generation (see MAX_TOKENS). */
export function isCurrent(p: NumberedNoveltyProfile): boolean {
  return p.generation === generation;
}

/** jaccard on sorted arrays of numbers, each once. */
function jaccardSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 && b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

function numberedSimilarity(a: NumberedProfile, b: NumberedProfile): number {
  const tri = jaccardSorted(a.trigrams, b.trigrams);
  if (a.bigrams.length === 0 || b.bigrams.length === 0) return tri;
  return (jaccardSorted(a.bigrams, b.bigrams) + tri) / 2;
}

/** noveltyScore on numbered profiles of the same generation: the same score. */
export function numberedNoveltyScore(draft: NumberedNoveltyProfile, candidate: NumberedNoveltyProfile): number {
  if (draft.generation !== candidate.generation) throw new Error('novelty profiles of different generations');
  const best = Math.max(numberedSimilarity(draft.title, candidate.title), numberedSimilarity(draft.whole, candidate.whole));
  return Math.round(best * 1000) / 1000;
}

/** The thresholds (settings NOVELTY_SHOW_AT, NOVELTY_LIKELY_AT). */
export interface NoveltyThresholds {
  showAt: number;
  likelyAt: number;
}

export const DEFAULT_THRESHOLDS: NoveltyThresholds = { showAt: 0.25, likelyAt: 0.5 };

/** Shown in the list at or above showAt; "có thể trùng" at or above likelyAt. */
export function verdict(score: number, t: NoveltyThresholds): 'likely' | 'similar' | null {
  if (score >= t.likelyAt) return 'likely';
  if (score >= t.showAt) return 'similar';
  return null;
}

/**
 * The short reason: the runs of words both share, as the candidate writes them (with its
 * marks), longest first, at most `max` ("trả kết quả thủ tục hành chính"); without a shared
 * pair of syllables, the single syllables both use (two letters or more).
 */
export function sharedWords(draft: NoveltyProfile, candidateText: string, max = 3): string[] {
  // The candidate's own syllables, with their marks, in order.
  const original = candidateText.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const folded = original.map((w) => fold(w));
  const draftBigrams = new Set([...draft.whole.bigrams, ...draft.title.bigrams]);
  const draftWords = new Set([...draft.whole.words, ...draft.title.words]);
  const runs: { key: string; text: string; length: number; at: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i + 1 < folded.length; ) {
    let j = i;
    while (j + 1 < folded.length && draftBigrams.has(`${folded[j]} ${folded[j + 1]}`)) j++;
    if (j > i) {
      const key = folded.slice(i, j + 1).join(' ');
      if (!seen.has(key)) {
        seen.add(key);
        runs.push({ key, text: original.slice(i, j + 1).join(' ').toLowerCase(), length: j - i + 1, at: i });
      }
      i = j;
    } else i++;
  }
  if (runs.length > 0) {
    // A run inside one already named ("thủ tục" after "thủ tục hành chính") adds nothing.
    const chosen: typeof runs = [];
    for (const r of runs.sort((a, b) => b.length - a.length || a.at - b.at)) {
      if (chosen.length < max && !chosen.some((c) => ` ${c.key} `.includes(` ${r.key} `))) chosen.push(r);
    }
    return chosen.map((r) => r.text);
  }
  const out: string[] = [];
  for (let i = 0; i < folded.length && out.length < max; i++) {
    if (folded[i].length > 1 && draftWords.has(folded[i]) && !seen.has(folded[i])) {
      seen.add(folded[i]);
      out.push(original[i].toLowerCase());
    }
  }
  return out;
}

/** "Cùng từ: “bưu chính công ích”, “một cửa”" (or '' when nothing is shared word for word). */
export function reasonLabel(words: readonly string[]): string {
  return words.length ? `Cùng từ: ${words.map((w) => `“${w}”`).join(', ')}` : 'Giống về cách viết';
}
