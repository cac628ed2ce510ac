/**
 * Vietnamese text folded for search: no diacritics, đ→d, lower case, single spaces.
 * ("Vĩnh Hòa" → "vinh hoa", "Đức Hạnh" → "duc hanh").
 */
export function fold(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes % and _ for a LIKE pattern (used with ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
