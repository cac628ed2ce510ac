import { dayAfter, formatDate } from '../common/dates';
import { UnitKind } from '../units/unit-kinds';
import { ROUND_STATUS_LABELS, RoundStatus } from './round.entity';

// Rules of a round's receiving dates (pure; tested on their own).

/** The part of a round that its receiving dates are read from. */
export interface ReceivingPeriod {
  name: string;
  submissionStart: string | null;
  submissionEnd: string | null;
}

/** Whether a round receives submissions on this day (its receiving dates, when it has them). */
export function isReceiving(round: Pick<ReceivingPeriod, 'submissionStart' | 'submissionEnd'>, today: string): boolean {
  return (!round.submissionStart || today >= round.submissionStart) && (!round.submissionEnd || today <= round.submissionEnd);
}

/** Why a submission to this round is refused today (outside its receiving dates), or null. */
export function receivingRefusal(round: ReceivingPeriod, today: string): string | null {
  if (isReceiving(round, today)) return null;
  const period = [round.submissionStart ? `từ ${formatDate(round.submissionStart)}` : '', round.submissionEnd ? `đến ${formatDate(round.submissionEnd)}` : ''].filter(Boolean).join(' ');
  return `Đợt xét "${round.name}" nhận hồ sơ ${period}; hôm nay (${formatDate(today)}) ngoài thời gian nhận hồ sơ nên sáng kiến chưa nộp được. Quản trị hệ thống có thể cho phép nộp ngoài thời gian này, kèm lý do.`;
}

/** "01/03/2026 – 31/07/2026", "từ 01/03/2026", or '' without dates. */
export function receivingPeriodLabel(round: Pick<ReceivingPeriod, 'submissionStart' | 'submissionEnd'>): string {
  if (round.submissionStart && round.submissionEnd) return `${formatDate(round.submissionStart)} – ${formatDate(round.submissionEnd)}`;
  if (round.submissionStart) return `từ ${formatDate(round.submissionStart)}`;
  if (round.submissionEnd) return `đến ${formatDate(round.submissionEnd)}`;
  return '';
}

/** A round's name with its year, unless the name already says it ("… năm 2026", not "… năm 2026 (2026)"). */
export function roundTitle(round: { name: string; year: number }): string {
  return round.name.includes(String(round.year)) ? round.name : `${round.name} (${round.year})`;
}

/**
 * A round starts open; only a round of an earlier year (for records entered from the paper
 * files) may start evaluating or closed. Why a starting status is refused, or null.
 */
export function startingStatusRefusal(status: RoundStatus, year: number, thisYear: number): string | null {
  if (status === 'open' || year < thisYear) return null;
  return `Đợt xét năm ${year} bắt đầu ở trạng thái "${ROUND_STATUS_LABELS.open}". Chỉ đợt xét của năm trước năm ${thisYear} (để nhập sáng kiến từ hồ sơ giấy) mới tạo được ở trạng thái "${ROUND_STATUS_LABELS[status]}".`;
}

// ---- who organises and who manages a round -------------------------------------------

/** Kinds of unit that serve an authority above them (its departments, offices, agencies). */
const SERVING_KINDS: readonly string[] = [UnitKind.Department, UnitKind.Agency, UnitKind.DistrictOffice];

interface UnitLike {
  id: number;
  kind: string;
  parentId: number | null;
}

/**
 * The authority a person of this unit works for: the unit itself when it is one (the
 * province, a commune, a ward, a đặc khu, a district of before), else the authority above
 * its department or office (a secretary at Sở Nội vụ serves the province's council).
 */
export function servedAuthority(unit: UnitLike): number {
  return SERVING_KINDS.includes(unit.kind) && unit.parentId ? unit.parentId : unit.id;
}

/**
 * The organisers whose rounds a council secretary of this unit runs: its own unit (a
 * commune's, a department's own round), and for a department or office the authority it
 * serves (the province's round, run from Sở Nội vụ). Never the units below: a commune's
 * round is the commune's.
 */
export function secretaryOrganisers(unit: UnitLike): number[] {
  const served = servedAuthority(unit);
  return served === unit.id ? [unit.id] : [unit.id, served];
}

/** The rounds a person manages: every one, or those of these organisers (`legacy`: also rounds without an organiser). */
export interface RoundReach {
  all: boolean;
  organisers: ReadonlySet<number>;
  legacy: boolean;
}

/** Whether a round of this organiser (null: a round entered before organisers were required) lies in the reach. */
export function reachesRound(reach: RoundReach, organisingUnitId: number | null): boolean {
  if (reach.all) return true;
  if (organisingUnitId === null) return reach.legacy;
  return reach.organisers.has(organisingUnitId);
}

/**
 * Whom a person reaches as a manager of rounds: a system administrator every round; a unit
 * administrator the rounds organised within its scope (its unit's subtree); a council
 * secretary those of {@link secretaryOrganisers} and rounds without an organiser, and the
 * rounds of the units whose records those organisers keep (`archives`: units merged into
 * them, or ended with their tasks given to them — the province keeps an abolished
 * district's rounds, a new commune those of the communes it was formed from); nobody else any.
 */
export function roundReach(who: { system: boolean; unitAdminScope: Iterable<number> | null; secretaryOf: UnitLike | null; archives?: (organiserId: number) => Iterable<number> }): RoundReach {
  if (who.system) return { all: true, organisers: new Set(), legacy: true };
  const organisers = new Set<number>(who.unitAdminScope ?? []);
  if (who.secretaryOf) {
    for (const id of secretaryOrganisers(who.secretaryOf)) {
      organisers.add(id);
      for (const kept of who.archives?.(id) ?? []) organisers.add(kept);
    }
  }
  return { all: false, organisers, legacy: Boolean(who.secretaryOf) };
}

/**
 * Why a unit cannot organise a round of this year: it did not exist that year (ended before
 * it began, or founded after it ended). Rounds of the years a unit existed stay open to it,
 * so an abolished district's rounds can still be entered from its paper files.
 */
export function organiserYearRefusal(unit: { name: string; validFrom: string | null; validTo: string | null }, year: number): string | null {
  if (unit.validTo && Number(unit.validTo.slice(0, 4)) < year) {
    return `${unit.name} đã chấm dứt hoạt động từ ${formatDate(dayAfter(unit.validTo))}: chỉ tổ chức được đợt xét đến năm ${unit.validTo.slice(0, 4)}.`;
  }
  if (unit.validFrom && Number(unit.validFrom.slice(0, 4)) > year) {
    return `${unit.name} được thành lập ngày ${formatDate(unit.validFrom)}: chỉ tổ chức được đợt xét từ năm ${unit.validFrom.slice(0, 4)}.`;
  }
  return null;
}

