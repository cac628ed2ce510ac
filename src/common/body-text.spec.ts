import { withoutNul } from './body-text';

describe('withoutNul', () => {
  it('removes NUL characters from every text of a body, nested too, and leaves everything else', () => {
    const body = { reason: 'a\0b', list: ['x\0', 'y'], nested: { deep: '\0\0z' }, n: 3, empty: null };
    expect(withoutNul(body)).toEqual({ reason: 'ab', list: ['x', 'y'], nested: { deep: 'z' }, n: 3, empty: null });
    expect(withoutNul('Sở Nội vụ')).toBe('Sở Nội vụ');
  });
});
