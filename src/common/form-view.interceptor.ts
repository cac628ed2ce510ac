import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Type } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { Request } from 'express';
import { from, Observable, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { FORM_VIEW_KEY, FormViewOptions } from './decorators';
import { FormInvalidException, FormRenderException } from './exceptions';

/** Posted fields never shown back in a form. */
const HIDDEN_FIELDS = /password|^_csrf$/i;

export function formValues(body: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) if (!HIDDEN_FIELDS.test(k)) values[k] = v;
  }
  return values;
}

/**
 * For handlers marked @FormView: when the input is refused (FormInvalidException, from
 * the validation pipe or a service), builds the form's view model again with the
 * controller's model method and hands it to the exception filter to render, with the
 * typed values and a message per field.
 */
@Injectable()
export class FormViewInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<FormViewOptions | undefined>(FORM_VIEW_KEY, context.getHandler());
    if (!options) return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const controllerType = context.getClass() as Type<Record<string, unknown>>;

    return next.handle().pipe(
      catchError((err: unknown) => {
        if (!(err instanceof FormInvalidException)) return throwError(() => err);
        return from(this.model(controllerType, options, req)).pipe(
          mergeMap((model) =>
            throwError(
              () =>
                new FormRenderException(
                  options.view,
                  {
                    ...model,
                    // The model may restore values the body cannot carry (e.g. kept files).
                    form: { values: { ...formValues(req.body), ...((model.formValues as object) ?? {}), ...(err.values ?? {}) }, errors: err.errors },
                  },
                  err.renderStatus,
                ),
            ),
          ),
        );
      }),
    );
  }

  private async model(type: Type<Record<string, unknown>>, options: FormViewOptions, req: Request): Promise<Record<string, unknown>> {
    if (!options.model) return {};
    const controller = this.moduleRef.get(type, { strict: false });
    const method = controller[options.model];
    if (typeof method !== 'function') throw new Error(`${type.name}.${options.model} is not a form model method`);
    return (await method.call(controller, req)) as Record<string, unknown>;
  }
}
