import { MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_USERNAME, throttleState } from './login-throttle.service';

const now = new Date('2026-01-01T08:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

describe(throttleState.name, () => {
  it('lets sign-in through below the limits', () => {
    const four = [1, 2, 3, 4].map(minutesAgo);
    expect(throttleState(four, four, now)).toEqual({ blocked: false, retryInMinutes: 0 });
  });

  it(`blocks a username after ${MAX_FAILURES_PER_USERNAME} failures and says when to retry`, () => {
    const five = [1, 2, 3, 4, 10].map(minutesAgo);
    // The 5th most recent failure was 10 minutes ago: 5 more minutes in a 15-minute window.
    expect(throttleState(five, five, now)).toEqual({ blocked: true, retryInMinutes: 5 });
  });

  it(`blocks an address after ${MAX_FAILURES_PER_ADDRESS} failures across usernames`, () => {
    const many = Array.from({ length: MAX_FAILURES_PER_ADDRESS }, (_, i) => minutesAgo(i % 14));
    expect(throttleState([], many, now).blocked).toBe(true);
    expect(throttleState([], many.slice(1), now).blocked).toBe(false);
  });

  it('always asks for at least one minute', () => {
    const five = [0, 0, 0, 0, 15].map(minutesAgo);
    expect(throttleState(five, [], now).retryInMinutes).toBe(1);
  });
});
