import { DEFAULT_SCHEDULE, dueSlot, lastSlot, nextSlot, scheduleLabel } from './reminder-rules';

// Sunday 6 December 2026, 15:30 UTC = 22:30 in Vietnam.
const now = new Date('2026-12-06T15:30:00Z');

describe('weekly reminders', () => {
  it("finds the week's time at or before now, in Vietnam's time", () => {
    // Monday 08:00 (Vietnam) = Monday 01:00 UTC: the last one was 30 November.
    expect(lastSlot(1, 8, now).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    // Sunday 08:00: earlier today.
    expect(lastSlot(0, 8, now).toISOString()).toBe('2026-12-06T01:00:00.000Z');
    // Sunday 23:00: not yet today, so last week's.
    expect(lastSlot(0, 23, now).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    // Monday 06:00 in Vietnam is still Sunday in UTC.
    expect(lastSlot(1, 6, new Date('2026-12-06T23:30:00Z')).toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(nextSlot(1, 8, now).toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });

  it('is due once per week, only when on, and catches up a time missed', () => {
    expect(dueSlot(DEFAULT_SCHEDULE, now)).toBeNull();
    const on = { enabled: true, weekday: 1, hour: 8, lastRunAt: null };
    expect(dueSlot(on, now)?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(dueSlot({ ...on, lastRunAt: new Date('2026-11-30T01:00:00Z') }, now)).toBeNull();
    expect(dueSlot({ ...on, lastRunAt: new Date('2026-11-23T01:05:00Z') }, now)?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });

  it('says the time in Vietnamese', () => {
    expect(scheduleLabel({ weekday: 1, hour: 8 })).toBe('Thứ Hai, 08:00');
    expect(scheduleLabel({ weekday: 0, hour: 17 })).toBe('Chủ nhật, 17:00');
  });
});
