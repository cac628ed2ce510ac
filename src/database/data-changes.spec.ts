import { DataChange, reachedBy, reaches, recordsChanges, unitRecordsChange, UNITS_NAMED_AT_MOST, wholesOf } from './data-changes';

describe(reaches.name, () => {
  it('reaches the same thing, its parts and the whole it is part of, never a sibling or a look-alike name', () => {
    const report: DataChange = unitRecordsChange(4, 9);
    expect(report).toBe('programme:4:records:9');
    expect(reaches(report, report)).toBe(true);
    expect(reaches(report, 'programme:4')).toBe(true);
    expect(reaches('programme:4', report)).toBe(true);
    expect(reaches(report, unitRecordsChange(4, 10))).toBe(false);
    expect(reaches(report, unitRecordsChange(4, 90))).toBe(false);
    expect(reaches(report, 'programme:40')).toBe(false);
    expect(reaches('programme:4', 'programme:40')).toBe(false);
    expect(reaches('programme:4', unitRecordsChange(40, 9))).toBe(false);
    expect(reaches(report, unitRecordsChange(5, 9))).toBe(false);
    expect(reaches('units', 'programme:4')).toBe(false);
    expect(reaches('units', 'units')).toBe(true);
  });
});

describe(reachedBy.name, () => {
  it('answers as reaches does for every pair, for several changes at once', () => {
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
