import { Unit } from './unit.entity';
import { UnitList } from './unit-list';
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

describe('filter options kept per reading of the units (UnitList)', () => {
  const units = () => {
    const many = [new Unit({ id: 1, code: 'P', name: 'Tỉnh', parentId: null, validTo: null })];
    for (let c = 0; c < 10; c++) many.push(new Unit({ id: 10 + c, code: `X${c}`, name: `Xã ${c}`, parentId: 1, validTo: c === 9 ? '2025-06-30' : null }));
    return many;
  };

  it('builds the options without a choice once per reading and day', () => {
    const reading = UnitList.read(units());
    const first = unitFilterOptions(reading, undefined, '2026-01-01');
    expect(unitFilterOptions(reading, undefined, '2026-01-01')).toBe(first);
    expect(unitFilterOptions(reading, undefined, '2026-01-02')).not.toBe(first);
    const publicFirst = publicUnitFilterOptions(reading, undefined, '2026-01-01');
    expect(publicUnitFilterOptions(reading, undefined, '2026-01-01')).toBe(publicFirst);
    expect(publicFirst).not.toBe(first);
  });

  it('builds anew for another reading (the read cache holds a new one after a change)', () => {
    const before = UnitList.read(units());
    const options = publicUnitFilterOptions(before, undefined, '2026-01-01');
    const changed = units();
    changed[1].name = 'Xã đổi tên';
    const after = UnitList.read(changed);
    expect(publicUnitFilterOptions(after, undefined, '2026-01-01')).not.toBe(options);
    expect(publicUnitFilterOptions(after, undefined, '2026-01-01').map((o) => o.label.trim())).toContain('Xã đổi tên (X0)');
    expect(options.map((o) => o.label.trim())).toContain('Xã 0 (X0)');
  });

  it('keeps nothing for a plain list: each call builds for itself', () => {
    const plain = units();
    expect(unitFilterOptions(plain, undefined, '2026-01-01')).not.toBe(unitFilterOptions(plain, undefined, '2026-01-01'));
    expect(publicUnitFilterOptions(plain, undefined, '2026-01-01')).not.toBe(publicUnitFilterOptions(plain, undefined, '2026-01-01'));
    expect(publicUnitFilterOptions(plain, undefined, '2026-01-01')).toEqual(publicUnitFilterOptions(UnitList.read(plain), undefined, '2026-01-01'));
  });

  it('never keeps the options of a choice, nor an ended unit chosen by an older link', () => {
    const reading = UnitList.read(units());
    expect(publicUnitFilterOptions(reading, 19, '2026-01-01').map((o) => o.value)).toContain('19');
    expect(publicUnitFilterOptions(reading, undefined, '2026-01-01').map((o) => o.value)).not.toContain('19');
    expect(publicUnitFilterOptions(reading, 12, '2026-01-01')).not.toBe(publicUnitFilterOptions(reading, 12, '2026-01-01'));
  });
});

describe(UnitList.name, () => {
  it('is an array of the units read; lists made from it are plain arrays', () => {
    const list = UnitList.read([new Unit({ id: 1, name: 'A' }), new Unit({ id: 2, name: 'B' })]);
    expect(Array.isArray(list)).toBe(true);
    expect(list).toHaveLength(2);
    expect(list.map((u) => u.id)).toEqual([1, 2]);
    expect(list.filter((u) => u.id === 1)).not.toBeInstanceOf(UnitList);
    expect(JSON.stringify(list)).toBe(JSON.stringify([...list]));
  });

  it('builds a derived value once per key', () => {
    const list = UnitList.read([]);
    const build = jest.fn(() => ({ built: true }));
    expect(list.derived('k', build)).toBe(list.derived('k', build));
    list.derived('other', build);
    expect(build).toHaveBeenCalledTimes(2);
  });
});

describe('filters after a unit ended', () => {
  const units = [
    new Unit({ id: 1, code: 'QT', name: 'Tỉnh Quảng Trị', parentId: null, validTo: null }),
    new Unit({ id: 2, code: 'VL', name: 'UBND huyện Vĩnh Linh', parentId: 1, validTo: '2025-06-30' }),
    new Unit({ id: 3, code: 'VL-VH', name: 'UBND xã Vĩnh Hòa', parentId: 2, validTo: null }),
  ];

  it('leaves the ended unit out of a filter list, unless it is the one chosen', () => {
    expect(unitFilterOptions(units, undefined, '2026-01-01').map((o) => o.value)).toEqual(['1', '3']);
    expect(unitFilterOptions(units, 2, '2026-01-01').map((o) => o.value)).toEqual(['1', '2', '3']);
  });
});
