import { UnitKind } from '../units/unit-kinds';

/** Statuses of an initiative, stored as text, with their Vietnamese labels. */
export enum InitiativeStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  UnderReview = 'under_review',
  Returned = 'returned',
  Recognized = 'recognized',
  NotRecognized = 'not_recognized',
  Withdrawn = 'withdrawn',
  /** Found by the council's secretary to repeat an initiative already filed: out of the round's scoring (undoable). */
  Duplicate = 'duplicate',
}

/** Whether the public catalogue shows an initiative of this status: recognised ones only. */
export const isPublicStatus = (status: InitiativeStatus): boolean => status === InitiativeStatus.Recognized;

export const STATUS_LABELS: Record<InitiativeStatus, string> = {
  [InitiativeStatus.Draft]: 'Bản nháp',
  [InitiativeStatus.Submitted]: 'Đã nộp',
  [InitiativeStatus.UnderReview]: 'Đang xét',
  [InitiativeStatus.Returned]: 'Trả lại để bổ sung',
  [InitiativeStatus.Recognized]: 'Được công nhận',
  [InitiativeStatus.NotRecognized]: 'Không được công nhận',
  [InitiativeStatus.Withdrawn]: 'Đã rút',
  [InitiativeStatus.Duplicate]: 'Trùng sáng kiến đã có',
};

/** Bootstrap badge colour per status (always shown with the text label). */
export const STATUS_BADGES: Record<InitiativeStatus, string> = {
  [InitiativeStatus.Draft]: 'text-bg-light border',
  [InitiativeStatus.Submitted]: 'text-bg-primary',
  [InitiativeStatus.UnderReview]: 'text-bg-info',
  [InitiativeStatus.Returned]: 'text-bg-warning',
  [InitiativeStatus.Recognized]: 'text-bg-success',
  [InitiativeStatus.NotRecognized]: 'text-bg-danger',
  [InitiativeStatus.Withdrawn]: 'text-bg-secondary',
  [InitiativeStatus.Duplicate]: 'text-bg-dark',
};

export const STATUSES = Object.values(InitiativeStatus);

export function isStatus(v: string): v is InitiativeStatus {
  return (STATUSES as string[]).includes(v);
}

/**
 * Level of influence (phạm vi ảnh hưởng) given by the recognition decision. The law of
 * today has three: cấp cơ sở (a commune, ward, đặc khu or department recognises for
 * itself), cấp tỉnh and toàn quốc; "cấp huyện" stays, stored as `district`, on the
 * records of the district era and is shown as such.
 */
export enum RecognitionLevel {
  Unit = 'unit',
  District = 'district',
  Province = 'province',
  National = 'national',
}

export const LEVEL_LABELS: Record<RecognitionLevel, string> = {
  [RecognitionLevel.Unit]: 'Cấp cơ sở',
  [RecognitionLevel.District]: 'Cấp huyện',
  [RecognitionLevel.Province]: 'Cấp tỉnh',
  [RecognitionLevel.National]: 'Toàn quốc',
};

/** Every level a record may carry (filters, exports): today's, then the district era's. */
export const LEVELS = Object.values(RecognitionLevel);

/** The levels of today's law, in order. */
export const CURRENT_LEVELS: readonly RecognitionLevel[] = [RecognitionLevel.Unit, RecognitionLevel.Province, RecognitionLevel.National];

export function isLevel(v: string): v is RecognitionLevel {
  return (LEVELS as string[]).includes(v);
}

/** The last day a district could recognise an initiative (cấp huyện). */
const LAST_DAY_OF_DISTRICT_LEVEL = '2025-06-30';

/** Kinds of organiser whose council recognises at their own level (cấp cơ sở). */
const UNIT_LEVEL_KINDS: readonly string[] = [UnitKind.Commune, UnitKind.Ward, UnitKind.SpecialZone, UnitKind.Department, UnitKind.Agency, UnitKind.Township, UnitKind.DistrictOffice];

/** Kinds of organiser of the district era that recognised "cấp huyện". */
const DISTRICT_LEVEL_KINDS: readonly string[] = [UnitKind.District, UnitKind.UrbanDistrict, UnitKind.Town, UnitKind.ProvincialCity];

