import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Request } from 'express';
import { Role } from '../users/roles';
import { Actor, actorName } from '../audit/audit.types';
import { Viewer } from './viewer';

export const PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';
export const FORM_VIEW_KEY = 'form:view';
export const PERMIT_KEY = 'access:permit';

/** Reachable without signing in. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only for users holding at least one of these roles (checked by AccessGuard). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * Names a controller method `(req) => Promise<unknown>` that throws (403, 404) when the
 * signed-in user may not act on the record the route names. AccessGuard calls it before
 * any file is received and before the body is validated, so a refused request never
 * gets as far as a re-rendered form showing the record.
 */
export const Permit = (method: string) => SetMetadata(PERMIT_KEY, method);

export interface FormViewOptions {
  view: string;
  /** Name of a controller method `(req) => Promise<object>` giving the rest of the view model. */
  model?: string;
}

/**
 * On invalid input, the form is rendered again (status 400) with the messages next to
 * the fields and what was typed. See FormViewInterceptor.
 */
export const FormView = (view: string, model?: string) => SetMetadata(FORM_VIEW_KEY, { view, model } satisfies FormViewOptions);

/** The signed-in user with their unit scope (the guard has already made sure there is one). */
export const User = createParamDecorator((_data: unknown, ctx: ExecutionContext): Viewer => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return req.currentUser as Viewer;
});

export const PASSWORD_CHANGE_KEY = 'access:password-change';

/** Reachable while the user still has to replace a reset password. */
export const DuringPasswordChange = () => SetMetadata(PASSWORD_CHANGE_KEY, true);

/** The person acting, for the audit trail: id, name and address. */
export const ActingAs = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const user = req.currentUser;
  return { id: user?.id ?? null, name: user ? actorName(user.fullName, user.username) : 'Khách', ip: req.ip ?? '' };
});
