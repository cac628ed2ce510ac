import { DataChange, reachedBy, recordsChanges, unitRecordsChange, UNITS_NAMED_AT_MOST, wholesOf } from './data-changes';

/** The rule for one change, as it reads: the same thing, a part of what was read, or a whole it is part of. */
function reaches(change: DataChange, read: DataChange): boolean {
  return change === read || wholesOf(read).includes(change) || wholesOf(change).includes(read);
}
/** reachedBy with one change: what the cache asks. */
const reachedByOne = (change: DataChange, read: DataChange) => reachedBy(new Set([change]))(read);

describe(`${reachedBy.name}, one change at a time`, () => {
  it('reaches the same thing, its parts and the whole it is part of, never a sibling or a look-alike name', () => {
    const report: DataChange = unitRecordsChange(4, 9);
    expect(report).toBe('programme:4:records:9');
    expect(reachedByOne(report, report)).toBe(true);
    expect(reachedByOne(report, 'programme:4')).toBe(true);
    expect(reachedByOne('programme:4', report)).toBe(true);
    expect(reachedByOne(report, unitRecordsChange(4, 10))).toBe(false);
    expect(reachedByOne(report, unitRecordsChange(4, 90))).toBe(false);
    expect(reachedByOne(report, 'programme:40')).toBe(false);
    expect(reachedByOne('programme:4', 'programme:40')).toBe(false);
    expect(reachedByOne('programme:4', unitRecordsChange(40, 9))).toBe(false);
    expect(reachedByOne(report, unitRecordsChange(5, 9))).toBe(false);
    expect(reachedByOne('units', 'programme:4')).toBe(false);
    expect(reachedByOne('units', 'units')).toBe(true);
  });
});

describe(reachedBy.name, () => {
  it('answers as the rule does for each change, for every pair of changes at once', () => {
    const names: DataChange[] = ['units', 'initiatives', 'programme:4', 'programme:40', unitRecordsChange(4, 9), unitRecordsChange(4, 90), unitRecordsChange(40, 9), unitRecordsChange(5, 9)];
    for (const a of names) {
      for (const b of names) {
        const changes = new Set<DataChange>([a, b]);
        for (const read of names) expect([a, b, read, reachedBy(changes)(read)]).toEqual([a, b, read, reaches(a, read) || reaches(b, read)]);
      }
    }
  });

  it('names the wholes of a nested name, none of a plain one', () => {
    expect(wholesOf(unitRecordsChange(4, 9))).toEqual(['programme', 'programme:4', 'programme:4:records']);
    expect(wholesOf('units')).toEqual([]);
  });
});

describe(recordsChanges.name, () => {
  it("names each unit's records, once, per programme", () => {
    expect(recordsChanges([{ programmeId: 4, unitId: 9 }, { programmeId: 4, unitId: 9 }, { programmeId: 4, unitId: 10 }, { programmeId: 5, unitId: 9 }])).toEqual([unitRecordsChange(4, 9), unitRecordsChange(4, 10), unitRecordsChange(5, 9)]);
    expect(recordsChanges([])).toEqual([]);
  });

  it('names the whole programme when a write reaches more units of it than a page of the grid holds', () => {
    const many = Array.from({ length: UNITS_NAMED_AT_MOST + 1 }, (_, u) => ({ programmeId: 4, unitId: u + 1 }));
    const page = many.slice(0, UNITS_NAMED_AT_MOST);
    expect(recordsChanges([...many, { programmeId: 5, unitId: 1 }])).toEqual(['programme:4', unitRecordsChange(5, 1)]);
    expect(recordsChanges(page)).toHaveLength(UNITS_NAMED_AT_MOST);
  });
});
