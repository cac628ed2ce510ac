import { rm } from 'node:fs/promises';
import { applyDecorators, BadRequestException, CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, PayloadTooLargeException, SetMetadata, Type, UseInterceptors } from '@nestjs/common';
import { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { from, Observable, throwError } from 'rxjs';
import { catchError, finalize, mergeMap } from 'rxjs/operators';
import { acceptToken, csrfAccepted, CsrfRefusedException, isMultipart } from '../csrf';
import { withoutNul } from '../body-text';
import { collectBodyChunks } from './body-chunks';
import { isDiskError } from './disk';

/** Marks a route that reads a multipart body (AccessGuard refuses multipart elsewhere). */
export const MULTIPART_KEY = 'form:multipart';

/** Temporary files of this request still where multer wrote them. */
function receivedPaths(req: Request): string[] {
  const files = (req.files ? (Array.isArray(req.files) ? req.files : Object.values(req.files).flat()) : []) as Express.Multer.File[];
  return [...files, ...(req.file ? [req.file] : [])].map((f) => f.path).filter((p): p is string => Boolean(p));
}

function removeReceived(req: Request): Promise<unknown> {
  return Promise.all(receivedPaths(req).map((p) => rm(p, { force: true })));
}

const UNREADABLE = 'Không đọc được biểu mẫu gửi lên (bị ngắt giữa chừng hoặc sai định dạng). Chưa có gì được lưu; vui lòng gửi lại.';
/** The first part (the token) is small: this much of the body is enough to find its end. */
const FIRST_PART_MAX = 8 * 1024;

/**
 * Reads the beginning of a multipart body up to the end of its first part, then puts it
 * back for the parser. Every form of the application sends its token as that first part,
 * so a forged form is refused having been read no further than this.
 */
function firstPart(req: Request): Promise<{ name: string; value: string } | null> {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers['content-type'] ?? '');
  if (!match) return Promise.reject(new BadRequestException(UNREADABLE));
  const delimiter = `--${match[1] ?? match[2]}`;
  const parse = (buf: Buffer) => {
    const text = buf.toString('latin1');
    const start = text.indexOf(`${delimiter}\r\n`);
    const headersEnd = start < 0 ? -1 : text.indexOf('\r\n\r\n', start);
    const valueEnd = headersEnd < 0 ? -1 : text.indexOf(`\r\n${delimiter}`, headersEnd);
    if (valueEnd < 0) return undefined;
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(text.slice(start, headersEnd))?.[1] ?? '';
    return { name, value: buf.subarray(headersEnd + 4, valueEnd).toString('utf8') };
  };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const head = Buffer.concat(chunks);
      const part = parse(head);
      if (part === undefined && size < FIRST_PART_MAX) return;
      stop();
      req.pause();
      req.unshift(head);
      resolve(part ?? null);
    };
    const onEnd = () => {
      stop();
      reject(new BadRequestException(UNREADABLE));
    };
    const onError = (e: Error) => {
      stop();
      reject(e);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
  });
}

/**
 * Receives the form, then runs the handler. Whatever the outcome, the files the request
 * left in the temporary folder are removed before the answer to a refusal is sent, or
 * once the handler is done (those a form keeps have been moved out of it by then).
 */
export function receiveThenHandle(received: Promise<void>, req: Request, next: CallHandler): Observable<unknown> {
  return from(received).pipe(
    mergeMap(() => next.handle()),
    catchError((err: unknown) => from(removeReceived(req)).pipe(mergeMap(() => throwError(() => err)))),
    finalize(() => void removeReceived(req)),
  );
}

/**
 * Reads a multipart form with multer, its token first: the first part must be a valid
 * `_csrf` (checked before anything else of the body is read, let alone a file written).
 * Multer's refusals and the disk's become what `refusal` makes of them; a body that is
 * not readable multipart, a 400.
 */
export async function receiveMultipart(req: Request, res: Response, options: multer.Options, select: (m: multer.Multer) => RequestHandler, refusal: (e: unknown) => unknown): Promise<void> {
  // A form that is not multipart was read and checked by the body parser and the CSRF middleware.
  if (isMultipart(req) && !req.get('x-csrf-token')) {
    const first = await firstPart(req);
    if (!first || first.name !== '_csrf' || !acceptToken(req, first.value)) throw new CsrfRefusedException();
  }
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
  return new Promise<void>((resolve, reject) => {
    // In the same tick as multer pipes the request, so that no chunk flows past either.
    collectBodyChunks(req);
    handler(req, res, (err: unknown) => {
      if (err instanceof CsrfRefusedException) return reject(err);
      // Busboy's own errors: a body cut off, or not multipart as declared.
      if (err && !(err instanceof multer.MulterError) && !isDiskError(err)) return reject(new BadRequestException(UNREADABLE));
      if (err) return reject(refusal(err));
      if (!csrfAccepted(req)) return reject(new CsrfRefusedException());
      withoutNul(req.body);
      resolve();
    });
  });
}

/** An interceptor's whole work for a multipart route: receive the form (see receiveMultipart), then the handler. */
export function interceptMultipart(context: ExecutionContext, next: CallHandler, options: multer.Options, select: (m: multer.Multer) => RequestHandler, refusal: (e: unknown) => unknown): Observable<unknown> {
  const req = context.switchToHttp().getRequest<Request>();
  const res = context.switchToHttp().getResponse<Response>();
  return receiveThenHandle(receiveMultipart(req, res, options, select, refusal), req, next);
}

function singleFileInterceptor(field: string, maxBytes: number): Type<NestInterceptor> {
  @Injectable()
  class SingleFileInterceptor implements NestInterceptor {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return interceptMultipart(
        context,
        next,
        { defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 50 } },
        (m) => m.single(field),
        (e) => {
          if (!(e instanceof multer.MulterError)) return e;
          if (e.code === 'LIMIT_FILE_SIZE') return new PayloadTooLargeException(`Tệp vượt quá giới hạn cho phép (tối đa ${Math.round(maxBytes / 1024 / 1024)} MB). Không có gì được lưu.`);
          return new PayloadTooLargeException('Biểu mẫu gửi lên không đúng: chỉ gửi một tệp ở ô "Tệp". Không có gì được lưu.');
        },
      );
    }
  }
  return mixin(SingleFileInterceptor);
}

/** One small file (CSV, Excel template) held in memory, in the form field `field`. */
export const SingleFileUpload = (field: string, maxBytes: number) => applyDecorators(SetMetadata(MULTIPART_KEY, true), UseInterceptors(singleFileInterceptor(field, maxBytes)));
