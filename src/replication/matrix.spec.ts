import { UnitKind } from '../units/unit-kinds';
import { AdoptionStatus } from './adoption-rules';
import { groupSummaries, isOverdue, overdueUnitIds, recordLookup } from './matrix';

const { Adopted, NotAdopted, NotStarted, InProgress } = AdoptionStatus;

describe('the adoption matrix', () => {
  it('marks overdue only after the deadline, and only units without a final answer', () => {
    const records = [
      { unitId: 1, status: Adopted },
      { unitId: 2, status: NotAdopted },
      { unitId: 3, status: InProgress },
      { unitId: 3, status: Adopted },
      { unitId: 4, status: NotStarted },
    ];
    expect([...overdueUnitIds(records, { reportDeadline: '2024-11-30' }, '2024-12-01')].sort()).toEqual([3, 4]);
    expect(overdueUnitIds(records, { reportDeadline: '2024-11-30' }, '2024-11-30').size).toBe(0);
    expect(overdueUnitIds(records, { reportDeadline: null }, '2030-01-01').size).toBe(0);
    expect(isOverdue({ status: InProgress }, { reportDeadline: '2024-11-30' }, '2024-12-01')).toBe(true);
    expect(isOverdue({ status: NotAdopted }, { reportDeadline: '2024-11-30' }, '2024-12-01')).toBe(false);
  });

  it('finds a record by initiative and unit, never mixing the two', () => {
    const at = recordLookup([
      { id: 1, initiativeId: 10, unitId: 2 },
      { id: 2, initiativeId: 2, unitId: 10 },
    ]);
    expect(at(10, 2)?.id).toBe(1);
    expect(at(2, 10)?.id).toBe(2);
    expect(at(10, 10)).toBeUndefined();
  });

  it('gives rates and overdue counts per kind of unit, in the order of kinds, merged units counted under their successor', () => {
    const units = [
      { id: 1, kind: UnitKind.Department },
      { id: 2, kind: UnitKind.Commune },
      { id: 3, kind: UnitKind.Commune },
      { id: 4, kind: UnitKind.Commune },
    ];
    const records = [
      { initiativeId: 1, unitId: 1, status: NotStarted },
      { initiativeId: 1, unitId: 2, status: Adopted },
      { initiativeId: 1, unitId: 3, status: NotAdopted },
      // Unit 4 merged into unit 3: one record for the pair, adopted because 4 adopted.
      { initiativeId: 1, unitId: 4, status: Adopted },
    ];
    const groups = groupSummaries(units, records, (u) => (u === 4 ? 3 : u), new Set([1]));
    expect(groups.map((g) => g.kind)).toEqual([UnitKind.Commune, UnitKind.Department]);
    // Rolled up into today's units, the two merged communes are one unit.
    expect(groups[0]).toEqual({ kind: UnitKind.Commune, units: 2, rate: { adopted: 2, total: 2, rate: 100 }, overdue: 0 });
    expect(groups[1]).toEqual({ kind: UnitKind.Department, units: 1, rate: { adopted: 0, total: 1, rate: 0 }, overdue: 1 });
    // As reported: every unit on its own.
    const asReported = groupSummaries(units, records, (u) => u, new Set([1]));
    expect(asReported[0]).toEqual({ kind: UnitKind.Commune, units: 3, rate: { adopted: 2, total: 3, rate: 66.7 }, overdue: 0 });
  });
});
