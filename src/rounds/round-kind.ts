// The two kinds of round a council holds: recognising initiatives (Nghị định 13/2012,
// Thông tư 18/2013), and recognising a recognised initiative's effect and scope of influence
// from its adoption (Luật Thi đua, khen thưởng 2022). Pure; tested beside.
import { formatRate } from '../common/numbers';
import { Criterion } from './criterion.entity';

export type RoundKind = 'recognition' | 'effect';

export const ROUND_KINDS: readonly RoundKind[] = ['recognition', 'effect'];

export const ROUND_KIND_LABELS: Record<RoundKind, string> = {
  recognition: 'Xét công nhận sáng kiến',
  effect: 'Xét công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến',
};

export function isRoundKind(v: unknown): v is RoundKind {
  return typeof v === 'string' && (ROUND_KINDS as readonly string[]).includes(v);
}

/** A stored kind, or a round of recognition for a value this version does not know. */
export function roundKindOf(v: unknown): RoundKind {
  return isRoundKind(v) ? v : 'recognition';
}

/** The sheet seeded into a new round of effect and scope (total 100); the secretary may change it as any round's. */
export const EFFECT_CRITERIA: Omit<Criterion, 'id' | 'roundId' | 'createdAt' | 'updatedAt'>[] = [
  { position: 0, name: 'Hiệu quả áp dụng', description: 'Kết quả đo được tại các đơn vị đã áp dụng: chỉ số trước và sau, thời gian, chi phí tiết kiệm được.', maxPoints: 40, weight: null, bands: null },
  { position: 1, name: 'Phạm vi ảnh hưởng', description: 'Số đơn vị, số xã, phường, đặc khu đã áp dụng; cấp của các đơn vị áp dụng.', maxPoints: 30, weight: null, bands: null },
  { position: 2, name: 'Khả năng nhân rộng', description: 'Điều kiện để các đơn vị còn lại áp dụng; lý do các đơn vị chưa áp dụng.', maxPoints: 30, weight: null, bands: null },
];

/** Whether initiatives are submitted and attached to the round (a round of recognition); a round of effect takes recognised ones as its items. */
export function takesInitiatives(round: { kind?: string | null }): boolean {
  return roundKindOf(round.kind) === 'recognition';
}

/** The refusal of attaching an initiative to a round of effect and scope. */
export const EFFECT_ROUND_REFUSAL = 'Đợt xét hiệu quả áp dụng, phạm vi ảnh hưởng không nhận hồ sơ sáng kiến mới: sáng kiến đã được công nhận được thêm vào đợt trên trang đợt xét.';

/**
 * When the adoption evidence suggests cấp tỉnh: adopted by at least `units` units of the
 * province, or by at least `communeShare` per cent of its communes in force. Toàn quốc is never
 * suggested: the council recognises it by hand, on evidence from outside the province.
 */
export interface ScopeRule {
  units: number;
  communeShare: number;
}

/** Until a round states its own rule (the province's regulation). */
export const DEFAULT_SCOPE_RULE: ScopeRule = { units: 10, communeShare: 20 };

/** The rule a round states (a round of before: the default). */
export function scopeRuleOf(round: { scopeUnits?: number | null; scopeCommuneShare?: number | null }): ScopeRule {
  return { units: round.scopeUnits ?? DEFAULT_SCOPE_RULE.units, communeShare: round.scopeCommuneShare ?? DEFAULT_SCOPE_RULE.communeShare };
}

/** "cấp tỉnh khi ≥ 10 đơn vị hoặc ≥ 20% số xã, phường, đặc khu áp dụng": as the round page and the proposal state it. */
export function scopeRuleText(round: { scopeUnits?: number | null; scopeCommuneShare?: number | null }): string {
  const rule = scopeRuleOf(round);
  return `cấp tỉnh khi ≥ ${rule.units} đơn vị hoặc ≥ ${formatRate(rule.communeShare)} số xã, phường, đặc khu áp dụng`;
}
