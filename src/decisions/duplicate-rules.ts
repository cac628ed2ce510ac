// The secretary's finding that an initiative repeats one already filed, as pure functions
// (unit-tested beside).
import { FieldErrors } from '../common/exceptions';
import { InitiativeStatus } from '../initiatives/initiative-status';

/** The statuses in which an initiative may be found to repeat another: filed, before a decision. */
export const MARKABLE: readonly InitiativeStatus[] = [InitiativeStatus.Submitted, InitiativeStatus.UnderReview];

/** A code as people type it ("sk-2022-1 ", "SK 2022 0001") in the form codes have (SK-2022-0001); null when it is not one. */
export function normaliseCode(typed: string | undefined | null): string | null {
  const m = /^\s*sk[\s-]*(\d{4})[\s-]*(\d{1,6})\s*$/i.exec(typed ?? '');
  return m ? `SK-${m[1]}-${m[2].padStart(4, '0')}` : null;
}

interface Candidate {
  id: number;
  code: string | null;
  status: InitiativeStatus;
}

/**
 * What is wrong with finding `initiative` a repeat of `original` (the one whose code was
 * typed, null when none has it; `originalOf`: the one `original` itself was found to repeat),
 * field by field, in words for the form. Empty when it may be recorded.
 */
export function duplicateErrors(
  initiative: Candidate,
  typed: { originalCode?: string; reason?: string },
  original: Candidate | null,
  originalOf: { code: string | null } | null,
): FieldErrors {
  const errors: FieldErrors = {};
  const code = normaliseCode(typed.originalCode);
  if (!(typed.originalCode ?? '').trim()) errors.originalCode = 'Nhập mã của sáng kiến đã có, ví dụ SK-2022-0001.';
  else if (!code) errors.originalCode = 'Mã sáng kiến có dạng SK-năm-số, ví dụ SK-2022-0001.';
  else if (!original) errors.originalCode = `Không có sáng kiến nào mang mã ${code}.`;
  else if (original.id === initiative.id) errors.originalCode = 'Không thể đánh dấu sáng kiến trùng với chính nó.';
  else if (original.status === InitiativeStatus.Duplicate) errors.originalCode = `Sáng kiến ${original.code} cũng đã được xác định trùng${originalOf?.code ? ` với ${originalOf.code}: hãy ghi ${originalOf.code}` : ''}.`;
  const reason = (typed.reason ?? '').trim();
  if (!reason) errors.reason = 'Nêu lý do: hai sáng kiến trùng nhau ở điểm nào.';
  else if (reason.length > 2000) errors.reason = 'Lý do dài quá 2.000 ký tự.';
  return errors;
}

/**
 * Where an initiative goes when the finding is undone: back to the status it had, in its
 * round, while the round is open; to "submitted" without a round (waiting for the next
 * one) once its round has closed or when no round holds it.
 */
export function afterUndo(before: InitiativeStatus | null, round: { status: string } | null): { status: InitiativeStatus; leavesRound: boolean } {
  if (!round || round.status === 'closed') return { status: InitiativeStatus.Submitted, leavesRound: Boolean(round) };
  return { status: before === InitiativeStatus.UnderReview ? InitiativeStatus.UnderReview : InitiativeStatus.Submitted, leavesRound: false };
}
