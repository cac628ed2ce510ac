import { Unit } from './unit.entity';
import { FILTER_LIST_LIMIT, unitFilterOptions } from './units.view';

describe('unitFilterOptions', () => {
  const many = [new Unit({ id: 1, code: 'P', name: 'Tỉnh', parentId: null, validTo: null })];
  for (let d = 0; d < 5; d++) many.push(new Unit({ id: 10 + d, code: `D${d}`, name: `Huyện ${d}`, parentId: 1, validTo: null }));
  for (let c = 0; c < FILTER_LIST_LIMIT; c++) many.push(new Unit({ id: 1000 + c, code: `C${c}`, name: `Xã ${c}`, parentId: 10 + (c % 5), validTo: null }));

  it('lists every unit when there are few', () => {
    expect(unitFilterOptions(many.slice(0, 50), undefined, '2026-01-01')).toHaveLength(50);
  });
  it('shows two levels when there are many, and the sub-units of the chosen one', () => {
    expect(unitFilterOptions(many, undefined, '2026-01-01').map((o) => o.value)).toEqual(['1', '10', '11', '12', '13', '14']);
    const drilled = unitFilterOptions(many, 12, '2026-01-01');
    expect(drilled).toHaveLength(6 + FILTER_LIST_LIMIT / 5);
    expect(drilled.some((o) => o.value === '1002')).toBe(true);
    expect(drilled.some((o) => o.value === '1003')).toBe(false);
  });
});
