import { formatShare } from '../common/numbers';
import { INITIATIVE_EXPORT_COLUMNS } from './initiative-export';
import { Initiative } from './initiative.entity';

describe('INITIATIVE_EXPORT_COLUMNS', () => {
  const authors = INITIATIVE_EXPORT_COLUMNS.find((c) => c.header.startsWith('Tác giả'))!;

  it('writes each author with the share as the pages show it, however often a share repeats', () => {
    const shares = [100, 50, 33.333, 33.334, 12.5, 0.004, 66.666, 50];
    const initiative = { authors: shares.map((share, i) => ({ fullName: `Tác giả ${i}`, share })) } as unknown as Initiative;
    const expected = shares.map((share, i) => `Tác giả ${i} (${formatShare(share)})`).join('; ');
    expect(authors.value(initiative)).toBe(expected);
    expect(authors.value(initiative)).toBe(expected);
    expect(expected).toContain('(33,33%)');
    expect(expected).toContain('(12,5%)');
  });

  it('says what each column holds: the year a number, the dates dates, the submission a date-time', () => {
    const kind = (header: string) => INITIATIVE_EXPORT_COLUMNS.find((c) => c.header === header)?.kind ?? 'text';
    expect(kind('Năm')).toBe('integer');
    expect(kind('Ngày áp dụng lần đầu')).toBe('date');
    expect(kind('Ngày nộp')).toBe('datetime');
    expect(INITIATIVE_EXPORT_COLUMNS.every((c) => c.width > 0)).toBe(true);
  });
});
