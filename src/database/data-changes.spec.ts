import { DataChange, reaches, unitRecordsChange } from './data-changes';

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
