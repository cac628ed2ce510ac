import { formatDate } from '../common/dates';
import { sentence } from '../decisions/document-text';

/** What a decision's notice (on the home page and by e-mail) needs to say. */
export interface DecisionNotice {
  title: string;
  outcome: 'recognized' | 'not_recognized';
  /** The decision's number, e.g. "15/QĐ-UBND". */
  number: string;
  /** The decision's date (yyyy-mm-dd). */
  date: string;
  /** The level of recognition's label ("Cấp tỉnh"), when recognised. */
  level?: string | null;
  reasons?: string | null;
}

/**
 * The author's notice of the outcome: the decision it announces by number and date, and
 * for a refusal the reason as the decision gives it (one full stop, whatever was typed).
 */
export function decisionNoticeText(d: DecisionNotice): string {
  const decision = `Quyết định số ${d.number.trim()} ngày ${formatDate(d.date)}`;
  if (d.outcome === 'recognized') return `Sáng kiến "${d.title}" đã được công nhận theo ${decision}${d.level ? `, phạm vi ảnh hưởng: ${d.level}` : ''}.`;
  const reasons = (d.reasons ?? '').trim();
  return `Sáng kiến "${d.title}" không được công nhận theo ${decision}.${reasons ? ` Lý do: ${sentence(reasons)}` : ''}`;
}

/** The author's notice of a return for revision, with what is to be added. */
export function returnedNoticeText(title: string, note: string): string {
  return `Sáng kiến "${title}" được trả lại để bổ sung. Nội dung cần bổ sung: ${sentence(note.trim())}`;
}
