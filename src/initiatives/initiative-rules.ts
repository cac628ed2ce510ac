import { formatDate } from '../common/dates';
import { formatShareValue } from '../common/numbers';

// Rules of the request for recognition (Nghị định 13/2012/NĐ-CP; Thông tư 18/2013/TT-BKHCN).

/** Contribution shares of the authors must add up to 100 % (to the hundredth). */
export function sharesError(shares: number[]): string | null {
  if (shares.length === 0) return 'Cần ít nhất một tác giả.';
  if (shares.some((s) => !Number.isFinite(s) || s <= 0 || s > 100)) return 'Tỷ lệ đóng góp của mỗi tác giả phải lớn hơn 0 và không quá 100%.';
  const total = Math.round(shares.reduce((a, b) => a + b, 0) * 100) / 100;
  if (Math.abs(total - 100) > 0.01) return `Tổng tỷ lệ đóng góp của các tác giả phải bằng 100% (hiện là ${formatPercent(total)}%).`;
  return null;
}

/** A share in percent, without the sign (33,33): common/numbers.ts, as every page writes it. */
export function formatPercent(n: number): string {
  return formatShareValue(Math.round(n * 100) / 100);
}

/**
 * The request should be filed within one year of the first (trial) application.
 * Returns a warning, never an error: late requests may still be considered.
 */
export function lateFilingWarning(firstAppliedDate: string | null | undefined, filedOn: string): string | null {
  if (!firstAppliedDate) return null;
  const first = new Date(`${firstAppliedDate}T00:00:00Z`);
  const limit = new Date(first);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  if (new Date(`${filedOn}T00:00:00Z`).getTime() <= limit.getTime()) return null;
  return `Sáng kiến được áp dụng lần đầu từ ${formatDate(firstAppliedDate)}, đã quá một năm trước ngày nộp (${formatDate(filedOn)}). Theo quy định, đơn yêu cầu công nhận cần được nộp trong vòng một năm kể từ ngày áp dụng lần đầu.`;
}

/** The part of a round that the filing rules read. */
export interface RoundPeriod {
  year: number;
  submissionStart: string | null;
  submissionEnd: string | null;
}

/**
 * The day a request counts as filed for the one-year rule: today, but never after its
 * round stopped receiving (the end of its receiving dates, or of its year). A round of an
 * earlier year, worked through now, is judged by its own period, not by today's clock.
 */
export function filingDate(round: RoundPeriod | null | undefined, today: string): string {
  if (!round) return today;
  const end = round.submissionEnd ?? `${round.year}-12-31`;
  return today > end ? end : today;
}

/**
 * The one-year warning for an initiative: against its round's period, and never for a
 * record entered from the paper files (its filing happened long ago, on paper).
 */
export function filingWarning(i: { firstAppliedDate: string | null; paperRecord?: boolean; round?: RoundPeriod | null }, today: string): string | null {
  if (i.paperRecord) return null;
  return lateFilingWarning(i.firstAppliedDate, filingDate(i.round, today));
}

/** The year of an initiative and of its code: its round's, else the given one (today's, or the paper record's). */
export function recordYear(round: Pick<RoundPeriod, 'year'> | null | undefined, otherwise: number): number {
  return round ? round.year : otherwise;
}

/**
 * The round a submission without one joins: the only suitable open round (open, receiving
 * today, organised by the initiative's unit or a unit above it). None, or several to
 * choose from: it waits for the council's secretary ("chưa có đợt xét").
 */
export function roundToJoin<R>(suitable: R[]): R | null {
  return suitable.length === 1 ? suitable[0] : null;
}

/** SK-YYYY-NNNN. */
export function formatInitiativeCode(year: number, n: number): string {
  return `SK-${year}-${String(n).padStart(4, '0')}`;
}

