import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { oneLine } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { isTrustedDevice, withDevice } from './device-cookie';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { failureAudit, LoginThrottleService, MAX_AUDITED_FAILURES, THROTTLE_WINDOW_MINUTES } from './login-throttle.service';
import { RequestContext } from '../common/request-context';

export class TooManyAttemptsException extends HttpException {
  constructor(public readonly minutes: number) {
    super(`Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks a sign-in, throttled per username and address, per address, and per username
   * from anywhere (that last limit spares a browser that signed in as the user before).
   */
  async signIn(username: string, password: string, ip: string, devices: string | undefined): Promise<{ user: User; devices: string }> {
    // No username holds a control character (they are letters, digits, . _ -): a NUL would
    // fail every PostgreSQL query it reaches (500), and a line break would split the audit's line.
    const name = oneLine(username).trim().toLowerCase();
    if (!name || !password) {
      throw new FormInvalidException({
        ...(name ? {} : { username: 'Vui lòng nhập tên đăng nhập.' }),
        ...(password ? {} : { password: 'Vui lòng nhập mật khẩu.' }),
      });
    }
    const key = name ? await this.users.deviceKey(name) : null;
    const trustedDevice = key !== null && isTrustedDevice(this.config.get('sessionSecret'), key, devices);
    const state = await this.throttle.state(name, ip, trustedDevice);
    if (state.blocked) throw new TooManyAttemptsException(state.retryInMinutes);

    const user = await this.users.checkCredentials(name, password);
    if (!user) {
      await this.failed(name, ip);
      throw new FormInvalidException({ password: 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.' });
    }
    await this.throttle.clear(name, ip);
    await this.uow.run(() => {
      this.uow.changes(); // an audit entry: nothing any cache holds
      return this.audit.log(RequestContext.signingIn(user, ip), { action: 'auth.login', entityType: 'session', entityId: user.id, summary: 'Đăng nhập' });
    });
    // This browser now counts as the owner's (see device-cookie.ts).
    return { user, devices: withDevice(this.config.get('sessionSecret'), key ?? name, devices) };
  }

  /**
   * A failure counts for the throttle and is recorded in the audit (the name tried and the
   * address, never the password), in one transaction. Only failures the throttle counts get
   * here (a blocked attempt is refused before), so its limits bound the records per name
   * and address, and MAX_AUDITED_FAILURES bounds them across addresses.
   */
  private async failed(name: string, ip: string): Promise<void> {
    await this.uow.run(async () => {
      this.uow.changes(); // a counted failure and its audit entry: nothing any cache holds
      const recorded = failureAudit(await this.throttle.failuresInWindow());
      await this.throttle.recordFailure(name, ip);
      if (recorded === 'none') return;
      await this.audit.log(
        RequestContext.guest(ip),
        {
          action: 'auth.login_failed',
          entityType: 'session',
          summary:
            recorded === 'each'
              ? `Đăng nhập sai: tên đăng nhập "${triedName(name)}"`
              : `Đăng nhập sai: đã ghi ${MAX_AUDITED_FAILURES} lần trong ${THROTTLE_WINDOW_MINUTES} phút; các lần sau trong khoảng thời gian này không ghi vào nhật ký (vẫn bị giới hạn đăng nhập)`,
        },
      );
    });
  }

  async signedOut(ctx: RequestContext): Promise<void> {
    if (ctx.actor.id === null) return;
    await this.uow.run(() => {
      this.uow.changes();
      return this.audit.log(ctx, { action: 'auth.logout', entityType: 'session', entityId: ctx.actor.id, summary: 'Đăng xuất' });
    });
  }
}

/** A name tried at sign-in as the audit shows it: on one line, at most 64 characters. */
export function triedName(name: string): string {
  const line = oneLine(name);
  return line.length > 64 ? `${line.slice(0, 64)}…` : line;
}

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  // Browsers drop tabs and line breaks from an address: "/\t/evil" would become "//evil".
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  return next;
}
