import { todayIso } from './dates';

describe('todayIso', () => {
  it("is Vietnam's day (UTC+7): the day turns at 17:00 UTC, also when asked again within the same minute", () => {
    expect(todayIso(new Date('2026-12-07T16:59:59.999Z'))).toBe('2026-12-07');
    expect(todayIso(new Date('2026-12-07T17:00:00.000Z'))).toBe('2026-12-08');
    expect(todayIso(new Date('2026-12-07T17:00:59.999Z'))).toBe('2026-12-08');
    // Another minute, earlier: asked afresh, not the day kept.
    expect(todayIso(new Date('2026-12-07T16:59:00.000Z'))).toBe('2026-12-07');
    expect(todayIso(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
  });

  it('refuses an invalid date, as formatting it does', () => {
    expect(() => todayIso(new Date('không phải ngày'))).toThrow(RangeError);
  });
});
