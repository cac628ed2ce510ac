// The evidence of an initiative's effect and scope of influence gathered from every
// programme that replicated it, and the scope it suggests: pure functions (tested beside).
import { formatRate } from '../common/numbers';
import { RecognitionLevel } from '../initiatives/initiative-status';
import { UNIT_KIND_LABELS, UnitKind } from '../units/unit-kinds';
import { AdoptionStatus, NotAdoptedReason, REASON_LABELS } from './adoption-rules';
import { UnitIndicator } from './programme.entity';
import { DEFAULT_SCOPE_RULE, ScopeRule, scopeRuleText } from '../rounds/round-kind';

/** The kinds of unit counted as the province's communes (xã, phường, đặc khu). */
export const COMMUNE_KINDS: readonly string[] = [UnitKind.Commune, UnitKind.Ward, UnitKind.SpecialZone];

/** One unit's record of one programme, as the evidence reads it. */
export interface EvidenceRecord {
  /** The unit of today the record counts under (a merged commune's successor). */
  unitId: number;
  unitName: string;
  unitKind: string;
  /** The unit as it reported, with its successor ("UBND xã Vĩnh Thái (nay thuộc UBND xã Vĩnh Hoàng)"). */
  reportedAs: string;
  programme: string;
  status: AdoptionStatus;
  adoptedDate: string | null;
  reason: NotAdoptedReason | null;
  explanation: string;
  indicators: UnitIndicator[] | null;
}

// The rule of the proposed scope is a round's (round-kind.ts); re-exported for the readers of the evidence.
export { DEFAULT_SCOPE_RULE } from '../rounds/round-kind';
export type { ScopeRule } from '../rounds/round-kind';

export interface AdoptionEvidence {
  /** Units of today that adopted it, each once, with its first date. */
  adopted: { unitId: number; unit: string; kind: string; date: string | null; programmes: string[]; reportedAs: string[] }[];
  byKind: { kind: string; count: number }[];
  declined: { unit: string; reason: string; explanation: string }[];
  inProgress: number;
  /** Per indicator (by name and unit of measure): the units that reported both values, and their totals before and after. */
  indicators: { name: string; unitOfMeasure: string; units: number; before: number; after: number }[];
  communesAdopted: number;
  communesInForce: number;
  proposal: { level: RecognitionLevel | null; reason: string };
}

export function adoptionEvidence(records: EvidenceRecord[], communesInForce: number, rule: ScopeRule = DEFAULT_SCOPE_RULE): AdoptionEvidence {
  const adopted = new Map<number, AdoptionEvidence['adopted'][number]>();
  const declined: AdoptionEvidence['declined'] = [];
  const declinedIds: number[] = [];
  const indicators = new Map<string, AdoptionEvidence['indicators'][number]>();
  let inProgress = 0;
  for (const r of records) {
    if (r.status === AdoptionStatus.Adopted) {
      const known = adopted.get(r.unitId);
      const entry = known ?? { unitId: r.unitId, unit: r.unitName, kind: UNIT_KIND_LABELS[r.unitKind as UnitKind] ?? r.unitKind, date: r.adoptedDate, programmes: [], reportedAs: [] };
      if (!known) adopted.set(r.unitId, entry);
      if (r.adoptedDate && (!entry.date || r.adoptedDate < entry.date)) entry.date = r.adoptedDate;
      if (!entry.programmes.includes(r.programme)) entry.programmes.push(r.programme);
      // Reported by a unit since merged: said as it reported.
      if (r.reportedAs && r.reportedAs !== r.unitName && !entry.reportedAs.includes(r.reportedAs)) entry.reportedAs.push(r.reportedAs);
      for (const i of r.indicators ?? []) {
        if (i.before === null || i.after === null) continue;
        const key = `${i.name}\u0000${i.unitOfMeasure}`;
        const sum = indicators.get(key) ?? { name: i.name, unitOfMeasure: i.unitOfMeasure, units: 0, before: 0, after: 0 };
        sum.units++;
        sum.before += i.before;
        sum.after += i.after;
        indicators.set(key, sum);
      }
    } else if (r.status === AdoptionStatus.NotAdopted) {
      declined.push({ unit: r.reportedAs || r.unitName, reason: r.reason ? REASON_LABELS[r.reason] : '', explanation: r.explanation });
      declinedIds.push(r.unitId);
    } else if (r.status === AdoptionStatus.InProgress) inProgress++;
  }
  // A unit that adopted through one programme and declined in another has adopted.
  const adoptedIds = new Set(adopted.keys());
  const stillDeclined = declined.filter((_, k) => !adoptedIds.has(declinedIds[k]));
  const list = [...adopted.values()].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.unit.localeCompare(b.unit, 'vi'));
  const kinds = new Map<string, number>();
  for (const a of list) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  const communesAdopted = records.filter((r) => r.status === AdoptionStatus.Adopted && COMMUNE_KINDS.includes(r.unitKind)).reduce((set, r) => set.add(r.unitId), new Set<number>()).size;
  return {
    adopted: list,
    byKind: [...kinds].map(([kind, count]) => ({ kind, count })),
    declined: stillDeclined,
    inProgress,
    indicators: [...indicators.values()],
    communesAdopted,
    communesInForce,
    proposal: proposeScope(list.length, communesAdopted, communesInForce, rule),
  };
}

