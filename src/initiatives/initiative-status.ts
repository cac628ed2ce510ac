/** Statuses of an initiative, stored as text, with their Vietnamese labels. */
export enum InitiativeStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  UnderReview = 'under_review',
  Returned = 'returned',
  Recognized = 'recognized',
  NotRecognized = 'not_recognized',
  Withdrawn = 'withdrawn',
}

export const STATUS_LABELS: Record<InitiativeStatus, string> = {
  [InitiativeStatus.Draft]: 'Bản nháp',
  [InitiativeStatus.Submitted]: 'Đã nộp',
  [InitiativeStatus.UnderReview]: 'Đang xét',
  [InitiativeStatus.Returned]: 'Trả lại để bổ sung',
  [InitiativeStatus.Recognized]: 'Được công nhận',
  [InitiativeStatus.NotRecognized]: 'Không được công nhận',
  [InitiativeStatus.Withdrawn]: 'Đã rút',
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
};

export const STATUSES = Object.values(InitiativeStatus);

export function isStatus(v: string): v is InitiativeStatus {
  return (STATUSES as string[]).includes(v);
}

/** Level of influence (phạm vi ảnh hưởng) given by the recognition decision. */
export enum RecognitionLevel {
  Unit = 'unit',
  District = 'district',
  Province = 'province',
  National = 'national',
}

export const LEVEL_LABELS: Record<RecognitionLevel, string> = {
  [RecognitionLevel.Unit]: 'Cấp cơ sở (đơn vị)',
  [RecognitionLevel.District]: 'Cấp huyện',
  [RecognitionLevel.Province]: 'Cấp tỉnh',
  [RecognitionLevel.National]: 'Toàn quốc',
};

export const LEVELS = Object.values(RecognitionLevel);

export function isLevel(v: string): v is RecognitionLevel {
  return (LEVELS as string[]).includes(v);
}

/**
 * The legal transitions. Authors drive draft → submitted, returned → submitted and
 * withdrawals; the council drives the rest.
 */
export const TRANSITIONS: Record<InitiativeStatus, readonly InitiativeStatus[]> = {
  [InitiativeStatus.Draft]: [InitiativeStatus.Submitted, InitiativeStatus.Withdrawn],
  [InitiativeStatus.Submitted]: [InitiativeStatus.UnderReview, InitiativeStatus.Returned, InitiativeStatus.Withdrawn],
  [InitiativeStatus.UnderReview]: [InitiativeStatus.Recognized, InitiativeStatus.NotRecognized, InitiativeStatus.Returned, InitiativeStatus.Withdrawn],
  [InitiativeStatus.Returned]: [InitiativeStatus.Submitted, InitiativeStatus.Withdrawn],
  [InitiativeStatus.Recognized]: [],
  [InitiativeStatus.NotRecognized]: [],
  [InitiativeStatus.Withdrawn]: [],
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