/** The words on a first submission's timeline that say why it waits for a round. */
const AWAITING = 'Chờ Thư ký hội đồng đưa vào đợt xét: ';
/** What the timeline said before the reason was recorded precisely. */
const AWAITING_VAGUE = 'Chờ Thư ký hội đồng đưa vào đợt xét (chưa có đợt xét phù hợp đang nhận hồ sơ)';

/**
 * The note of a first submission that joins no round: why (no round receiving for its unit
 * that day, several, or only rounds it may not go into — `excluded`, with why).
 */
export function awaitingNote(suitable: { name: string }[], today: string, excluded: { name: string; why: string }[] = []): string {
  const day = formatDate(today);
  if (suitable.length === 0 && excluded.length > 0) {
    const rounds = excluded.length === 1 ? `chỉ có đợt xét "${excluded[0].name}"` : `chỉ có ${excluded.length} đợt xét (${excluded.map((r) => `"${r.name}"`).join('; ')})`;
    return `${AWAITING}ngày nộp (${day}) ${rounds} đang nhận hồ sơ của đơn vị, nhưng không đưa sáng kiến vào được: ${excluded.map((r) => r.why.replace(/\.$/, '')).join('; ')}`;
  }
  if (suitable.length === 0) return `${AWAITING}ngày nộp (${day}) không có đợt xét nào của đơn vị đang nhận hồ sơ`;
  return `${AWAITING}ngày nộp (${day}) có ${suitable.length} đợt xét cùng nhận hồ sơ của đơn vị (${suitable.map((r) => `"${r.name}"`).join('; ')}), hệ thống không tự chọn`;
}

/**
 * Why a submission waits for a round, for the secretary's queue, read from the note of its
 * first submission: the reason recorded then, or, for one submitted before submissions
 * joined a round by themselves (no such note), that.
 */
export function awaitingReason(firstSubmissionNote: string | null | undefined): string {
  const note = firstSubmissionNote ?? '';
  const at = note.indexOf(AWAITING);
  if (at >= 0) {
    const reason = note.slice(at + AWAITING.length);
    return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
  }
  if (note.includes(AWAITING_VAGUE)) return 'Ngày nộp không có đúng một đợt xét của đơn vị đang nhận hồ sơ (không có đợt nào, hoặc có nhiều đợt cùng nhận).';
  return 'Nộp trước khi hệ thống tự đưa sáng kiến vào đợt xét duy nhất đang nhận hồ sơ của đơn vị.';
}

/** The part of a round that decides whether a record from the paper files may go into it. */
export interface PaperRoundFacts {
  name: string;
  year: number;
  status: 'open' | 'evaluating' | 'closed';
}

/**
 * A record entered from the paper files goes into a round that is over (closed) or of an
 * earlier year: a round still running this year is the council's, whose members score and
 * vote in the system. Returns why a round is refused, or null.
 */
export function paperRoundRefusal(round: PaperRoundFacts, thisYear: number): string | null {
  if (round.status === 'closed' || round.year < thisYear) return null;
  return `Đợt xét "${round.name}" đang diễn ra: sáng kiến nhập từ hồ sơ giấy chỉ đưa vào đợt xét đã kết thúc hoặc của năm trước năm ${thisYear}. Sáng kiến của đợt đang diễn ra được nộp, chấm và biểu quyết trong hệ thống.`;
}

/** A record from the paper files without a round is of an earlier year than this one; the message if not. */
export function paperYearRefusal(year: number, thisYear: number): string | null {
  if (year < thisYear) return null;
  return `Sáng kiến nhập từ hồ sơ giấy phải của năm trước năm ${thisYear}. Sáng kiến năm ${thisYear} được nộp và xét trong hệ thống.`;
}

/** When an initiative and its unit began: a record of it cannot be of an earlier year. */
export interface RecordStart {
  /** yyyy-mm-dd, or null while not given. */
  firstAppliedDate: string | null;
  /** The initiative's unit, with the day it came into force (null when not known). */
  unit: { name: string; validFrom: string | null } | null;
}

