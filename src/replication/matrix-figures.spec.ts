import { UnitKind } from '../units/unit-kinds';
import { AdoptionStatus } from './adoption-rules';
import { groupsOf, groupSummaries } from './matrix';
import { foldFigures, lateSql, mergedSql, plainSql } from './matrix-figures';
import { lineage, RateMode } from './unit-lineage';

describe('matrix figures counted by the database', () => {
  it('folds the plain counts and the merged units\' cells into rates both ways, groups by kind and open records (PostgreSQL counts come as text)', () => {
    // Units 10 (commune) and 11 (ward) are targets; 12 merged into 11; 13 is not a target in force.
    const row = (id: number, total: number, adoptedNow: number, adoptedThen: number, open: number, plainTotal: number, plainAdopted: number) => ({ id: String(id), total: String(total), adoptedNow, adoptedThen, open, plainTotal, plainAdopted });
    // Unit 10's adopted record was in time; unit 12 had adopted by the deadline, reported late since.
    const perUnit = [row(10, 2, 1, 1, 1, 2, 1), row(11, 2, 1, 0, 0, 0, 0), row(12, 2, 0, 0, 2, 0, 0), row(13, 1, 1, 1, 0, 1, 1)];
    const perInitiative = [row(1, 4, 2, 0, 1, 2, 2), row(2, 3, 1, 1, 2, 1, 0)];
    const late = [
      { part: 'u' as const, id: '12', adopted: '1' },
      { part: 'i' as const, id: 1, adopted: 1 },
    ];
    const merged = [
      { part: 'i' as const, id: 1, kind: null, total: 1, adopted: 1 },
      { part: 'i' as const, id: 2, kind: null, total: 1, adopted: '0' },
      { part: 'c' as const, id: 11, kind: null, total: 2, adopted: 1 },
      { part: 'k' as const, id: null, kind: 'ward', total: 2, adopted: 1 },
    ];
    const units = [
      { id: 10, kind: 'commune' },
      { id: 11, kind: 'ward' },
      { id: 12, kind: 'ward' },
    ];
    const { modes, open } = foldFigures(perUnit, perInitiative, late, merged, units);
    const then = modes[RateMode.Then];
    const now = modes[RateMode.Now];
    expect(then.rates.rows.get(1)).toEqual({ adopted: 1, total: 4, rate: 25 });
    expect(then.rates.columns.get(12)).toEqual({ adopted: 1, total: 2, rate: 50 });
    expect(then.rates.overall).toEqual({ adopted: 2, total: 7, rate: 28.6 });
    expect(then.kinds.get('ward')).toEqual({ adopted: 1, total: 4, rate: 25 });
    expect(now.rates.rows.get(1)).toEqual({ adopted: 3, total: 3, rate: 100 });
    expect(now.rates.columns.get(11)).toEqual({ adopted: 1, total: 2, rate: 50 });
    expect(now.rates.columns.has(12)).toBe(false);
    expect(now.rates.overall).toEqual({ adopted: 3, total: 5, rate: 60 });
    expect(now.kinds.get('commune')).toEqual({ adopted: 1, total: 2, rate: 50 });
    expect(now.kinds.get('ward')).toEqual({ adopted: 1, total: 2, rate: 50 });
    expect(open).toEqual(new Map([[10, 1], [12, 2]]));
    expect(foldFigures([], [], [], [], []).modes[RateMode.Now].rates.overall).toEqual({ adopted: 0, total: 0, rate: null });
  });

  it('reads a count not asked for (no deadline, no merger) as the one it equals', () => {
    const units = [{ id: 10, kind: 'commune' }];
    const full = foldFigures([{ id: 10, total: 3, adoptedNow: 2, adoptedThen: 2, open: 1, plainTotal: 3, plainAdopted: 2 }], [{ id: 1, total: 3, adoptedNow: 2, adoptedThen: 2, plainTotal: 3, plainAdopted: 2 }], [], [], units);
    const short = foldFigures([{ id: 10, total: 3, adoptedNow: 2, open: 1 }], [{ id: 1, total: 3, adoptedNow: 2 }], [], [], units);
    expect(short).toEqual(full);
    expect(plainSql('initiativeId', { late: null, rollUps: [] })).not.toMatch(/adoptedThen|open|plainTotal/);
    expect(plainSql('unitId', { late: null, rollUps: [] })).toContain('"open"');
  });

  it('gives the groups as groupSummaries does, a kind without records at 0 of 0', () => {
    const units = [
      { id: 1, kind: UnitKind.Department },
      { id: 2, kind: UnitKind.Commune },
      { id: 3, kind: UnitKind.Commune },
    ];
    const records = [
      { initiativeId: 1, unitId: 2, status: AdoptionStatus.Adopted },
      { initiativeId: 1, unitId: 3, status: AdoptionStatus.NotAdopted },
    ];
    const rollUp = (u: number) => (u === 3 ? 2 : u);
    const kinds = new Map([[UnitKind.Commune as string, { adopted: 1, total: 1, rate: 100 }]]);
    expect(groupsOf(units, kinds, rollUp, new Set([1]))).toEqual(groupSummaries(units, records, rollUp, new Set([1])));
  });

  it('writes the units of the roll-up into the statements as numbers only, and reads late records from their reports in time', () => {
    const late = new Date('2024-12-01T17:00:00Z');
    expect(mergedSql({ late, rollUps: [[4, 3]] })).toContain('VALUES (4, 3)');
    expect(plainSql('unitId', { late, rollUps: [[4, 3]] })).toContain('NOT IN (3, 4)');
    expect(plainSql('unitId', { late, rollUps: [] })).toContain('a."reportedAt" < :late');
    expect(lateSql({ late, rollUps: [] })).toContain('r."createdAt" < :late');
    expect(plainSql('initiativeId', { late: null, rollUps: [] })).not.toContain(':late');
    expect(lateSql({ late: null, rollUps: [] })).toBeNull();
    expect(mergedSql({ late: null, rollUps: [] })).toBeNull();
    expect(() => mergedSql({ late: null, rollUps: [[1.5, 2]] })).toThrow();
  });

  it('names the merged units of a lineage (not the split ones)', () => {
    const line = lineage([
      { predecessorId: 1, successorId: 2, kind: 'merge' },
      { predecessorId: 2, successorId: 3, kind: 'merge' },
      { predecessorId: 5, successorId: 6, kind: 'split' },
    ]);
    expect([...line.merged].sort()).toEqual([1, 2]);
    expect(line.rollUp(1)).toBe(3);
  });
});
