import { INITIATIVE_EXPORT_COLUMNS } from './initiative-export';
import { formatPercent } from './initiative-rules';
import { Initiative } from './initiative.entity';

describe('INITIATIVE_EXPORT_COLUMNS', () => {
  const authors = INITIATIVE_EXPORT_COLUMNS.find((c) => c.header.startsWith('Tác giả'))!;

  it('writes each author with the share as formatPercent shows it, however often a share repeats', () => {
    const shares = [100, 50, 33.333, 33.334, 12.5, 0.004, 66.666, 50];
    const initiative = { authors: shares.map((share, i) => ({ fullName: `Tác giả ${i}`, share })) } as unknown as Initiative;
    const expected = shares.map((share, i) => `Tác giả ${i} (${formatPercent(share)}%)`).join('; ');
    expect(authors.value(initiative)).toBe(expected);
    expect(authors.value(initiative)).toBe(expected);
    expect(expected).toContain('(33,33%)');
  });
});
