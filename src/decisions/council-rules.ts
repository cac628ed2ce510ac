// The council's vote and the documents' headings, as pure functions (unit-tested beside).
import { UnitKind } from '../units/unit-kinds';
import { Vote } from './member-vote.entity';

export interface Tally {
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
}

/** Totals of the members' votes. */
export function tally(votes: { vote: Vote }[]): Tally {
  return {
    votesFor: votes.filter((v) => v.vote === 'for').length,
    votesAgainst: votes.filter((v) => v.vote === 'against').length,
    votesAbstain: votes.filter((v) => v.vote === 'abstain').length,
  };
}

/** Members needed in favour to recognise: two thirds of the whole council. */
export function votesNeeded(councilSize: number): number {
  return Math.ceil((2 * councilSize) / 3);
}

export interface SeatState {
  /** Why this member may not judge the initiative, or null. */
  conflict: string | null;
  /** Assigned to score it, and the state of the current sheet. */
  sheet: 'submitted' | 'draft' | 'none' | null;
  voted: boolean;
}

/** What the decision page warns about: sheets not submitted, members who have not voted (conflicts excluded). */
export function missing(seats: SeatState[]): { sheets: number; votes: number } {
  const eligible = seats.filter((s) => !s.conflict);
  return {
    sheets: eligible.filter((s) => s.sheet === 'draft' || s.sheet === 'none').length,
    votes: eligible.filter((s) => !s.voted).length,
  };
}

/**
 * Whether a decision is overdue today. Only a decision due after the round was entered into
 * the system counts (a 2016 round entered in 2026 is not "overdue since 2016"), and never
 * one of the paper records.
 */
export function isOverdue(due: string | null, roundEnteredOn: string | null, today: string, paperRecord: boolean): boolean {
  if (!due || paperRecord) return false;
  if (roundEnteredOn && due < roundEnteredOn) return false;
  return due < today;
}

interface UnitLike {
  name: string;
  kind: UnitKind | string;
  parent?: UnitLike | null;
}

const LEVEL_WORDS: Partial<Record<string, string>> = {
  [UnitKind.Province]: 'Tỉnh',
  [UnitKind.District]: 'Huyện',
  [UnitKind.Commune]: 'Xã',
  [UnitKind.Ward]: 'Phường',
};

const PEOPLES_COMMITTEE = /^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+/i;
const TERRITORY = /^(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|đặc khu)\s+/i;
const territorial = (u: UnitLike) => Boolean(LEVEL_WORDS[u.kind]);

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/** "UBND huyện Vĩnh Linh" / "Huyện Phú Tân" → "UBND HUYỆN …": the committee of a territorial unit. */
function committeeOf(u: UnitLike): string {
  const name = u.name.trim();
  if (PEOPLES_COMMITTEE.test(name)) return upper(name.replace(PEOPLES_COMMITTEE, 'UBND '));
  const withLevel = TERRITORY.test(name) ? name : `${LEVEL_WORDS[u.kind]} ${name}`;
  return upper(`UBND ${withLevel}`);
}

/**
 * The issuing authority of a document, in capitals, one line per level: "UBND HUYỆN PHÚ TÂN"
 * for a district; for a department, its committee above it ("UBND HUYỆN VĨNH LINH",
 * "PHÒNG NỘI VỤ").
 */
export function authorityLines(unit: UnitLike | null | undefined): string[] {
  if (!unit) return [];
  if (territorial(unit)) return [committeeOf(unit)];
  const above = unit.parent && territorial(unit.parent) ? [committeeOf(unit.parent)] : [];
  return [...above, upper(unit.name.trim())];
}

/** The place name of the date line: "Vĩnh Linh" for "UBND huyện Vĩnh Linh"; a department takes its territory's. */
export function placeOf(unit: UnitLike | null | undefined): string {
  if (!unit) return '';
  if (!territorial(unit)) return unit.parent ? placeOf(unit.parent) : '';
  return unit.name.trim().replace(PEOPLES_COMMITTEE, '').replace(TERRITORY, '').trim();
}

/** "Vĩnh Linh, ngày 20 tháng 12 năm 2022" (dots for what is not known yet). */
export function dateLine(place: string, isoDate: string | null): string {
  const where = place.trim() || '…………';
  if (!isoDate) return `${where}, ngày …… tháng …… năm ……`;
  const [y, m, d] = isoDate.split('-');
  return `${where}, ngày ${d} tháng ${m} năm ${y}`;
}

/** The head's title for a committee ("CHỦ TỊCH"), or for another unit ("THỦ TRƯỞNG ĐƠN VỊ"). */
export function defaultSignerTitle(unit: UnitLike | null | undefined): string {
  return unit && territorial(unit) ? 'CHỦ TỊCH' : 'THỦ TRƯỞNG ĐƠN VỊ';
}
