import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Type } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { Request } from 'express';
import { Role } from '../users/roles';
import { hasAnyRole } from './access';
import { CsrfRefusedException, isMultipart } from './csrf';
import { MULTIPART_KEY } from './uploads/multipart';
import { PASSWORD_CHANGE_KEY, PERMIT_KEY, PUBLIC_KEY, ROLES_KEY } from './decorators';
import { PasswordChangeRequiredException, SignInRequiredException } from './exceptions';

/**
 * The one gate every route passes: public routes go through; others need a signed-in
 * user, and @Roles(...) routes one of those roles. Rights on the record a route names
 * (scope, authorship, assignment) are checked by the controller's @Permit method here,
 * before the body is read or validated.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<Request>();
    // Multipart forms carry their token in the body, which only routes that read it check.
    if (isMultipart(req) && !req.get('x-csrf-token') && !this.reflector.get<boolean>(MULTIPART_KEY, context.getHandler())) throw new CsrfRefusedException();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const user = req.currentUser;
    if (!user) throw new SignInRequiredException();

    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(PASSWORD_CHANGE_KEY, targets)) {
      throw new PasswordChangeRequiredException();
    }

    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!hasAnyRole(user, roles)) {
      throw new ForbiddenException('Bạn không có quyền truy cập chức năng này.');
    }

    const permit = this.reflector.get<string | undefined>(PERMIT_KEY, context.getHandler());
    if (permit) {
      const type = context.getClass() as Type<Record<string, unknown>>;
      const controller = this.moduleRef.get(type, { strict: false });
      const method = controller[permit];
      if (typeof method !== 'function') throw new Error(`${type.name}.${permit} is not a permission method`);
      await method.call(controller, req);
    }
    return true;
  }
}
