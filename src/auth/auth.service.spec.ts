import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { RequestContext } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from '../users/roles';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthService, safeNext, TooManyAttemptsException, triedName } from './auth.service';
import { isTrustedDevice, withDevice } from './device-cookie';
import { LoginThrottleService, MAX_AUDITED_FAILURES } from './login-throttle.service';
import { ctxOf, person } from '../../test/utils/context';
import { automock, newTestService, provide } from '../../test/utils/mocks';

const secret = 'bi-mat-phien-kiem-thu-0123456789';
const ip = '203.0.113.7';
const password = 'Mat-khau-dung-1';
const owner = new User({ id: 5, username: 'tacgia', fullName: 'Trần Văn B', roles: [Role.Author], active: true, unitId: 2 });
const key = 'tacgia:abcdefghijklmnopqrstuvwx';

/** The service with `tacgia` signing in with `password`, no failure counted, and the session secret as the only setting. */
function setup() {
  const config = automock(AppConfig);
  config.get.mockImplementation((name) => {
    if (name !== 'sessionSecret') throw new Error(`sign-in read the setting ${name}`);
    return secret;
  });
  const t = newTestService(AuthService, [provide(AppConfig, config)]);
  const users = t.mock(UsersService);
  users.deviceKey.mockImplementation(async (name) => (name === 'tacgia' ? key : null));
  users.checkCredentials.mockImplementation(async (name, given) => (name === 'tacgia' && given === password ? owner : null));
  const throttle = t.mock(LoginThrottleService);
  throttle.state.mockResolvedValue({ blocked: false, retryInMinutes: 0 });
  throttle.failuresInWindow.mockResolvedValue(0);
  const audit = t.mock(AuditService);
  const uow = t.mock(UnitOfWork);
  // Whether each write happened inside a unit of work.
  const inTransaction: Record<string, boolean[]> = { audit: [], recordFailure: [] };
  audit.log.mockImplementation(async () => void inTransaction.audit.push(uow.active));
  throttle.recordFailure.mockImplementation(async () => void inTransaction.recordFailure.push(uow.active));
  return { ...t, users, throttle, audit, uow, inTransaction };
}

/** The context and entry of the one audit call. */
function audited(audit: jest.Mocked<AuditService>) {
  expect(audit.log).toHaveBeenCalledTimes(1);
  const [ctx, entry] = audit.log.mock.calls[0];
  return { ctx, entry };
}

