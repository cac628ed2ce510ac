import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorName } from '../audit/audit.types';
import { FormInvalidException } from '../common/exceptions';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { isTrustedDevice, withDevice } from './device-cookie';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginThrottleService } from './login-throttle.service';

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
    const name = username.trim().toLowerCase();
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
      await this.throttle.recordFailure(name, ip);
      throw new FormInvalidException({ password: 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.' });
    }
    await this.throttle.clear(name, ip);
    const actor: Actor = { id: user.id, name: actorName(user.fullName, user.username), ip };
    await this.uow.run(() => this.audit.log(actor, { action: 'auth.login', entityType: 'session', entityId: user.id, summary: 'Đăng nhập' }));
    // This browser now counts as the owner's (see device-cookie.ts).
    return { user, devices: withDevice(this.config.get('sessionSecret'), key ?? name, devices) };
  }

  async signedOut(actor: Actor): Promise<void> {
    if (actor.id === null) return;
    await this.uow.run(() => this.audit.log(actor, { action: 'auth.logout', entityType: 'session', entityId: actor.id, summary: 'Đăng xuất' }));
  }
}

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}
