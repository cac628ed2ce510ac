import { deviceMark, isTrustedDevice, withDevice } from './device-cookie';
import { triedName } from './auth.service';
import { failureAudit, MAX_AUDITED_FAILURES, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_PAIR, MAX_FAILURES_PER_USERNAME, MAX_FAILURES_TRUSTED, throttleState } from './login-throttle.service';

const now = new Date('2026-01-01T08:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);
const times = (n: number, spread = 14) => Array.from({ length: n }, (_, i) => minutesAgo(i % spread));
const none = { pair: [], address: [], username: [] };

describe(throttleState.name, () => {
  it('lets sign-in through below the limits', () => {
    const four = [1, 2, 3, 4].map(minutesAgo);
    expect(throttleState({ pair: four, address: four, username: four }, false, now)).toEqual({ blocked: false, retryInMinutes: 0 });
  });

  it(`blocks a username from one address after ${MAX_FAILURES_PER_PAIR} failures there and says when to retry`, () => {
    const five = [1, 2, 3, 4, 10].map(minutesAgo);
    // The 5th most recent failure was 10 minutes ago: 5 more minutes in a 15-minute window.
    expect(throttleState({ pair: five, address: five, username: five }, false, now)).toEqual({ blocked: true, retryInMinutes: 5 });
  });

  it('does not block the same username from another address on those failures (no lock-out as a weapon)', () => {
    // Another address: the pair is empty there, the username's total is below the slow limit.
    expect(throttleState({ pair: [], address: [], username: times(MAX_FAILURES_PER_PAIR * 2) }, false, now).blocked).toBe(false);
  });

  it(`blocks an address after ${MAX_FAILURES_PER_ADDRESS} failures across usernames`, () => {
    expect(throttleState({ ...none, address: times(MAX_FAILURES_PER_ADDRESS) }, false, now).blocked).toBe(true);
    expect(throttleState({ ...none, address: times(MAX_FAILURES_PER_ADDRESS - 1) }, false, now).blocked).toBe(false);
  });

  it(`slows an attack spread over many addresses after ${MAX_FAILURES_PER_USERNAME} failures, but never a browser the owner signed in from`, () => {
    const spread = { ...none, username: times(MAX_FAILURES_PER_USERNAME) };
    expect(throttleState(spread, false, now).blocked).toBe(true);
    expect(throttleState(spread, true, now).blocked).toBe(false);
  });

  it(`limits a trusted browser to ${MAX_FAILURES_TRUSTED} failures from its own address`, () => {
    expect(throttleState({ ...none, pair: times(MAX_FAILURES_TRUSTED - 1) }, true, now).blocked).toBe(false);
    expect(throttleState({ ...none, pair: times(MAX_FAILURES_TRUSTED) }, true, now).blocked).toBe(true);
  });

  it('always asks for at least one minute', () => {
    const five = [0, 0, 0, 0, 15].map(minutesAgo);
    expect(throttleState({ ...none, pair: five }, false, now).retryInMinutes).toBe(1);
  });
});

describe('device cookie', () => {
  const secret = 'bi-mat-kiem-thu-1234567890';

  it('marks a browser for the usernames it signed in as, newest first, a few at most', () => {
    let cookie = withDevice(secret, 'admin', undefined);
    expect(isTrustedDevice(secret, 'ADMIN ', cookie)).toBe(true);
    expect(isTrustedDevice(secret, 'thuky', cookie)).toBe(false);
    for (const u of ['a', 'b', 'c', 'd', 'e']) cookie = withDevice(secret, u, cookie);
    expect(cookie.split('.')).toHaveLength(5);
    expect(isTrustedDevice(secret, 'admin', cookie)).toBe(false);
    expect(cookie.startsWith(deviceMark(secret, 'e'))).toBe(true);
  });

  it('cannot be made without the secret', () => {
    expect(isTrustedDevice(secret, 'admin', withDevice('another-secret-000000', 'admin', undefined))).toBe(false);
    expect(isTrustedDevice(secret, 'admin', 'garbage.values')).toBe(false);
  });
});

describe(failureAudit.name, () => {
  it(`records each failure up to ${MAX_AUDITED_FAILURES} in a window, says once that it stops, then records none`, () => {
    expect(failureAudit(0)).toBe('each');
    expect(failureAudit(MAX_AUDITED_FAILURES - 1)).toBe('each');
    expect(failureAudit(MAX_AUDITED_FAILURES)).toBe('last');
    expect(failureAudit(MAX_AUDITED_FAILURES + 1)).toBe('none');
    expect(failureAudit(100_000)).toBe('none');
  });
});

describe(triedName.name, () => {
  it('keeps a name tried on one line and at most 64 characters', () => {
    expect(triedName('tacgia')).toBe('tacgia');
    expect(triedName('a\r\nb\u0000c')).toBe('a b c');
    expect(triedName('x'.repeat(65))).toBe(`${'x'.repeat(64)}…`);
  });
});

// LoginThrottleService on its table: login-throttle.service.spec.ts.
