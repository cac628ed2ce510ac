import { AdoptionStatus, adoptionRates } from './adoption-rules';
import { defaultRateMode, lineage, RateMode, rateModeOf, successorLabel } from './unit-lineage';

const { Adopted, NotAdopted, NotStarted } = AdoptionStatus;

describe('unit lineage and the two ways of counting rates', () => {
  // 1 and 2 merged into 5 (2025); 5 merged into 6 later; 3 split into 7 and 8; 4 unchanged.
  const line = lineage([
    { predecessorId: 1, successorId: 5, kind: 'merge' },
    { predecessorId: 2, successorId: 5, kind: 'merge' },
    { predecessorId: 5, successorId: 6, kind: 'merge' },
    { predecessorId: 3, successorId: 7, kind: 'split' },
    { predecessorId: 3, successorId: 8, kind: 'split' },
  ]);
  const names: Record<number, string> = { 5: 'Xã Phú Mỹ Thuận', 6: 'Xã Phú Tân', 7: 'Xã A', 8: 'Xã B' };

  it('rolls a merged unit up to its current successor, through a chain of mergers; split and unchanged units stay', () => {
    expect([1, 2, 5, 3, 4].map(line.rollUp)).toEqual([6, 6, 6, 3, 4]);
  });

  it('names where an ended unit went, the current unit for a chain, every part for a split, nothing for a unit in force', () => {
    const label = (id: number) => successorLabel(id, line, (x) => names[x]);
    expect(label(1)).toBe('nay thuộc Xã Phú Tân');
    expect(label(5)).toBe('nay thuộc Xã Phú Tân');
    expect(label(3)).toBe('nay thuộc Xã A, Xã B');
    expect(label(4)).toBe('');
    expect(label(6)).toBe('');
  });

  it('stops on a loop in bad data instead of hanging', () => {
    const loop = lineage([
      { predecessorId: 1, successorId: 2, kind: 'merge' },
      { predecessorId: 2, successorId: 1, kind: 'merge' },
    ]);
    expect([1, 2]).toContain(loop.rollUp(1));
    expect(loop.current(1).length).toBeLessThanOrEqual(1);
  });

  it('the roll-up rule: a successor counts once per initiative, adopted if any unit merged into it adopted', () => {
    // One initiative, four communes; 1 adopted; 1 and 2 then merged into 5.
    const cells = [
      { initiativeId: 9, unitId: 1, status: Adopted },
      { initiativeId: 9, unitId: 2, status: NotAdopted },
      { initiativeId: 9, unitId: 3, status: NotStarted },
      { initiativeId: 9, unitId: 4, status: NotAdopted },
    ];
    const merged = lineage([
      { predecessorId: 1, successorId: 5, kind: 'merge' },
      { predecessorId: 2, successorId: 5, kind: 'merge' },
    ]);
    expect(adoptionRates(cells).overall).toEqual({ adopted: 1, total: 4, rate: 25 });
    expect(adoptionRates(cells, merged.rollUp).overall).toEqual({ adopted: 1, total: 3, rate: 33.3 });
    // Neither of the merged units adopted: the successor has not either.
    const none = cells.map((c) => (c.unitId === 1 ? { ...c, status: NotAdopted } : c));
    expect(adoptionRates(none, merged.rollUp).overall).toEqual({ adopted: 0, total: 3, rate: 0 });
  });

  it('reads a closed programme as it was reported and a running one in today\'s units, unless asked', () => {
    expect(defaultRateMode({ reportDeadline: '2017-11-30' }, '2025-08-01')).toBe(RateMode.Then);
    expect(defaultRateMode({ reportDeadline: '2025-11-30' }, '2025-08-01')).toBe(RateMode.Now);
    expect(defaultRateMode({ reportDeadline: null }, '2025-08-01')).toBe(RateMode.Now);
    expect(rateModeOf('now', { reportDeadline: '2017-11-30' }, '2025-08-01')).toBe(RateMode.Now);
    expect(rateModeOf('bogus', { reportDeadline: '2017-11-30' }, '2025-08-01')).toBe(RateMode.Then);
  });
});
