// How a document is signed (Nghị định 30/2020/NĐ-CP, Điều 8 and Phụ lục I): the head in
// their own name, a deputy for the head ("KT."), for a collective body ("TM."), or an
// acting head ("Q."). Pure functions, unit-tested beside.
import { FieldErrors } from '../common/exceptions';

export type SigningMode = 'own' | 'kt' | 'tm' | 'q';
export const SIGNING_MODES: readonly SigningMode[] = ['own', 'kt', 'tm', 'q'];
export const SIGNING_MODE_LABELS: Record<SigningMode, string> = {
  own: 'Người đứng đầu ký',
  kt: 'Cấp phó ký thay (KT.)',
  tm: 'Ký thay mặt tập thể (TM.)',
  q: 'Quyền người đứng đầu ký (Q.)',
};

export function isSigningMode(v: unknown): v is SigningMode {
  return typeof v === 'string' && (SIGNING_MODES as readonly string[]).includes(v);
}

/** Who signs: the mode, the head's title (or the collective body, for TM.), the signer's own title, the name. */
export interface Signing {
  mode: SigningMode;
  /** "CHỦ TỊCH", "GIÁM ĐỐC"; for TM. the body: "ỦY BAN NHÂN DÂN". */
  headTitle: string;
  /** The signer's own title: "PHÓ CHỦ TỊCH" (KT.), "CHỦ TỊCH" (TM.); for the head or an acting head, empty. */
  signerTitle: string;
  name: string;
}

const upper = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi-VN');

/**
 * The title lines of the signature block, in capitals:
 * own → ["CHỦ TỊCH"]; KT. → ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"];
 * TM. → ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]; Q. → ["Q. CHỦ TỊCH"].
 */
export function signatureLines(s: Pick<Signing, 'mode' | 'headTitle' | 'signerTitle'>): string[] {
  const head = upper(s.headTitle);
  const own = upper(s.signerTitle);
  switch (s.mode) {
    case 'kt':
      return [`KT. ${head}`, own];
    case 'tm':
      return [`TM. ${head}`, own];
    case 'q':
      return [`Q. ${head}`];
    default:
      return [head || own];
  }
}

/**
 * A title typed before signing was structured ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "CHỦ TỊCH"),
 * read as a signing: how decisions recorded earlier are read again.
 */
export function signingFromTitle(title: string, name = ''): Signing {
  const lines = title.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const first = lines[0] ?? '';
  const prefix = /^(KT|TM|Q)\.\s*/i.exec(first);
  if (!prefix) return { mode: 'own', headTitle: upper(lines.join(' ')), signerTitle: '', name };
  const mode = prefix[1].toLowerCase() as SigningMode;
  return { mode, headTitle: upper(first.slice(prefix[0].length)), signerTitle: upper(lines.slice(1).join(' ')), name };
}

/** What a signing lacks, beside the fields of the decision form. */
export function signingErrors(s: Signing): FieldErrors {
  const errors: FieldErrors = {};
  if (!s.headTitle.trim()) errors.headTitle = s.mode === 'tm' ? 'Vui lòng nhập tên tập thể (ví dụ ỦY BAN NHÂN DÂN).' : 'Vui lòng nhập chức danh người đứng đầu.';
  if ((s.mode === 'kt' || s.mode === 'tm') && !s.signerTitle.trim()) {
    errors.signerTitle = s.mode === 'kt' ? 'Vui lòng nhập chức danh của cấp phó ký thay (ví dụ PHÓ CHỦ TỊCH).' : 'Vui lòng nhập chức danh của người ký thay mặt tập thể (ví dụ CHỦ TỊCH).';
  }
  if (!s.name.trim()) errors.signerName = 'Vui lòng nhập họ tên người ký.';
  return errors;
}
