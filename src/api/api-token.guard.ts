import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { makeViewer } from '../common/viewer';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { bearerToken } from './api-rules';
import { ApiTokensService } from './api-tokens.service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The personal access token the request came with (internal API endpoints). */
      apiTokenId?: number;
    }
  }
}

/**
 * The internal endpoints of the JSON API act for the owner of a personal access token
 * (Authorization: Bearer sk_…), with their access rules, read only. No token, an unknown or
 * revoked one, or an account deactivated or awaiting a new password: 401 in JSON.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly users: UsersService,
    private readonly units: UnitsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new UnauthorizedException('Cần mã truy cập cá nhân: gửi tiêu đề "Authorization: Bearer <mã>". Tạo mã ở trang "Mã truy cập API" của tài khoản.');
    const found = await this.tokens.resolve(token);
    if (!found) throw new UnauthorizedException('Mã truy cập không đúng hoặc đã bị thu hồi.');
    // Read from the database, not kept: a token has no session that a deactivation would end.
    const user = await this.users.currentUser(found.userId, { fresh: true });
    if (!user) throw new UnauthorizedException('Tài khoản của mã truy cập này đã bị khóa.');
    if (user.mustChangePassword) throw new UnauthorizedException('Tài khoản của mã truy cập này phải đổi mật khẩu trước khi dùng tiếp.');
    req.currentUser = makeViewer(user, (unitId) => this.units.scopeIds(unitId));
    req.apiTokenId = found.id;
    return true;
  }
}
