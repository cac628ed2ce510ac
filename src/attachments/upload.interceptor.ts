import { applyDecorators, CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import multer from 'multer';
import { from, Observable, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { FormInvalidException } from '../common/exceptions';
import { contextOf } from '../common/request-context';
import { MULTIPART_KEY, receiveMultipart, receiveThenHandle } from '../common/uploads/multipart';
import { AttachmentVisibility } from './attachment.entity';
import { AttachmentsService, FILE_FIELD, formatBytes, MAX_FILES_PER_FORM } from './attachments.service';
import { ReceivedFiles } from './received-files';

export { FILE_FIELD };

const UPLOADS_KEY = 'form:uploads';

interface UploadsOptions {
  /** Owner type of the files (an initiative, an adoption report). */
  owner: string;
  /** Visibility of files kept for a refused form: fixed, or the form's own `attachmentVisibility` choice. */
  visibility: AttachmentVisibility | 'chosen';
}

const received = new WeakMap<Request, ReceivedFiles>();

/**
 * The upload part of a write, declared once for every form with attachments (the files in
 * the field `attachments`):
 * - receives them to the temporary folder (streamed to disk, never held in memory; multer's
 *   refusals become a message beside the field) and checks each by content
 *   (AttachmentsService.prepare) before the handler runs; the handler gets them with
 *   `@Uploaded()`;
 * - when the form is refused (FormInvalidException) before the files were placed, keeps
 *   them for the person (staged, see AttachmentsService.stage) and lists them, with those
 *   kept earlier, on the form that comes back, so nothing has to be chosen again;
 * - whatever else happens, removes what is left in the temporary folder (receiveThenHandle).
 * Placing them and committing their rows is the service's (AttachmentsService.withFiles).
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<UploadsOptions>(UPLOADS_KEY, context.getHandler());
    const req = context.switchToHttp().getRequest<Request>();
    const arrived = receiveMultipart(
      req,
      context.switchToHttp().getResponse(),
      this.attachments.multerOptions(),
      (m) => m.array(FILE_FIELD, MAX_FILES_PER_FORM),
      (err) => (err instanceof multer.MulterError ? new FormInvalidException({ [FILE_FIELD]: this.message(err) }) : this.attachments.storageRefusal(err)),
    ).then(async () => {
      received.set(req, new ReceivedFiles(await this.attachments.prepare(req.files as Express.Multer.File[] | undefined)));
    });
    const handler: CallHandler = {
      handle: () => next.handle().pipe(catchError((err: unknown) => from(this.keepForForm(req, err, options)).pipe(mergeMap((e) => throwError(() => e))))),
    };
    return receiveThenHandle(arrived, req, handler);
  }

  /** A refused form keeps its files (those not yet placed) and lists every file it keeps. */
  private async keepForForm(req: Request, err: unknown, options: UploadsOptions): Promise<unknown> {
    const files = received.get(req);
    const viewer = contextOf(req).viewer;
    if (!(err instanceof FormInvalidException) || !files || !viewer) return err;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const visibility = options.visibility !== 'chosen' ? options.visibility : body.attachmentVisibility === 'public' ? 'public' : 'internal';
    const newly = files.pending ? await this.attachments.stage(files.take(), options.owner, viewer.id, visibility) : [];
    const earlier = await this.attachments.staged(stagedIds(body.staged), options.owner, viewer.id);
    const staged = [...earlier, ...newly].map((a) => ({ id: a.id, name: a.originalName, size: a.size }));
    return new FormInvalidException(err.errors, { ...(err.values ?? {}), staged }, err.renderStatus);
  }

  private message(err: multer.MulterError): string {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return `Mỗi tệp không được lớn quá ${formatBytes(this.attachments.maxFileBytes)}. Tệp chưa được lưu.`;
      case 'LIMIT_FILE_COUNT':
        return `Mỗi lần chỉ gửi được tối đa ${MAX_FILES_PER_FORM} tệp.`;
      case 'LIMIT_FIELD_COUNT':
      case 'LIMIT_FIELD_KEY':
      case 'LIMIT_FIELD_VALUE':
      case 'LIMIT_PART_COUNT':
        return 'Biểu mẫu có quá nhiều trường hoặc một trường quá dài. Chưa có gì được lưu.';
      case 'LIMIT_UNEXPECTED_FILE':
        return 'Tệp được gửi ở ô không đúng.';
      default:
        return 'Không nhận được tệp tải lên. Vui lòng thử lại.';
    }
  }
}

/** The ids of files kept earlier that the form sends back (`staged`, one or several). */
function stagedIds(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN)).filter((n) => Number.isInteger(n) && n > 0);
}

/**
 * The route reads a form with attachments of this owner type: see UploadInterceptor for
 * what it does with them. `visibility` is that of files kept for a refused form.
 */
export const Uploads = (owner: string, visibility: UploadsOptions['visibility']) =>
  applyDecorators(SetMetadata(MULTIPART_KEY, true), SetMetadata(UPLOADS_KEY, { owner, visibility } satisfies UploadsOptions), UseInterceptors(UploadInterceptor));

/** The files of the form, received and checked by the route's @Uploads. */
export const Uploaded = createParamDecorator((_data: unknown, ctx: ExecutionContext): ReceivedFiles => received.get(ctx.switchToHttp().getRequest<Request>()) ?? ReceivedFiles.none());
