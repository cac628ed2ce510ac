/** Kinds of unit, stored as text, with their Vietnamese labels. */
export enum UnitKind {
  Province = 'province',
  District = 'district',
  Commune = 'commune',
  Ward = 'ward',
  Department = 'department',
  Agency = 'agency',
}

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  [UnitKind.Province]: 'Tỉnh, thành phố',
  [UnitKind.District]: 'Huyện, thị xã, thành phố thuộc tỉnh',
  [UnitKind.Commune]: 'Xã, thị trấn',
  [UnitKind.Ward]: 'Phường',
  [UnitKind.Department]: 'Phòng, ban chuyên môn',
  [UnitKind.Agency]: 'Cơ quan, đơn vị sự nghiệp',
};

export const UNIT_KINDS = Object.values(UnitKind);

export function isUnitKind(value: string): value is UnitKind {
  return (UNIT_KINDS as string[]).includes(value);
}
