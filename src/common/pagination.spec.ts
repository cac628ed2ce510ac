import { pageNumber, paginate } from './pagination';

describe(paginate.name, () => {
  it('keeps filters in the links and drops empty ones', () => {
    const p = paginate(2, 120, { q: 'vinh', role: '', page: '2' }, 50);
    expect(p).toMatchObject({ page: 2, pages: 3, from: 51, to: 100, prev: '?q=vinh', next: '?q=vinh&page=3' });
    expect(p.links.map((l) => l.current)).toEqual([false, true, false]);
  });

  it('clamps a page past the end and handles no rows', () => {
    expect(paginate(9, 10, {}, 50)).toMatchObject({ page: 1, pages: 1, from: 1, to: 10 });
    expect(paginate(1, 0, {}, 50)).toMatchObject({ from: 0, to: 0, prev: undefined, next: undefined });
  });

  it('reads page numbers defensively', () => {
    expect(pageNumber('3')).toBe(3);
    expect(pageNumber('-1')).toBe(1);
    expect(pageNumber('abc')).toBe(1);
    expect(pageNumber(undefined)).toBe(1);
  });
});
