// Where units that ended (merged or split away) went, and the two ways a programme's rates
// are read: with the units as they were when the programme ran, or rolled up into the units
// of today. Pure functions of the succession edges, tested on their own.

export interface SuccessionEdge {
  predecessorId: number;
  successorId: number;
  kind: 'merge' | 'split';
}

/** Which units a programme's rates count. */
export enum RateMode {
  /** "theo đơn vị lúc báo cáo": every target unit as it was when the programme ran. */
  Then = 'then',
  /** "theo đơn vị hiện nay": units merged since counted under their current successor. */
  Now = 'now',
}

export const RATE_MODES = Object.values(RateMode);

export const RATE_MODE_LABELS: Record<RateMode, string> = {
  [RateMode.Then]: 'theo đơn vị lúc báo cáo',
  [RateMode.Now]: 'theo đơn vị hiện nay',
};

/** The roll-up rule, in the words the page and the exports use. */
export const ROLL_UP_RULE =
  'Theo đơn vị hiện nay: mọi báo cáo đến hôm nay, kể cả báo cáo muộn; các đơn vị đã sáp nhập được gộp vào đơn vị kế thừa hiện nay (qua mọi lần sáp nhập); với mỗi sáng kiến, đơn vị kế thừa được tính một lần và được tính là đã áp dụng nếu ít nhất một đơn vị hợp thành nó (hoặc chính nó) đã áp dụng. Đơn vị đã chia tách vẫn được tính riêng như lúc báo cáo, vì không có một đơn vị kế thừa duy nhất.';

export const THEN_RULE =
  'Theo đơn vị lúc báo cáo: tình trạng của từng bản ghi tại hạn báo cáo (báo cáo gửi sau hạn — báo cáo muộn — không được tính), mỗi đơn vị được giao áp dụng được tính riêng như khi kế hoạch triển khai, kể cả đơn vị đã sáp nhập hoặc chia tách sau đó. Số liệu của báo cáo đã gửi không đổi về sau.';

/**
 * The mode shown when none is asked for: a closed programme (its report deadline passed) is
 * read as it was reported; a running one in today's units (those are who still report).
 */
export function defaultRateMode(programme: { reportDeadline: string | null }, today: string): RateMode {
  return programme.reportDeadline && programme.reportDeadline < today ? RateMode.Then : RateMode.Now;
}

/** The mode asked for in the query, or the default. */
export function rateModeOf(asked: string | undefined, programme: { reportDeadline: string | null }, today: string): RateMode {
  return asked && (RATE_MODES as string[]).includes(asked) ? (asked as RateMode) : defaultRateMode(programme, today);
}

export interface Lineage {
  /**
   * The unit a unit's records count under in today's units: the end of its chain of
   * mergers (a unit merged twice counts under the last successor), or itself.
   */
  rollUp(unitId: number): number;
  /** The units of today that took over from an ended unit (following mergers and splits); empty for a unit that did not end. */
  current(unitId: number): number[];
  /** The units merged into another (those `rollUp` may move), once each. */
  readonly merged: readonly number[];
}

/** Chains longer than this are treated as a loop in bad data (and cut). */
const MAX_DEPTH = 20;

export function lineage(edges: readonly SuccessionEdge[]): Lineage {
  const merged = new Map<number, number>();
  const next = new Map<number, number[]>();
  for (const e of edges) {
    if (e.kind === 'merge') merged.set(e.predecessorId, e.successorId);
    next.set(e.predecessorId, [...(next.get(e.predecessorId) ?? []), e.successorId]);
  }
  const rollUp = (unitId: number) => {
    let current = unitId;
    for (let i = 0; i < MAX_DEPTH && merged.has(current); i++) current = merged.get(current) as number;
    return current;
  };
  const cache = new Map<number, number[]>();
  const current = (unitId: number): number[] => {
    if (!next.has(unitId)) return [];
    const known = cache.get(unitId);
    if (known) return known;
    const found: number[] = [];
    const seen = new Set<number>([unitId]);
    const walk = (id: number, depth: number) => {
      for (const s of next.get(id) ?? []) {
        if (seen.has(s)) continue;
        seen.add(s);
        if (next.has(s) && depth < MAX_DEPTH) walk(s, depth + 1);
        else found.push(s);
      }
    };
    walk(unitId, 0);
    cache.set(unitId, found);
    return found;
  };
  return { rollUp, current, merged: [...merged.keys()] };
}

/** "nay thuộc Xã Phú Mỹ Thuận" (or several names after a split); '' for a unit that did not end. */
export function successorLabel(unitId: number, line: Lineage, nameOf: (unitId: number) => string | undefined): string {
  const names = line
    .current(unitId)
    .map((id) => nameOf(id))
    .filter((n): n is string => Boolean(n));
  return names.length ? `nay thuộc ${names.join(', ')}` : '';
}
