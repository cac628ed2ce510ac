import { fold } from '../common/text';

/**
 * Kinds of unit, stored as text, with their Vietnamese labels. Since 1 July 2025 local
 * government has two tiers, the province and the commune level (xã, phường, đặc khu); the
 * kinds of the district era stay for the units and records of that time.
 */
export enum UnitKind {
  Province = 'province',
  Commune = 'commune',
  Ward = 'ward',
  SpecialZone = 'special_zone',
  Department = 'department',
  Agency = 'agency',
  District = 'district',
  UrbanDistrict = 'urban_district',
  Town = 'town',
  ProvincialCity = 'provincial_city',
  Township = 'township',
  DistrictOffice = 'district_office',
}

/** The last day of the district era: a kind of that era only fits a unit ended by then. */
export const LAST_DAY_OF_DISTRICTS = '2025-06-30';

/** Kinds of before 01/07/2025, kept for the history. */
export const PAST_UNIT_KINDS: readonly UnitKind[] = [
  UnitKind.District,
  UnitKind.UrbanDistrict,
  UnitKind.Town,
  UnitKind.ProvincialCity,
  UnitKind.Township,
  UnitKind.DistrictOffice,
];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  [UnitKind.Province]: 'Tỉnh, thành phố trực thuộc trung ương',
  [UnitKind.Department]: 'Sở, ban, ngành',
  [UnitKind.Agency]: 'Cơ quan, đơn vị sự nghiệp',
  [UnitKind.Commune]: 'Xã',
  [UnitKind.Ward]: 'Phường',
  [UnitKind.SpecialZone]: 'Đặc khu',
  [UnitKind.District]: 'Huyện (trước 01/07/2025)',
  [UnitKind.UrbanDistrict]: 'Quận (trước 01/07/2025)',
  [UnitKind.Town]: 'Thị xã (trước 01/07/2025)',
  [UnitKind.ProvincialCity]: 'Thành phố thuộc tỉnh (trước 01/07/2025)',
  [UnitKind.Township]: 'Thị trấn (trước 01/07/2025)',
  [UnitKind.DistrictOffice]: 'Phòng, ban cấp huyện (trước 01/07/2025)',
};

/** Every kind: those of today first, then those of the district era. */
export const UNIT_KINDS = Object.values(UnitKind);

/** Other names a file may give a kind (besides its code and its label), as people write them. */
const OTHER_NAMES: Record<UnitKind, string[]> = {
  [UnitKind.Province]: ['Tỉnh', 'Thành phố trực thuộc trung ương', 'Tỉnh, thành phố', 'Tỉnh/thành phố'],
  [UnitKind.Department]: ['Sở', 'Ban', 'Ngành', 'Sở, ban, ngành', 'Sở/ban/ngành', 'Cơ quan chuyên môn cấp tỉnh'],
  [UnitKind.Agency]: ['Cơ quan', 'Đơn vị sự nghiệp', 'Cơ quan, đơn vị'],
  [UnitKind.Commune]: ['Xã'],
  [UnitKind.Ward]: ['Phường'],
  [UnitKind.SpecialZone]: ['Đặc khu'],
  [UnitKind.District]: ['Huyện'],
  [UnitKind.UrbanDistrict]: ['Quận'],
  [UnitKind.Town]: ['Thị xã'],
  [UnitKind.ProvincialCity]: ['Thành phố thuộc tỉnh'],
  [UnitKind.Township]: ['Thị trấn'],
  [UnitKind.DistrictOffice]: ['Phòng', 'Phòng, ban', 'Phòng/ban', 'Phòng, ban chuyên môn', 'Phòng, ban cấp huyện', 'Phòng, ban của huyện'],
};

/** A name folded for matching: no marks, lower case, "/" and "," as one separator, single spaces. */
const key = (name: string) => fold(name.replace(/\s*[/,;]\s*/g, ', '));

const BY_NAME = new Map<string, UnitKind>();
for (const kind of UNIT_KINDS) {
  for (const name of [kind, UNIT_KIND_LABELS[kind], UNIT_KIND_LABELS[kind].replace(/\s*\(trước 01\/07\/2025\)$/, ''), ...OTHER_NAMES[kind]]) {
    BY_NAME.set(key(name), kind);
  }
}

export function isUnitKind(value: string): value is UnitKind {
  return (UNIT_KINDS as string[]).includes(value);
}

export function isPastKind(kind: string): boolean {
  return (PAST_UNIT_KINDS as string[]).includes(kind);
}

/**
 * The kind a file names: its code or its Vietnamese name, in any case, with or without
 * marks ("Xã", "xa", "Phường", "Sở", "Đặc khu", "Huyện (trước 01/07/2025)", "commune").
 * Null when it names none.
 */
export function parseUnitKind(value: string | null | undefined): UnitKind | null {
  const k = key(value ?? '');
  return k ? (BY_NAME.get(k) ?? null) : null;
}

/** The kinds a file may name, for a message: "Xã (commune), Phường (ward), …". */
export function acceptedUnitKinds(): string {
  return UNIT_KINDS.map((k) => `${UNIT_KIND_LABELS[k]} (${k})`).join(', ');
}

/**
 * Why a unit may not take this kind, or null: a kind of before 01/07/2025 only fits a unit
 * that ended by 30/06/2025 (`validTo`, yyyy-mm-dd).
 */
export function pastKindRefusal(kind: string, validTo: string | null | undefined): string | null {
  if (!isPastKind(kind) || (validTo && validTo <= LAST_DAY_OF_DISTRICTS)) return null;
  return `Loại "${UNIT_KIND_LABELS[kind as UnitKind]}" chỉ dùng cho đơn vị đã chấm dứt hoạt động đến ngày 30/06/2025; đơn vị đang hoạt động chọn một loại hiện nay.`;
}
