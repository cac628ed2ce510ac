import { formatDate } from '../common/dates';

// Rules of the replication tracker, as pure functions: report validation, adoption
// rates (with units merged since the programme started rolled up into their
// successors), and which records a programme change creates.

export enum AdoptionStatus {
  NotStarted = 'not_started',
  Planned = 'planned',
  InProgress = 'in_progress',
  Adopted = 'adopted',
  NotAdopted = 'not_adopted',
}

export const ADOPTION_STATUS_LABELS: Record<AdoptionStatus, string> = {
  [AdoptionStatus.NotStarted]: 'Chưa triển khai',
  [AdoptionStatus.Planned]: 'Đã có kế hoạch',
  [AdoptionStatus.InProgress]: 'Đang triển khai',
  [AdoptionStatus.Adopted]: 'Đã áp dụng',
  [AdoptionStatus.NotAdopted]: 'Không áp dụng',
};

/** Shown next to the label in the matrix (never colour alone). */
export const ADOPTION_STATUS_ICONS: Record<AdoptionStatus, string> = {
  [AdoptionStatus.NotStarted]: '○',
  [AdoptionStatus.Planned]: '◔',
  [AdoptionStatus.InProgress]: '◑',
  [AdoptionStatus.Adopted]: '●',
  [AdoptionStatus.NotAdopted]: '✕',
};

export enum NotAdoptedReason {
  UnsuitableFunctions = 'unsuitable_functions',
  NoBudget = 'no_budget',
  NoEquipment = 'no_equipment',
  NoStaffSkills = 'no_staff_skills',
  NoPolicy = 'no_policy',
  AlreadyEquivalent = 'already_equivalent',
  Other = 'other',
}

export const REASON_LABELS: Record<NotAdoptedReason, string> = {
  [NotAdoptedReason.UnsuitableFunctions]: 'Không phù hợp chức năng, nhiệm vụ',
  [NotAdoptedReason.NoBudget]: 'Thiếu kinh phí',
  [NotAdoptedReason.NoEquipment]: 'Thiếu trang thiết bị',
  [NotAdoptedReason.NoStaffSkills]: 'Thiếu nhân lực, kỹ năng',
  [NotAdoptedReason.NoPolicy]: 'Chưa có cơ chế, chính sách hỗ trợ',
  [NotAdoptedReason.AlreadyEquivalent]: 'Đã có giải pháp tương đương',
  [NotAdoptedReason.Other]: 'Lý do khác',
};

export const ADOPTION_STATUSES = Object.values(AdoptionStatus);
export const REASONS = Object.values(NotAdoptedReason);

export interface ReportInput {
  status: string;
  adoptedDate: string | null;
  reason: string | null;
  explanation: string;
}

/** The unit a record is of, as the adoption date is checked against: its days in force, and where it went. */
export interface ReportingUnit {
  name: string;
  /** yyyy-mm-dd, or null when not known. */
  validFrom: string | null;
  /** yyyy-mm-dd: its last day in force (merged or split away), or null while in force. */
  validTo: string | null;
  /** The units of today that took over from it (names), for an ended unit. */
  successors: string[];
}

/**
 * Messages per field for an adoption report; empty when it is acceptable. With the record's
 * `unit`, an adoption must fall within the days it existed: after it ended, the adoption is
 * its successor's to report.
 */
