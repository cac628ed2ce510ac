import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import multer from 'multer';
import { Observable } from 'rxjs';
import { FormInvalidException } from '../common/exceptions';
import { interceptMultipart, MULTIPART_KEY } from '../common/uploads/multipart';
import { AttachmentsService, FILE_FIELD, formatBytes, MAX_FILES_PER_FORM } from './attachments.service';

export { FILE_FIELD };

/**
 * Receives the `attachments` files of a multipart form to the temporary folder (streamed
 * to disk, never held in memory). Multer's refusals become a message beside the field.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  constructor(private readonly attachments: AttachmentsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return interceptMultipart(
      context,
      next,
      this.attachments.multerOptions(),
      (m) => m.array(FILE_FIELD, MAX_FILES_PER_FORM),
      (err) => (err instanceof multer.MulterError ? new FormInvalidException({ [FILE_FIELD]: this.message(err) }) : this.attachments.storageRefusal(err)),
    );
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

/** The route reads a form with attachments (files in the field `attachments`). */
export const AcceptsAttachments = () => applyDecorators(SetMetadata(MULTIPART_KEY, true), UseInterceptors(UploadInterceptor));
