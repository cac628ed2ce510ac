import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { Role } from '../users/roles';
import { hasAnyRole } from './access';
import { PASSWORD_CHANGE_KEY, PUBLIC_KEY, ROLES_KEY } from './decorators';
import { PasswordChangeRequiredException, SignInRequiredException } from './exceptions';

/**
 * The one gate every route passes: public routes go through; others need a signed-in
 * user, and @Roles(...) routes one of those roles. Scope ("my unit and its sub-units")
 * is checked by the services with UnitScopeService, since it depends on the record.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request>();
    const user = req.currentUser;
    if (!user) throw new SignInRequiredException();

    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(PASSWORD_CHANGE_KEY, targets)) {
      throw new PasswordChangeRequiredException();
    }

    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!hasAnyRole(user, roles)) {
      throw new ForbiddenException('Bạn không có quyền truy cập chức năng này.');
    }
    return true;
  }
}
