import { UnitKind } from '../units/unit-kinds';
import { AdoptionStatus } from './adoption-rules';
import { groupsOf, groupSummaries } from './matrix';
import { figuresSql, foldFigures } from './matrix-figures';
import { lineage } from './unit-lineage';

describe('matrix figures counted by the database', () => {
  it('folds the rows per initiative, column unit and kind into rates as adoptionRates gives them (PostgreSQL counts come as text)', () => {
    const figures = foldFigures([
      { part: 'i', id: 1, kind: null, total: '3', adopted: '2' },
      { part: 'i', id: '2', kind: null, total: 3, adopted: 0 },
      { part: 'c', id: 10, kind: null, total: 2, adopted: 1 },
      { part: 'c', id: 11, kind: null, total: 4, adopted: 1 },
      { part: 'k', id: null, kind: 'commune', total: 6, adopted: 2 },
    ]);
    expect(figures.rates.rows.get(1)).toEqual({ adopted: 2, total: 3, rate: 66.7 });
    expect(figures.rates.rows.get(2)).toEqual({ adopted: 0, total: 3, rate: 0 });
    expect(figures.rates.columns.get(11)).toEqual({ adopted: 1, total: 4, rate: 25 });
    expect(figures.rates.overall).toEqual({ adopted: 2, total: 6, rate: 33.3 });
    expect(figures.kinds.get('commune')).toEqual({ adopted: 2, total: 6, rate: 33.3 });
    expect(foldFigures([]).rates.overall).toEqual({ adopted: 0, total: 0, rate: null });
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

  it('writes the roll-up of merged units into the statement as numbers only, and reads late records from their reports in time', () => {
    const sql = figuresSql({ late: new Date('2024-12-01T17:00:00Z'), rollUps: [[4, 3]] });
    expect(sql).toContain('VALUES (4, 3)');
    expect(sql).toContain('r."createdAt" < :late');
    expect(figuresSql({ late: null, rollUps: [] })).not.toContain(':late');
    expect(() => figuresSql({ late: null, rollUps: [[1.5, 2]] })).toThrow();
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