describe(AuthService.name, () => {
  describe('signIn', () => {
    it('asks for a missing username and password, checking and counting nothing', async () => {
      const { sut, users, throttle, audit } = setup();
      const refusal = sut.signIn(' \r\n ', '', ip, undefined);
      await expect(refusal).rejects.toBeInstanceOf(FormInvalidException);
      await expect(refusal).rejects.toMatchObject({ errors: { username: 'Vui lòng nhập tên đăng nhập.', password: 'Vui lòng nhập mật khẩu.' } });
      await expect(sut.signIn('tacgia', '', ip, undefined)).rejects.toMatchObject({ errors: { password: 'Vui lòng nhập mật khẩu.' } });
      expect(users.checkCredentials).not.toHaveBeenCalled();
      expect(throttle.state).not.toHaveBeenCalled();
      expect(throttle.recordFailure).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('refuses a throttled sign-in before checking the password, counting and recording nothing more', async () => {
      const { sut, users, throttle, audit } = setup();
      throttle.state.mockResolvedValue({ blocked: true, retryInMinutes: 7 });
      const refusal = sut.signIn('tacgia', password, ip, undefined);
      await expect(refusal).rejects.toBeInstanceOf(TooManyAttemptsException);
      await expect(refusal).rejects.toMatchObject({ minutes: 7 });
      expect(users.checkCredentials).not.toHaveBeenCalled();
      expect(throttle.recordFailure).not.toHaveBeenCalled();
      expect(throttle.clear).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('checks the name on one line, trimmed and in lower case, against the throttle and then the password', async () => {
      const { sut, users, throttle } = setup();
      await sut.signIn(' TacGia\n', password, ip, undefined);
      expect(throttle.state).toHaveBeenCalledWith('tacgia', ip, false);
      expect(users.checkCredentials).toHaveBeenCalledWith('tacgia', password);
      expect(throttle.state.mock.invocationCallOrder[0]).toBeLessThan(users.checkCredentials.mock.invocationCallOrder[0]);
    });

    it("spares a browser that signed in to this account before (its mark for the account's key) from failures elsewhere", async () => {
      const { sut, throttle } = setup();
      await sut.signIn('tacgia', password, ip, withDevice(secret, key, undefined));
      await sut.signIn('tacgia', password, ip, withDevice(secret, 'tacgia', undefined));
      await sut.signIn('tacgia', password, ip, withDevice('another-secret-0123456789', key, undefined));
      expect(throttle.state.mock.calls.map(([, , trusted]) => trusted)).toEqual([true, false, false]);
    });

    it('counts and audits a failure as a guest from the address, naming the username tried but never the password', async () => {
      const { sut, throttle, audit, inTransaction } = setup();
      const refusal = sut.signIn('tacgia', 'sai-mat-khau', ip, undefined);
      await expect(refusal).rejects.toMatchObject({ errors: { password: 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.' } });
      expect(throttle.recordFailure).toHaveBeenCalledWith('tacgia', ip);
      const { ctx, entry } = audited(audit);
      expect(ctx.actor).toEqual({ id: null, name: 'Khách', ip });
      expect(entry).toEqual({ action: 'auth.login_failed', entityType: 'session', summary: 'Đăng nhập sai: tên đăng nhập "tacgia"' });
      expect(JSON.stringify(audit.log.mock.calls)).not.toContain('sai-mat-khau');
      expect(inTransaction).toEqual({ audit: [true], recordFailure: [true] });
      expect(throttle.clear).not.toHaveBeenCalled();
    });

    it('audits a failure for an unknown name too, the name cut to 64 characters', async () => {
      const { sut, audit } = setup();
      await expect(sut.signIn('x'.repeat(80), password, ip, undefined)).rejects.toBeInstanceOf(FormInvalidException);
      expect(audited(audit).entry.summary).toBe(`Đăng nhập sai: tên đăng nhập "${'x'.repeat(64)}…"`);
    });

    it(`says once that failures stop being audited after ${MAX_AUDITED_FAILURES} in the window, then audits none, still counting each`, async () => {
      const last = setup();
      last.throttle.failuresInWindow.mockResolvedValue(MAX_AUDITED_FAILURES);
      await expect(last.sut.signIn('tacgia', 'sai', ip, undefined)).rejects.toBeInstanceOf(FormInvalidException);
      expect(audited(last.audit).entry.summary).toMatch(new RegExp(`^Đăng nhập sai: đã ghi ${MAX_AUDITED_FAILURES} lần trong 15 phút`));
      expect(last.throttle.recordFailure).toHaveBeenCalledTimes(1);

      const beyond = setup();
      beyond.throttle.failuresInWindow.mockResolvedValue(MAX_AUDITED_FAILURES + 1);
      await expect(beyond.sut.signIn('tacgia', 'sai', ip, undefined)).rejects.toBeInstanceOf(FormInvalidException);
      expect(beyond.audit.log).not.toHaveBeenCalled();
      expect(beyond.throttle.recordFailure).toHaveBeenCalledWith('tacgia', ip);
    });

    it("forgives this name's failures from this address and audits 'auth.login' with the person as actor", async () => {
      const { sut, throttle, audit, inTransaction } = setup();
      const { user } = await sut.signIn('tacgia', password, ip, undefined);
      expect(user).toBe(owner);
      expect(throttle.clear).toHaveBeenCalledWith('tacgia', ip);
      expect(throttle.recordFailure).not.toHaveBeenCalled();
      const { ctx, entry } = audited(audit);
      expect(ctx.actor).toEqual({ id: 5, name: 'Trần Văn B (tacgia)', ip });
      expect(entry).toEqual({ action: 'auth.login', entityType: 'session', entityId: 5, summary: 'Đăng nhập' });
      expect(inTransaction.audit).toEqual([true]);
    });

    it("marks the browser as the account's, keeping the marks it had", async () => {
      const { sut } = setup();
      const before = withDevice(secret, 'other:key', undefined);
      const { devices } = await sut.signIn('tacgia', password, ip, before);
      expect(isTrustedDevice(secret, key, devices)).toBe(true);
      expect(isTrustedDevice(secret, 'other:key', devices)).toBe(true);
    });
  });

  describe('signedOut', () => {
    it("audits a signed-in person's sign-out in a unit of work", async () => {
      const { sut, audit, inTransaction } = setup();
      const ctx = ctxOf(person(9, [Role.Author]));
      await sut.signedOut(ctx);
      expect(audit.log).toHaveBeenCalledWith(ctx, { action: 'auth.logout', entityType: 'session', entityId: 9, summary: 'Đăng xuất' });
      expect(inTransaction.audit).toEqual([true]);
    });

    it('audits nothing for a guest or the system', async () => {
      const { sut, audit, uow } = setup();
      await sut.signedOut(RequestContext.guest(ip));
      await sut.signedOut(RequestContext.system());
      expect(audit.log).not.toHaveBeenCalled();
      expect(uow.run).not.toHaveBeenCalled();
    });
  });
});

describe(safeNext.name, () => {
  it('follows a path of this site, with its query', () => {
    expect(safeNext('/initiatives/3?tab=reviews')).toBe('/initiatives/3?tab=reviews');
    expect(safeNext('/')).toBe('/');
  });

  it('goes home instead of to another site, a relative path or back to the sign-in page', () => {
    for (const next of [undefined, '', 'https://evil.example/', 'initiatives', '//evil.example/', '/\\evil.example/', '/login', '/login?next=/x', '/\t/evil.example/', '/\n/evil.example/', '/\r\n/evil.example']) {
      expect(safeNext(next)).toBe('/');
    }
  });
});

describe(triedName.name, () => {
  it('keeps exactly 64 characters as they are, and marks a longer name as cut', () => {
    expect(triedName('y'.repeat(64))).toBe('y'.repeat(64));
    expect(triedName(`${'y'.repeat(64)}z`)).toBe(`${'y'.repeat(64)}…`);
  });

  it('puts a name with line breaks on one line, so it cannot add a line to the audit', () => {
    expect(triedName('admin\r\n2026-01-01 auth.login ok')).toBe('admin 2026-01-01 auth.login ok');
  });
});