export function reportErrors(r: ReportInput, today: string, unit?: ReportingUnit): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(ADOPTION_STATUSES as string[]).includes(r.status)) {
    errors.status = 'Vui lòng chọn tình trạng áp dụng.';
    return errors;
  }
  if (r.status === AdoptionStatus.Adopted) {
    if (!r.adoptedDate) errors.adoptedDate = 'Vui lòng nhập ngày bắt đầu áp dụng.';
    else if (r.adoptedDate > today) errors.adoptedDate = 'Ngày áp dụng không được ở tương lai.';
    else if (unit?.validTo && r.adoptedDate > unit.validTo) {
      const successor = unit.successors.length ? ` Việc áp dụng từ ${formatDate(r.adoptedDate)} vui lòng báo cáo cho đơn vị kế thừa: ${unit.successors.join(', ')}.` : '';
      errors.adoptedDate = `${unit.name} đã kết thúc hoạt động ngày ${formatDate(unit.validTo)}, không ghi được ngày áp dụng sau ngày đó.${successor}`;
    } else if (unit?.validFrom && r.adoptedDate < unit.validFrom) {
      errors.adoptedDate = `${unit.name} được thành lập ngày ${formatDate(unit.validFrom)}, ngày áp dụng không được trước ngày đó. Việc áp dụng trước đó thuộc về đơn vị cũ, báo cáo ở bản ghi của đơn vị đó.`;
    }
  }
  if (r.status === AdoptionStatus.NotAdopted) {
    if (!r.reason || !(REASONS as string[]).includes(r.reason)) errors.reason = 'Vui lòng chọn lý do không áp dụng.';
    else if (r.reason === NotAdoptedReason.Other && !r.explanation.trim()) errors.explanation = 'Với "Lý do khác", vui lòng giải thích cụ thể.';
  }
  return errors;
}

export interface RateCell {
  initiativeId: number;
  unitId: number;
  status: AdoptionStatus;
}

export interface Rate {
  adopted: number;
  total: number;
  /** Percentage, one decimal; null without records. */
  rate: number | null;
}

/** A rate of `adopted` out of `total`, one decimal (null without records). */
export const rate = (adopted: number, total: number): Rate => ({ adopted, total, rate: total ? Math.round((adopted / total) * 1000) / 10 : null });

/**
 * Adoption rates per initiative (row), per unit (column) and overall. `successorOf`
 * maps a unit merged since the programme started to the unit it became: its records
 * count under the successor, and a unit with several records for one initiative counts
 * once (adopted if any of them adopted).
 */
export function adoptionRates(cells: RateCell[], successorOf: (unitId: number) => number = (u) => u) {
  // initiative → (unit after merging → adopted): numeric lookups, no string keys (a
  // province programme has 15,000 cells).
  const merged = new Map<number, Map<number, boolean>>();
  for (const c of cells) {
    let row = merged.get(c.initiativeId);
    if (!row) merged.set(c.initiativeId, (row = new Map()));
    const unitId = successorOf(c.unitId);
    row.set(unitId, (row.get(unitId) ?? false) || c.status === AdoptionStatus.Adopted);
  }
  const rows = new Map<number, Rate>();
  const byColumn = new Map<number, [number, number]>();
  let adopted = 0;
  let total = 0;
  for (const [initiativeId, row] of merged) {
    let rowAdopted = 0;
    for (const [unitId, isAdopted] of row) {
      let col = byColumn.get(unitId);
      if (!col) byColumn.set(unitId, (col = [0, 0]));
      col[1]++;
      if (isAdopted) {
        col[0]++;
        rowAdopted++;
      }
    }
    rows.set(initiativeId, rate(rowAdopted, row.size));
    adopted += rowAdopted;
    total += row.size;
  }
  return {
    rows,
    columns: new Map([...byColumn].map(([id, [a, t]]) => [id, rate(a, t)])),
    overall: rate(adopted, total),
  };
}

/** The (initiative, unit) pairs a programme needs records for and does not have yet. */
export function missingRecords(initiativeIds: number[], unitIds: number[], existing: { initiativeId: number; unitId: number }[]): { initiativeId: number; unitId: number }[] {
  const have = new Set(existing.map((e) => `${e.initiativeId}:${e.unitId}`));
  const out: { initiativeId: number; unitId: number }[] = [];
  for (const initiativeId of new Set(initiativeIds)) for (const unitId of new Set(unitIds)) if (!have.has(`${initiativeId}:${unitId}`)) out.push({ initiativeId, unitId });
  return out;
}

/** Median of a list of numbers (days to adopt); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
