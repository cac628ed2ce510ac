// The rules of scoring and deciding, as pure functions (Thông tư 18/2013/TT-BKHCN, Điều 8:
// a council decides with at least two thirds of its members in favour, unless the round's
// vote rule follows another regulation; a refusal states its reasons).
import { DEFAULT_VOTE_RULE, VOTE_RULE_SHORT, VoteRule, votesNeeded } from '../rounds/vote-rule';
import { formatMean, formatScore } from '../common/numbers';

export interface CriterionRule {
  id: number;
  name: string;
  maxPoints: number;
  /** Multiplies the points in the total; 1 when absent. */
  weight: number | null;
}

export interface Band {
  min: number;
  max: number;
  label: string;
}

/** "27-30: hoàn toàn mới; 21-26: cải tiến tốt" → bands; null when a part cannot be read. */
export function parseBands(text: string): Band[] | null {
  const parts = text.split(/[;\n]/).map((p) => p.trim()).filter(Boolean);
  const bands: Band[] = [];
  for (const part of parts) {
    const m = /^(\d+(?:[.,]\d+)?)\s*(?:-|–|đến)\s*(\d+(?:[.,]\d+)?)\s*[:=]\s*(.+)$/.exec(part) ?? /^(\d+(?:[.,]\d+)?)\s*[:=]\s*(.+)$/.exec(part);
    if (!m) return null;
    const min = Number(m[1].replace(',', '.'));
    const max = m.length === 4 ? Number(m[2].replace(',', '.')) : min;
    const label = (m.length === 4 ? m[3] : m[2]).trim();
    if (min > max || !label) return null;
    bands.push({ min, max, label });
  }
  return bands.sort((a, b) => b.min - a.min);
}

/** A band's bound with the decimal comma and no grouping, so parseBands reads it back (12,5). */
const bound = (n: number) => String(n).replace('.', ',');

export function formatBands(bands: Band[] | null | undefined): string {
  return (bands ?? []).map((b) => (b.min === b.max ? `${bound(b.min)}: ${b.label}` : `${bound(b.min)}-${bound(b.max)}: ${b.label}`)).join('; ');
}

export function bandLabel(bands: Band[] | null | undefined, points: number): string | null {
  return (bands ?? []).find((b) => points >= b.min && points <= b.max)?.label ?? null;
}

/**
 * Points typed for each criterion: whole or half points from 0 to the maximum. With
 * `complete`, every criterion needs points (submitting); a draft may leave some empty.
 * Each message names its criterion, so the summary above the sheet reads on its own.
 */
export function pointsErrors(criteria: CriterionRule[], points: Record<number, number | null>, complete: boolean): Record<number, string> {
  const errors: Record<number, string> = {};
  for (const c of criteria) {
    const p = points[c.id];
    if (p === null || p === undefined) {
      if (complete) errors[c.id] = `Vui lòng cho điểm tiêu chí "${c.name}".`;
      continue;
    }
    if (!Number.isFinite(p)) errors[c.id] = `${c.name}: điểm phải là một số (ví dụ 8 hoặc 8,5).`;
    else if (p < 0 || p > c.maxPoints) errors[c.id] = `${c.name}: điểm phải từ 0 đến ${String(c.maxPoints).replace('.', ',')}.`;
    else if (Math.round(p * 2) !== p * 2) errors[c.id] = `${c.name}: chỉ cho điểm nguyên hoặc nửa điểm (ví dụ 25 hoặc 25,5).`;
  }
  return errors;
}

/** Weighted total of a sheet. */
export function sheetTotal(criteria: CriterionRule[], points: Record<number, number | null>): number {
  return criteria.reduce((sum, c) => sum + (points[c.id] ?? 0) * (c.weight ?? 1), 0);
}

export interface Sheet {
  memberId: number;
  points: Record<number, number | null>;
  /** A member in conflict of interest: never counted. */
  conflict: boolean;
}

export interface Statistics {
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Population standard deviation of the totals. */
  spread: number | null;
  criterionMeans: Record<number, number | null>;
  thresholdMet: boolean;
  /** Members disagree strongly (spread above the limit). */
  disagreement: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Statistics of the submitted sheets of one initiative, leaving out conflicts. */
export function aggregate(criteria: CriterionRule[], sheets: Sheet[], threshold: number, disagreementSpread = 15): Statistics {
  const counted = sheets.filter((s) => !s.conflict);
  const totals = counted.map((s) => sheetTotal(criteria, s.points));
  const criterionMeans: Record<number, number | null> = {};
  for (const c of criteria) {
    const values = counted.map((s) => s.points[c.id]).filter((v): v is number => typeof v === 'number');
    criterionMeans[c.id] = values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null;
  }
  if (totals.length === 0) return { count: 0, mean: null, min: null, max: null, spread: null, criterionMeans, thresholdMet: false, disagreement: false };
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const spread = Math.sqrt(totals.reduce((a, t) => a + (t - mean) ** 2, 0) / totals.length);
  return {
    count: totals.length,
    mean: round2(mean),
    min: round2(Math.min(...totals)),
    max: round2(Math.max(...totals)),
    spread: round2(spread),
    criterionMeans,
    thresholdMet: mean >= threshold,
    disagreement: spread > disagreementSpread,
  };
}

export interface DecisionInput {
  outcome: 'recognized' | 'not_recognized';
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  councilSize: number;
  meanTotal: number | null;
  threshold: number;
  reasons: string;
  /** The round's vote rule (vote-rule.ts); today's two thirds when not given. */
  voteRule?: VoteRule;
}

/**
 * Why a decision cannot be recorded, as messages per field; empty when it can. Recognition
 * needs the round's share of all the council's members voting for (2/3 unless its rule says
 * otherwise) and the round's score rule met.
 */
export function decisionErrors(d: DecisionInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const votes = d.votesFor + d.votesAgainst + d.votesAbstain;
  for (const [k, v] of Object.entries({ votesFor: d.votesFor, votesAgainst: d.votesAgainst, votesAbstain: d.votesAbstain })) {
    if (!Number.isInteger(v) || v < 0) errors[k] = 'Số phiếu phải là số nguyên không âm.';
  }
  if (Object.keys(errors).length) return errors;
  if (votes > d.councilSize) errors.votesFor = `Tổng số phiếu (${votes}) vượt quá số thành viên hội đồng (${d.councilSize}).`;
  const rule = d.voteRule ?? DEFAULT_VOTE_RULE;
  const needed = votesNeeded(d.councilSize, rule);
  if (d.outcome === 'recognized') {
    if (d.votesFor < needed) {
      errors.outcome = `Chưa đủ điều kiện công nhận: cần ít nhất ${needed} trên ${d.councilSize} thành viên hội đồng (${VOTE_RULE_SHORT[rule]}) đồng ý, hiện có ${d.votesFor}.`;
    } else if (d.meanTotal === null) {
      errors.outcome = 'Chưa có phiếu chấm hợp lệ nào nên chưa thể công nhận.';
    } else if (d.meanTotal < d.threshold) {
      errors.outcome = `Chưa đủ điều kiện công nhận: điểm trung bình ${formatMean(d.meanTotal)} thấp hơn ngưỡng ${formatScore(d.threshold)} của đợt xét.`;
    }
  } else if (!d.reasons.trim()) {
    errors.reasons = 'Quyết định không công nhận phải nêu rõ lý do.';
  }
  return errors;
}
