import { fold, foldSlowly, foldsByTable, likePattern } from './text';
import { formatDate, formatDateTime, isValidIsoDate, parseDateInput } from './dates';

describe('fold', () => {
  it.each([
    ['Vĩnh Hòa', 'vinh hoa'],
    ['Đức Hạnh', 'duc hanh'],
    ['  Cải   cách hành chính ', 'cai cach hanh chinh'],
    ['ĐẢNG ỦY', 'dang uy'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('folds decomposed (NFD) input the same as composed', () => {
    expect(fold('Vĩnh Hòa'.normalize('NFD'))).toBe('vinh hoa');
  });

  // The table is only a faster way: every text folds as the definition folds it.
  it('folds every character of the table as the definition does, alone and between letters', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x2070; c++) {
      if (!foldsByTable(c)) continue;
      const ch = String.fromCharCode(c);
      for (const text of [ch, `a${ch}b`, ` ${ch} `, `Ơ${ch}\u0301x`]) if (fold(text) !== foldSlowly(text)) differ.push(`U+${c.toString(16)} in ${JSON.stringify(text)}`);
    }
    expect(differ).toEqual([]);
  });

  it('folds random mixtures of letters, marks apart and white space as the definition does', () => {
    const pool = [...'aAđĐơƯưỹỸếẾİıßẞǯǅ \t\n\u00a0\u2003\u2028', '\u0301', '\u031b', '\u0323', '\u0308', 'x\u0301\u0323'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const differ: string[] = [];
    for (let k = 0; k < 20000; k++) {
      let text = '';
      for (let n = Math.floor(next() * 14); n > 0; n--) text += pool[Math.floor(next() * pool.length)];
      if (fold(text) !== foldSlowly(text)) differ.push(JSON.stringify(text));
    }
    expect(differ).toEqual([]);
  });

  it('folds text with characters outside the table the slow way', () => {
    // Greek: a final sigma lowers by its place in the word; CJK and a mark kept (U+20DD).
    for (const text of ['ΟΔΟΣ Hà Nội', '東京 Đà Lạt', 'a\u20dd\u0301 B', '😀 Ứng dụng']) expect(fold(text)).toBe(foldSlowly(text));
    expect(fold('ΟΔΟΣ')).toBe('οδος');
  });
});

describe('likePattern', () => {
  it('escapes LIKE wildcards', () => {
    expect(likePattern('50%_a')).toBe('%50\\%\\_a%');
  });
});

describe('dates', () => {
  it('validates ISO dates strictly', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2023-13-01')).toBe(false);
    expect(isValidIsoDate('01/02/2023')).toBe(false);
  });
  it('parses dd/mm/yyyy and yyyy-mm-dd', () => {
    expect(parseDateInput('1/7/2025')).toBe('2025-07-01');
    expect(parseDateInput('2025-07-01')).toBe('2025-07-01');
    expect(parseDateInput('31/02/2025')).toBeNull();
    expect(parseDateInput('hôm nay')).toBeNull();
  });
  it('formats as dd/mm/yyyy in Vietnam time', () => {
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    // 20:00 UTC on 30 June is already 1 July in Vietnam (UTC+7).
    expect(formatDate(new Date('2025-06-30T20:00:00Z'))).toBe('01/07/2025');
    expect(formatDateTime(new Date('2025-06-30T20:05:00Z'))).toBe('01/07/2025 03:05');
    expect(formatDate(null)).toBe('');
  });
});

import { parseNumberVi } from './validation';

describe('parseNumberVi', () => {
  it.each([
    ['98,5', 98.5],
    ['2.481', 2481],
    ['1.234,5', 1234.5],
    ['12.5', 12.5],
    ['81.74', 81.74],
    [' 100 ', 100],
    ['98%', 98],
    ['-3', -3],
  ])('reads %s as %d', (raw, n) => {
    expect(parseNumberVi(raw)).toBe(n);
  });
  it('gives null for empty and NaN for nonsense', () => {
    expect(parseNumberVi('')).toBeNull();
    expect(parseNumberVi(undefined)).toBeNull();
    expect(parseNumberVi('khoảng 10')).toBeNaN();
  });
});