/**
 * The first year a round (or the year of a record) can be for this initiative: that of its
 * first application, or of its unit's start if later; with which field binds it and why in
 * words. null when neither is known.
 */
export function earliestYear(start: RecordStart): { year: number; field: 'firstAppliedDate' | 'unitId'; why: string } | null {
  const applied = start.firstAppliedDate ? { year: Number(start.firstAppliedDate.slice(0, 4)), field: 'firstAppliedDate' as const, why: `sáng kiến được áp dụng lần đầu ngày ${formatDate(start.firstAppliedDate)}` } : null;
  const founded = start.unit?.validFrom ? { year: Number(start.unit.validFrom.slice(0, 4)), field: 'unitId' as const, why: `${start.unit.name} được thành lập ngày ${formatDate(start.unit.validFrom)}` } : null;
  const bounds = [applied, founded].filter((b): b is NonNullable<typeof b> => b !== null && Number.isInteger(b.year));
  if (bounds.length === 0) return null;
  const year = Math.max(...bounds.map((b) => b.year));
  const binding = bounds.filter((b) => b.year === year);
  return { year, field: binding[0].field, why: binding.map((b) => b.why).join('; ') };
}

/**
 * Why an initiative may not go into this round: the round is of a year before the
 * initiative was first applied, or before its unit existed (a 2026 submission would become
 * SK-2018-…). Every path that sets an initiative's round asks: a submission joining the one
 * round receiving it, a round chosen on the form, the secretary attaching a waiting
 * submission, a record entered from the paper files. null when it may.
 */
export function roundYearRefusal(round: { name: string; year: number }, start: RecordStart): string | null {
  const earliest = earliestYear(start);
  if (!earliest || round.year >= earliest.year) return null;
  return `Đợt xét "${round.name}" là của năm ${round.year}, trước năm ${earliest.year} (${earliest.why}). Chỉ đưa được sáng kiến vào đợt xét từ năm ${earliest.year} trở đi.`;
}

/** The same for a year typed (a record from the paper files without a round): the message, or null. */
export function yearRefusal(year: number, start: RecordStart): string | null {
  const earliest = earliestYear(start);
  if (!earliest || year >= earliest.year) return null;
  return `Năm ${year} trước năm ${earliest.year} (${earliest.why}). Năm của sáng kiến phải từ năm ${earliest.year} trở đi.`;
}

/** The parts a request for recognition must have before it is submitted (a draft may lack them). */
export const REQUIRED_FOR_SUBMISSION: readonly { key: 'problem' | 'solution' | 'novelty' | 'effects' | 'firstAppliedDate'; label: string }[] = [
  { key: 'problem', label: 'thực trạng, vấn đề cần giải quyết' },
  { key: 'solution', label: 'nội dung giải pháp' },
  { key: 'novelty', label: 'tính mới' },
  { key: 'effects', label: 'hiệu quả' },
  { key: 'firstAppliedDate', label: 'ngày áp dụng lần đầu' },
];

/**
 * What a submission lacks as a form's errors, beside each field: the parts a draft may leave
 * empty (see REQUIRED_FOR_SUBMISSION), and the authors' shares.
 */
export function submissionErrors(i: Partial<Record<(typeof REQUIRED_FOR_SUBMISSION)[number]['key'], string | null>>, shares: number[]): Record<string, string> {
  const errors: Record<string, string> = Object.fromEntries(missingForSubmission(i).map((r) => [r.key, `Cần điền ${r.label} để nộp.`]));
  const share = sharesError(shares);
  if (share) errors.authors = share;
  return errors;
}

/** What a request still lacks to be submitted, in the form's order. */
export function missingForSubmission(i: Partial<Record<(typeof REQUIRED_FOR_SUBMISSION)[number]['key'], string | null>>): (typeof REQUIRED_FOR_SUBMISSION)[number][] {
  return REQUIRED_FOR_SUBMISSION.filter((r) => !(i[r.key] ?? '').trim());
}