/**
 * The level a council organised by a unit of this kind gives: the province's, cấp tỉnh; a
 * commune's, ward's, đặc khu's, department's or agency's, cấp cơ sở; a district's of before
 * 01/07/2025, cấp huyện. Null for no organiser (or a kind unknown here).
 */
export function levelOfOrganiser(kind: string | null | undefined): RecognitionLevel | null {
  if (!kind) return null;
  if (kind === UnitKind.Province) return RecognitionLevel.Province;
  if (UNIT_LEVEL_KINDS.includes(kind)) return RecognitionLevel.Unit;
  if (DISTRICT_LEVEL_KINDS.includes(kind)) return RecognitionLevel.District;
  return null;
}

/**
 * The levels a decision may give. It follows the organiser of the round (for a paper
 * record, the authority that decided): one level. A paper record may also carry a national
 * recognition (given by a central body, entered from its papers). Without an organiser (a
 * round of before organisers were required), today's levels, and "cấp huyện" for a decision
 * dated by 30/06/2025.
 */
export function levelsFor(organiserKind: string | null | undefined, options: { paper: boolean; date?: string | null }): RecognitionLevel[] {
  const own = levelOfOrganiser(organiserKind);
  const levels: RecognitionLevel[] = own ? [own] : [RecognitionLevel.Unit, RecognitionLevel.Province];
  if (!own && (!options.date || options.date <= LAST_DAY_OF_DISTRICT_LEVEL)) levels.splice(1, 0, RecognitionLevel.District);
  if ((options.paper || !own) && !levels.includes(RecognitionLevel.National)) levels.push(RecognitionLevel.National);
  return levels;
}

/** Why a decision may not give this level, in words for the form; null when it may. */
export function levelRefusal(level: RecognitionLevel, allowed: readonly RecognitionLevel[], organiserName: string | null): string | null {
  if (allowed.includes(level)) return null;
  const names = allowed.map((l) => LEVEL_LABELS[l]).join(', ');
  if (level === RecognitionLevel.District && !allowed.includes(RecognitionLevel.District) && !organiserName) return `Từ 01/07/2025 không còn phạm vi "${LEVEL_LABELS[RecognitionLevel.District]}": hãy chọn ${names}.`;
  return organiserName
    ? `Hội đồng do ${organiserName} tổ chức chỉ công nhận sáng kiến ở phạm vi ${names}, không phải "${LEVEL_LABELS[level]}".`
    : `Phạm vi ảnh hưởng "${LEVEL_LABELS[level]}" không dùng được ở đây: hãy chọn ${names}.`;
}

/**
 * The legal transitions. Authors drive draft → submitted, returned → submitted and
 * withdrawals; the council drives the rest. A duplicate goes back, when the finding is
 * undone, to where it was (or to submitted, waiting for a round, when its round has closed).
 */
export const TRANSITIONS: Record<InitiativeStatus, readonly InitiativeStatus[]> = {
  [InitiativeStatus.Draft]: [InitiativeStatus.Submitted, InitiativeStatus.Withdrawn],
  [InitiativeStatus.Submitted]: [InitiativeStatus.UnderReview, InitiativeStatus.Returned, InitiativeStatus.Withdrawn, InitiativeStatus.Duplicate],
  [InitiativeStatus.UnderReview]: [InitiativeStatus.Recognized, InitiativeStatus.NotRecognized, InitiativeStatus.Returned, InitiativeStatus.Withdrawn, InitiativeStatus.Duplicate],
  [InitiativeStatus.Returned]: [InitiativeStatus.Submitted, InitiativeStatus.Withdrawn],
  [InitiativeStatus.Recognized]: [],
  [InitiativeStatus.NotRecognized]: [],
  [InitiativeStatus.Withdrawn]: [],
  [InitiativeStatus.Duplicate]: [InitiativeStatus.Submitted, InitiativeStatus.UnderReview],
};

export function canTransition(from: InitiativeStatus, to: InitiativeStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why a transition is refused, in words for the person who tried. */
export function transitionRefusal(from: InitiativeStatus, to: InitiativeStatus): string | null {
  if (canTransition(from, to)) return null;
  return `Không thể chuyển sáng kiến từ trạng thái "${STATUS_LABELS[from]}" sang "${STATUS_LABELS[to]}".`;
}

/** Statuses in which authors may still change the content. */
export const EDITABLE_STATUSES: readonly InitiativeStatus[] = [InitiativeStatus.Draft, InitiativeStatus.Returned];
