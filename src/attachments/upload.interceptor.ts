import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request, Response } from 'express';
import multer from 'multer';
import { from, Observable } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import { FormInvalidException } from '../common/exceptions';
import { AttachmentsService, formatBytes, MAX_FILES_PER_FORM } from './attachments.service';

/** Form field that carries files, on every upload form. */
export const FILE_FIELD = 'attachments';

/**
 * Receives the `attachments` files of a multipart form to the temporary folder (streamed
 * to disk, never held in memory). Multer's refusals become a message beside the field.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  constructor(private readonly attachments: AttachmentsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const upload = multer(this.attachments.multerOptions()).array(FILE_FIELD, MAX_FILES_PER_FORM);
    const received = new Promise<void>((resolve, reject) =>
      upload(req, res, (err: unknown) => {
        if (!err) return resolve();
        if (err instanceof multer.MulterError) return reject(new FormInvalidException({ [FILE_FIELD]: this.message(err) }));
        reject(err);
      }),
    );
    return from(received).pipe(mergeMap(() => next.handle()));
  }

  private message(err: multer.MulterError): string {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return `Mỗi tệp không được lớn quá ${formatBytes(this.attachments.maxFileBytes)}. Tệp chưa được lưu.`;
      case 'LIMIT_FILE_COUNT':
        return `Mỗi lần chỉ gửi được tối đa ${MAX_FILES_PER_FORM} tệp.`;
      case 'LIMIT_UNEXPECTED_FILE':
        return 'Tệp được gửi ở ô không đúng.';
      default:
        return 'Không nhận được tệp tải lên. Vui lòng thử lại.';
    }
  }
}
