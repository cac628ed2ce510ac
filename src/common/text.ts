/**
 * Vietnamese text folded for search: no diacritics, đ→d, lower case, single spaces.
 * ("Vĩnh Hòa" → "vinh hoa", "Đức Hạnh" → "duc hanh").
 *
 * Every search, index entry and novelty score folds text, so this is done a character at a
 * time from a table, as `foldSlowly` would fold that character alone. That is the same as
 * folding the whole text for the Latin letters, the Vietnamese ones (precomposed or with
 * their marks apart), the combining marks it removes and general punctuation; any other
 * character (another script, a mark it keeps, one whose case depends on its neighbours)
 * sends the whole text the slow way.
 */
export function fold(text: string | null | undefined): string {
  if (!text) return '';
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const folded = c < TABLE_SIZE ? FOLDED[c] : undefined;
    if (folded === undefined) return foldSlowly(text);
    if (SPACE[c]) {
      // Runs of white space become one space, none at either end.
      space = out.length > 0;
    } else if (folded) {
      if (space) out += ' ';
      out += folded;
      space = false;
    }
  }
  return out;
}

/** The definition: decomposed, marks removed, đ→d, lower case, white space collapsed and trimmed. */
export function foldSlowly(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Characters folded from the table: Latin (with its extensions), combining marks, Vietnamese letters, general punctuation. */
export function foldsByTable(c: number): boolean {
  return c < 0x250 || (c >= 0x300 && c < 0x370) || (c >= 0x1e00 && c < 0x1f00) || (c >= 0x2000 && c < 0x2070);
}

const TABLE_SIZE = 0x2070;
/** Each character as folded alone (without the white-space step); undefined: not folded from the table. */
const FOLDED: (string | undefined)[] = new Array<string | undefined>(TABLE_SIZE);
/** 1 for a character that folds to white space. */
const SPACE = new Uint8Array(TABLE_SIZE);
for (let c = 0; c < TABLE_SIZE; c++) {
  if (!foldsByTable(c)) continue;
  const alone = String.fromCharCode(c).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  if (/^\s+$/.test(alone)) SPACE[c] = 1;
  // A character folding to letters and white space together would need the slow way (none does).
  else if (/\s/.test(alone)) continue;
  FOLDED[c] = alone;
}

/** Escapes % and _ for a LIKE pattern (used with ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
