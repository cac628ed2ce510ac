import { Unit } from './unit.entity';
import { FILTER_LIST_LIMIT, publicUnitFilterOptions, unitFilterOptions } from './units.view';

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

describe(publicUnitFilterOptions.name, () => {
  const units = [
    new Unit({ id: 1, code: 'QTHT', name: 'Đơn vị quản trị hệ thống', parentId: null, validTo: null }),
    new Unit({ id: 2, code: 'PT', name: 'UBND huyện Phú Tân', parentId: 1, validTo: null }),
    new Unit({ id: 3, code: 'PT-PM', name: 'UBND xã Phú Mỹ', parentId: 2, validTo: '2025-06-30' }),
    new Unit({ id: 4, code: 'PT-PT', name: 'UBND xã Phú Thuận', parentId: 2, validTo: '2025-06-30' }),
    new Unit({ id: 5, code: 'PT-PMT', name: 'UBND xã Phú Mỹ Thuận', parentId: 2, validTo: null }),
    new Unit({ id: 6, code: 'PT-TL', name: 'UBND xã Tân Lập', parentId: 2, validTo: '2026-12-31' }),
  ];

  it('lists current real units only: not the system unit, not ended ones', () => {
    expect(publicUnitFilterOptions(units, undefined, '2026-01-01')).toEqual([
      { value: '2', label: 'UBND huyện Phú Tân (PT)' },
      { value: '5', label: '\u00A0\u00A0\u00A0UBND xã Phú Mỹ Thuận (PT-PMT)' },
      { value: '6', label: '\u00A0\u00A0\u00A0UBND xã Tân Lập (PT-TL)' },
    ]);
  });

  it('keeps an ended unit chosen by an older link', () => {
    expect(publicUnitFilterOptions(units, 3, '2026-01-01').map((o) => o.value)).toEqual(['2', '3', '5', '6']);
  });

  it('lists the first unit once it is renamed into a real one', () => {
    const renamed = [new Unit({ ...units[0], name: 'UBND huyện Phú Tân' }), ...units.slice(1)];
    expect(publicUnitFilterOptions(renamed, undefined, '2026-01-01').map((o) => o.value)).toEqual(['1', '2', '5', '6']);
  });
});
