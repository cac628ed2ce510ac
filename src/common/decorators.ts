import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Request } from 'express';
import { Role } from '../users/roles';
import { contextOf, RequestContext } from './request-context';

export const PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';
export const FORM_VIEW_KEY = 'form:view';
export const PERMIT_KEY = 'access:permit';

/** Reachable without signing in. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only for users holding at least one of these roles (checked by AccessGuard). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A controller method the guard calls with the request: it throws (403, 404) to refuse. */
export type PermitMethod = (req: Request) => unknown;

/** A controller method giving the rest of a refused form's view model. */
export type FormModelMethod = (req: Request) => object | Promise<object>;

/**
 * A method decorator that compiles only on a controller whose method `K` has the type `M`:
 * a misspelt or wrongly shaped name fails `tsc` at the decorator.
 */
export type MethodOfController<K extends string, M> = (controller: Record<K, M>, handler: string | symbol, descriptor: PropertyDescriptor) => void;

/** The same check at run time, when the class is defined (a name built at run time, a cast). */
function assertMethod(controller: object, name: string, kind: string): void {
  if (typeof (controller as Record<string, unknown>)[name] !== 'function') {
    throw new Error(`${controller.constructor.name}.${name} is not a ${kind} method`);
  }
}

/**
 * Names the controller's permission method ({@link PermitMethod}), checked at compile time.
 * AccessGuard calls it before any file is received and before the body is validated, so a
 * refused request never gets as far as a re-rendered form showing the record.
 */
export const Permit =
  <K extends string>(method: K): MethodOfController<K, PermitMethod> =>
  (controller, handler, descriptor) => {
    assertMethod(controller, method, 'permission');
    SetMetadata(PERMIT_KEY, method)(controller, handler, descriptor);
  };

export interface FormViewOptions {
  view: string;
  /** Name of the controller's {@link FormModelMethod}. */
  model?: string;
}

/**
 * On invalid input, the form is rendered again (status 400) with the messages next to
 * the fields and what was typed, and the rest of the view model from the controller's
 * `model` method ({@link FormModelMethod}), checked at compile time. See FormViewInterceptor.
 */
export const FormView =
  <K extends string = never>(view: string, model?: K): MethodOfController<K, FormModelMethod> =>
  (controller, handler, descriptor) => {
    if (model !== undefined) assertMethod(controller, model, 'form model');
    SetMetadata(FORM_VIEW_KEY, { view, model } satisfies FormViewOptions)(controller, handler, descriptor);
  };

/**
 * The request's context (see RequestContext): the signed-in person with their unit scope
 * (the guard has already made sure there is one where the route needs it), the actor the
 * audit records, the request's time.
 */
export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => contextOf(ctx.switchToHttp().getRequest<Request>()));

export const PASSWORD_CHANGE_KEY = 'access:password-change';

/** Reachable while the user still has to replace a reset password. */
export const DuringPasswordChange = () => SetMetadata(PASSWORD_CHANGE_KEY, true);
