import { AdoptionStatus as S } from './adoption-rules';
import { anyLate, atDeadline, lastInTime, lateDayOf, lateFrom, lateLabel, lateOn } from './report-time';

// A 2017 programme whose reports were due on 30/06/2017 (Vietnam time, UTC+7).
const DEADLINE = '2017-06-30';

describe(lateOn.name, () => {
  it('is in time up to the end of the deadline day in Vietnam, late from the next day', () => {
    expect(lateOn(new Date('2017-06-30T16:59:59Z'), DEADLINE)).toBeNull(); // 23:59:59 on 30/06 in Vietnam
    expect(lateOn(new Date('2017-06-30T17:00:00Z'), DEADLINE)).toBe('2017-07-01'); // 00:00 on 01/07 in Vietnam
    expect(lateOn(new Date('2026-12-05T03:00:00Z'), DEADLINE)).toBe('2026-12-05');
  });

  it('is never late without a deadline or without a report', () => {
    expect(lateOn(new Date('2026-12-05T03:00:00Z'), null)).toBeNull();
    expect(lateOn(null, DEADLINE)).toBeNull();
  });
});

describe(lateDayOf.name, () => {
  it('reads the deadline once and answers as lateOn for each report', () => {
    const lateDay = lateDayOf(DEADLINE);
    expect(lateDay(new Date('2017-06-30T16:59:59Z'))).toBeNull();
    expect(lateDay(new Date('2017-06-30T17:00:00Z'))).toBe('2017-07-01');
    expect(lateDay(null)).toBeNull();
    expect(lateDayOf(null)(new Date('2026-12-05T03:00:00Z'))).toBeNull();
  });
});

describe(lateFrom.name, () => {
  it('is the first instant of the day after the deadline in Vietnam (the bound the database compares with)', () => {
    expect(lateFrom(DEADLINE)?.toISOString()).toBe('2017-06-30T17:00:00.000Z');
    expect(lateFrom(null)).toBeNull();
  });
});

describe(lateLabel.name, () => {
  it('says "báo cáo muộn" with the day, as dd/mm/yyyy', () => {
    expect(lateLabel('2026-12-05')).toBe('báo cáo muộn (05/12/2026)');
  });
});

describe(lastInTime.name, () => {
  it('keeps the status of the highest version of each record, in any order', () => {
    const got = lastInTime([
      { adoptionId: 1, version: 2, status: S.InProgress },
      { adoptionId: 1, version: 1, status: S.Planned },
      { adoptionId: 2, version: 1, status: S.NotAdopted },
    ]);
    expect(got).toEqual(new Map([[1, S.InProgress], [2, S.NotAdopted]]));
  });
});

describe(atDeadline.name, () => {
  const inTime = new Date('2017-06-01T03:00:00Z');
  const late = new Date('2026-12-05T03:00:00Z');
  const records = [
    { id: 1, initiativeId: 7, unitId: 1, status: S.Adopted, reportedAt: inTime },
    // Reported late (adopted 01/11/2026) and never before: not started at the deadline.
    { id: 2, initiativeId: 7, unitId: 2, status: S.Adopted, reportedAt: late },
    // "In progress" in time, then "adopted" late: in progress at the deadline.
    { id: 3, initiativeId: 7, unitId: 3, status: S.Adopted, reportedAt: late },
    { id: 4, initiativeId: 7, unitId: 4, status: S.NotStarted, reportedAt: null },
  ];

  it('reads each record as it stood at the deadline: a late report does not count', () => {
    const cells = atDeadline(records, DEADLINE, new Map([[3, S.InProgress]]));
    expect(cells.map((c) => c.status)).toEqual([S.Adopted, S.NotStarted, S.InProgress, S.NotStarted]);
    expect(cells.map((c) => [c.initiativeId, c.unitId])).toEqual([[7, 1], [7, 2], [7, 3], [7, 4]]);
  });

  it('takes every record as it is while the deadline has not passed, or without a deadline', () => {
    expect(atDeadline(records, null, new Map()).map((c) => c.status)).toEqual(records.map((r) => r.status));
    expect(atDeadline(records, '2026-12-31', new Map()).map((c) => c.status)).toEqual(records.map((r) => r.status));
  });
});

describe(anyLate.name, () => {
  it('tells whether any record was last reported after the deadline day', () => {
    expect(anyLate([{ reportedAt: new Date('2017-06-30T16:59:59Z') }, { reportedAt: null }], DEADLINE)).toBe(false);
    expect(anyLate([{ reportedAt: new Date('2017-06-30T17:00:00Z') }], DEADLINE)).toBe(true);
    expect(anyLate([{ reportedAt: new Date('2026-12-05T03:00:00Z') }], null)).toBe(false);
  });
});
