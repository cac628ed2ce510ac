import { fold, likePattern } from './text';
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
