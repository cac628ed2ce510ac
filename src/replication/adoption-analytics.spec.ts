import { daysBetween, growthLine, reasonCounts, timeToAdopt } from './adoption-analytics';
import { AdoptionStatus as S, NotAdoptedReason as R, REASONS } from './adoption-rules';

const rec = (initiativeId: number, status: S, adoptedDate: string | null = null, reason: R | null = null) => ({ initiativeId, status, adoptedDate, reason });

describe('adoption analytics', () => {
  it('counts the reasons of units that did not adopt, in the order of the list', () => {
    const counts = reasonCounts([rec(1, S.NotAdopted, null, R.NoBudget), rec(2, S.NotAdopted, null, R.NoBudget), rec(1, S.NotAdopted, null, R.NoEquipment), rec(1, S.Adopted, '2023-05-01'), rec(1, S.NotAdopted)]);
    expect(counts[REASONS.indexOf(R.NoBudget)]).toBe(2);
    expect(counts[REASONS.indexOf(R.NoEquipment)]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('measures days from the decision, with the median, leaving out adoptions before it', () => {
    const records = [rec(1, S.Adopted, '2023-03-11'), rec(1, S.Adopted, '2023-03-31'), rec(1, S.Adopted, '2023-04-30'), rec(1, S.Adopted, '2022-12-01'), rec(2, S.Adopted, '2023-03-02'), rec(1, S.InProgress)];
    expect(timeToAdopt('2023-03-01', records, 1)).toEqual({ days: [10, 30, 60], median: 30, before: 1 });
    expect(timeToAdopt(null, records, 1)).toEqual({ days: [], median: null, before: 0 });
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
  });

  it('draws the cumulative line month by month from the decision to the last adoption', () => {
    const line = growthLine('2023-01-15', [rec(1, S.Adopted, '2023-01-20'), rec(2, S.Adopted, '2023-03-05'), rec(3, S.Adopted, '2023-03-25'), rec(4, S.NotAdopted)]);
    expect(line).toEqual({ months: ['2023-01', '2023-02', '2023-03'], cumulative: [1, 1, 3] });
    expect(growthLine('2023-01-15', [])).toEqual({ months: [], cumulative: [] });
  });
});
