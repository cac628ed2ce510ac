// What an organising unit prints on the documents it issues, and what it prints when its
// admin has not said: the defaults derived from the unit (pure, unit-tested beside).
import { authorityLines, authorityName, defaultSignerTitle, placeOf } from '../decisions/council-rules';
import { UnitKind } from '../units/unit-kinds';

export interface AuthorityProfileData {
  /** Heading lines as the office prints them: ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"]. */
  lines: string[];
  /** The authority in running text: "Ủy ban nhân dân tỉnh Quảng Trị". */
  name: string;
  /** Place name of the date line: "Quảng Trị". */
  place: string;
  /** Symbol of its decisions: "QĐ-UBND". */
  symbol: string;
  /** The head's title: "CHỦ TỊCH". */
  headTitle: string;
  /** Who carries out its decisions (Điều 3), one per line; "Nơi nhận" lists them too. */
  recipients: string[];
}

interface UnitLike {
  name: string;
  kind: UnitKind | string;
  parent?: UnitLike | null;
}

const COMMITTEE_KINDS = new Set<string>([UnitKind.Province, UnitKind.District, UnitKind.UrbanDistrict, UnitKind.Town, UnitKind.ProvincialCity, UnitKind.Commune, UnitKind.Township, UnitKind.Ward, UnitKind.SpecialZone]);

/** The defaults of a unit without a profile: today's derivation from its name and kind. */
export function defaultProfile(unit: UnitLike | null | undefined): AuthorityProfileData {
  const committee = Boolean(unit && COMMITTEE_KINDS.has(unit.kind));
  return {
    lines: authorityLines(unit),
    name: authorityName(unit),
    place: placeOf(unit),
    symbol: committee ? 'QĐ-UBND' : 'QĐ',
    headTitle: defaultSignerTitle(unit),
    recipients: committee ? ['Chánh Văn phòng', 'Thủ trưởng các cơ quan, đơn vị có liên quan'] : ['Thủ trưởng các bộ phận, đơn vị có liên quan'],
  };
}

/** Lines typed in a textarea: trimmed, blank ones dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** Article 3 of a decision of recognition: who carries it out. */
export function article3(recipients: string[]): string {
  const who = [...recipients.map((r) => r.replace(/[;.,]+$/, '')), 'các tác giả có tên tại Điều 1'].join(', ');
  return `Điều 3. Quyết định này có hiệu lực kể từ ngày ký. ${who.charAt(0).toLocaleUpperCase('vi-VN')}${who.slice(1)} chịu trách nhiệm thi hành Quyết định này.`;
}

/** "Nơi nhận" of a decision. */
export function recipientsBlock(): string {
  return 'Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.';
}

/** "……/QĐ-UBND": the number of a decision not yet numbered. */
export function blankNumber(symbol: string): string {
  return `……/${symbol || 'QĐ'}`;
}
