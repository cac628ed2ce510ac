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
  [UnitKind.UrbanDistrict]: 'Quận',
  [UnitKind.Town]: 'Thị xã',
  [UnitKind.ProvincialCity]: 'Thành phố',
  [UnitKind.Commune]: 'Xã',
  [UnitKind.Township]: 'Thị trấn',
  [UnitKind.Ward]: 'Phường',
  [UnitKind.SpecialZone]: 'Đặc khu',
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

/** "UBND HUYỆN VĨNH LINH" → "ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH" (a heading spells the committee out). */
export function spelledOut(authorityLine: string): string {
  return upper(authorityLine).replace(/^UBND\s+/, 'ỦY BAN NHÂN DÂN ');
}

/**
 * The authority's own name among its heading lines, as a heading names it: the last line,
 * with the line above when the last is a territory ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG TRỊ" →
 * "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"); the superior above a department is not part of it
 * ("UBND TỈNH QUẢNG TRỊ" / "SỞ NỘI VỤ" → "SỞ NỘI VỤ").
 */
export function authorityOwnLines(authority: string[]): number {
  const lines = authority.map((l) => l.trim()).filter(Boolean);
  if (lines.length >= 2 && TERRITORY.test(lines[lines.length - 1]) && !TERRITORY.test(lines[lines.length - 2])) return 2;
  return lines.length ? 1 : 0;
}

/** The authority's lines as a heading prints them: its own name in bold (`main`), the superior above it not. */
export function authorityHeadingLines(authority: string[]): { text: string; main: boolean }[] {
  const own = Math.max(1, authorityOwnLines(authority));
  return authority.map((text, k) => ({ text, main: k >= authority.length - own }));
}

export function authorityHeadingName(authority: string[]): string {
  const lines = authority.map((l) => l.trim()).filter(Boolean);
  return spelledOut(lines.slice(lines.length - authorityOwnLines(lines)).join(' '));
}

/**
 * Who issues a document, as its heading names them: the signer's office, then the
 * authority — "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH". A deputy signing for the head
 * ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") issues it in the head's name; a collective signature
 * ("TM. ỦY BAN NHÂN DÂN") names the authority alone. An office ending where the authority
 * begins is not repeated ("TRƯỞNG PHÒNG" + "PHÒNG NỘI VỤ" → "TRƯỞNG PHÒNG NỘI VỤ").
 */
export function issuerHeading(signerTitle: string, authority: string[]): string {
  const head = authorityHeadingName(authority);
  const first = upper(signerTitle.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '');
  if (/^TM\.\s*/.test(first)) return head || first.replace(/^TM\.\s*/, '');
  const office = first.replace(/^(KT|TL|TUQ|Q)\.\s*/, '');
  if (!head) return office;
  if (!office) return head;
  const a = office.split(/\s+/);
  const b = head.split(/\s+/);
  for (let k = Math.min(a.length, b.length); k > 0; k--) {
    if (a.slice(a.length - k).join(' ') === b.slice(0, k).join(' ')) return [...a, ...b.slice(k)].join(' ');
  }
  return `${office} ${head}`;
}

/** The authority's name in running text: "Ủy ban nhân dân huyện Vĩnh Linh"; another unit by its name. */
export function authorityName(unit: UnitLike | null | undefined): string {
  if (!unit) return '';
  const name = unit.name.trim();
  if (!territorial(unit)) return name;
  const bare = name.replace(PEOPLES_COMMITTEE, '');
  const withLevel = TERRITORY.test(bare) ? bare : `${LEVEL_WORDS[unit.kind]} ${bare}`;
  return `Ủy ban nhân dân ${withLevel.charAt(0).toLocaleLowerCase('vi-VN')}${withLevel.slice(1)}`;
}

/** The head's title for a committee ("CHỦ TỊCH"), or for another unit ("THỦ TRƯỞNG ĐƠN VỊ"). */
export function defaultSignerTitle(unit: UnitLike | null | undefined): string {
  return unit && territorial(unit) ? 'CHỦ TỊCH' : 'THỦ TRƯỞNG ĐƠN VỊ';
}