/** The scope the adoption suggests, and why, in words for the council. */
export function proposeScope(units: number, communes: number, communesInForce: number, rule: ScopeRule): { level: RecognitionLevel | null; reason: string } {
  const share = communesInForce > 0 ? (communes / communesInForce) * 100 : 0;
  const counted = `Áp dụng tại ${units} đơn vị, trong đó ${communes}/${communesInForce} xã, phường, đặc khu (${formatRate(share)})`;
  const threshold = scopeRuleText({ scopeUnits: rule.units, scopeCommuneShare: rule.communeShare });
  if (units === 0) return { level: null, reason: `Chưa đơn vị nào báo cáo đã áp dụng: chưa có căn cứ đề xuất phạm vi ảnh hưởng (${threshold}).` };
  if (units >= rule.units || (communesInForce > 0 && share >= rule.communeShare)) return { level: RecognitionLevel.Province, reason: `${counted}: đề xuất cấp tỉnh (${threshold}).` };
  return { level: RecognitionLevel.Unit, reason: `${counted}: đề xuất cấp cơ sở (${threshold}).` };
}

/** What the public catalogue shows of an initiative's replication: progress, never reasons, explanations or indicators. */
export interface PublicProgress {
  adopted: number;
  byKind: { kind: string; count: number }[];
  inProgress: number;
  programmes: { title: string; decisionNumber: string; decisionDate: string | null; reportDeadline: string | null; targets: number; adopted: number }[];
}

/** The public progress from the evidence and the records of each programme. */
export function publicProgress(evidence: AdoptionEvidence, records: { programmeId: number; status: AdoptionStatus; programme?: { title: string; decisionNumber: string; decisionDate: string | null; reportDeadline: string | null } | null }[]): PublicProgress {
  const programmes = new Map<number, PublicProgress['programmes'][number]>();
  for (const r of records) {
    const p = r.programme;
    if (!p) continue;
    const entry = programmes.get(r.programmeId) ?? { title: p.title, decisionNumber: p.decisionNumber, decisionDate: p.decisionDate, reportDeadline: p.reportDeadline, targets: 0, adopted: 0 };
    entry.targets++;
    if (r.status === AdoptionStatus.Adopted) entry.adopted++;
    programmes.set(r.programmeId, entry);
  }
  return { adopted: evidence.adopted.length, byKind: evidence.byKind, inProgress: evidence.inProgress, programmes: [...programmes.values()] };
}
