import { rm } from 'node:fs/promises';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, PayloadTooLargeException, SetMetadata, Type, UseInterceptors } from '@nestjs/common';
import { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { from, Observable, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { csrfAccepted, CsrfRefusedException } from '../csrf';

/** Marks a route that reads a multipart body (AccessGuard refuses multipart elsewhere). */
export const MULTIPART_KEY = 'form:multipart';

/** Temporary files of this request still where multer wrote them. */
function receivedPaths(req: Request): string[] {
  const files = (req.files ? (Array.isArray(req.files) ? req.files : Object.values(req.files).flat()) : []) as Express.Multer.File[];
  return [...files, ...(req.file ? [req.file] : [])].map((f) => f.path).filter((p): p is string => Boolean(p));
}

/**
 * Reads a multipart form with multer. The token in the form's first field `_csrf` is
 * checked before any file is accepted (a forged form never writes a byte to disk) and
 * once more when the body is read (a form without files). Whatever the outcome, the files
 * the request left in the temporary folder are removed when its response ends: those a
 * form keeps have been moved out of it by then.
 */
function removeReceived(req: Request): Promise<unknown> {
  return Promise.all(receivedPaths(req).map((p) => rm(p, { force: true })));
}

/**
 * Receives the form, then runs the handler. When the request is refused (validation,
 * rules, disk), its received files are removed before the answer is sent.
 */
export function receiveThenHandle(received: Promise<void>, req: Request, next: CallHandler): Observable<unknown> {
  return from(received).pipe(
    mergeMap(() => next.handle()),
    catchError((err: unknown) => from(removeReceived(req)).pipe(mergeMap(() => throwError(() => err)))),
  );
}

export function receiveMultipart(req: Request, res: Response, options: multer.Options, select: (m: multer.Multer) => RequestHandler, refusal: (e: unknown) => unknown): Promise<void> {
  // Also when the person gives up half-way (the connection closes before an answer).
  res.once('close', () => void removeReceived(req));
  const filter = options.fileFilter;
  const handler = select(
    multer({
      ...options,
      fileFilter: (r, file, cb) => {
        if (!csrfAccepted(r)) return cb(new CsrfRefusedException());
        if (filter) return filter(r, file, cb);
        cb(null, true);
      },
    }),
  );
  return new Promise<void>((resolve, reject) =>
    handler(req, res, (err: unknown) => {
      if (err instanceof CsrfRefusedException) return reject(err);
      if (err) return reject(refusal(err));
      if (!csrfAccepted(req)) return reject(new CsrfRefusedException());
      resolve();
    }),
  );
}

function singleFileInterceptor(field: string, maxBytes: number): Type<NestInterceptor> {
  @Injectable()
  class SingleFileInterceptor implements NestInterceptor {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const req = context.switchToHttp().getRequest<Request>();
      const res = context.switchToHttp().getResponse<Response>();
      const received = receiveMultipart(
        req,
        res,
        { defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 50 } },
        (m) => m.single(field),
        (e) => {
          if (!(e instanceof multer.MulterError)) return e;
          if (e.code === 'LIMIT_FILE_SIZE') return new PayloadTooLargeException(`Tệp vượt quá giới hạn cho phép (tối đa ${Math.round(maxBytes / 1024 / 1024)} MB). Không có gì được lưu.`);
          return new PayloadTooLargeException('Biểu mẫu gửi lên không đúng: chỉ gửi một tệp ở ô "Tệp". Không có gì được lưu.');
        },
      );
      return receiveThenHandle(received, req, next);
    }
  }
  return mixin(SingleFileInterceptor);
}

/** One small file (CSV, Excel template) held in memory, in the form field `field`. */
export const SingleFileUpload = (field: string, maxBytes: number) => applyDecorators(SetMetadata(MULTIPART_KEY, true), UseInterceptors(singleFileInterceptor(field, maxBytes)));
