import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { EntityNotFound, FormRenderException, PasswordChangeRequiredException, SignInRequiredException } from './exceptions';
import { CsrfRefusedException } from './csrf';
import { flash } from './flash';
import { isDiskError, STORAGE_REFUSED } from './uploads/disk';
import { databaseErrorLine, databaseTrouble, DatabaseTrouble } from '../database/availability';

const TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  403: 'Không có quyền truy cập',
  404: 'Không tìm thấy trang',
  413: 'Tệp quá lớn',
  429: 'Quá nhiều yêu cầu',
  500: 'Lỗi hệ thống',
  503: 'Tạm thời chưa truy cập được',
  507: 'Máy chủ không ghi được tệp',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  403: 'Bạn không có quyền thực hiện thao tác này.',
  404: 'Trang hoặc bản ghi bạn tìm không tồn tại, hoặc đã bị gỡ bỏ.',
  413: 'Tệp hoặc dữ liệu gửi lên vượt quá giới hạn cho phép. Không có gì được lưu.',
  500: 'Đã có lỗi ngoài dự kiến. Lỗi đã được ghi lại; vui lòng thử lại sau ít phút.',
};

/**
 * A constraint or a conflict with a concurrent transaction refused a write: PostgreSQL
 * 23505 / 23503 / 40001 / 40P01, SQLite "UNIQUE/FOREIGN KEY constraint failed".
 */
export function isConcurrentChange(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const code = (e.driverError as { code?: string } | undefined)?.code;
  // 23503: a row it points at went away meanwhile (deleted by a concurrent change).
  return ['23505', '23503', '40001', '40P01'].includes(code ?? '') || /UNIQUE constraint failed|FOREIGN KEY constraint failed/.test(e.message);
}

/**
 * The database was too busy to take the work in time, and nothing of it was saved:
 * PostgreSQL 55P03 (a lock not obtained within lock_timeout), SQLite SQLITE_BUSY (the
 * database stayed locked past busy_timeout). Not a conflict with what someone else saved:
 * the same request a few seconds later will most likely go through.
 */
export function isDatabaseBusy(e: unknown): boolean {
  const code = e instanceof QueryFailedError ? (e.driverError as { code?: string } | undefined)?.code : (e as { code?: unknown } | null)?.code;
  return code === '55P03' || code === 'SQLITE_BUSY';
}

/** Seconds a client is asked to wait before trying again a request the busy database refused. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * What the database said when it refused a write as a concurrent change, for the log: its
 * message, code, and on PostgreSQL the constraint and the detail (which key was taken),
 * so that a 409 can be told apart from a real conflict afterwards.
 */
export function concurrentChangeLine(e: unknown): string {
  if (!(e instanceof QueryFailedError)) return e instanceof Error ? e.message : String(e);
  const driver = (e.driverError ?? {}) as { code?: unknown; constraint?: unknown; table?: unknown; detail?: unknown };
  const parts = [
    typeof driver.code === 'string' ? driver.code : null,
    typeof driver.table === 'string' ? `table ${driver.table}` : null,
    typeof driver.constraint === 'string' ? `constraint ${driver.constraint}` : null,
    typeof driver.detail === 'string' ? driver.detail : null,
  ].filter((p): p is string => p !== null);
  return `${e.message}${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** Seconds a client is asked to wait before trying again while the database cannot be reached. */
export const RETRY_AFTER_SECONDS = 30;

const UNAVAILABLE_MESSAGES: Record<DatabaseTrouble, string> = {
  unreachable: 'Hệ thống tạm thời không kết nối được cơ sở dữ liệu, nên chưa xem hay lưu được gì. Vui lòng thử lại sau ít phút; những gì đã lưu trước đó không bị ảnh hưởng.',
  'schema-missing': 'Cơ sở dữ liệu của hệ thống đang không sẵn sàng (không thấy bảng dữ liệu). Vui lòng thử lại sau; quản trị hệ thống cần kiểm tra hoặc khôi phục cơ sở dữ liệu.',
};

const unavailableLog = new Logger('Database');
let lastUnavailableLog = 0;
let unavailableSinceLog = 0;

/**
 * Answers a request the database could not serve because it cannot be reached: 503 with
 * Retry-After, a page in Vietnamese, one log line at most every 10 seconds (with how many
 * requests met the same since), never a stack trace per request.
 */
function answerUnavailable(trouble: DatabaseTrouble, exception: unknown, req: Request, res: Response): void {
  unavailableSinceLog++;
  const now = Date.now();
  if (now - lastUnavailableLog >= 10_000) {
    const more = unavailableSinceLog > 1 ? ` (${unavailableSinceLog} yêu cầu gặp lỗi này trong ${Math.round((now - lastUnavailableLog) / 1000)} s qua)` : '';
    unavailableLog.error(`${trouble === 'unreachable' ? 'không kết nối được cơ sở dữ liệu' : 'cơ sở dữ liệu không có bảng của ứng dụng'}: ${databaseErrorLine(exception)} — ${req.method} ${req.originalUrl}${lastUnavailableLog ? more : ''}`);
    lastUnavailableLog = now;
    unavailableSinceLog = 0;
  }
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  res.setHeader('Cache-Control', 'no-store');
  const message = UNAVAILABLE_MESSAGES[trouble];
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(503).json({ statusCode: 503, message });
    return;
  }
  res.status(503).render('errors/error', { title: TITLES[503], message, status: 503 });
}

/**
 * Errors of the middleware before any route (the session store reads the database): when
 * the database cannot be reached, the same 503 page as from a route.
 */
export function databaseUnavailableErrors(err: unknown, req: Request, res: Response, next: (err?: unknown) => void): void {
  const trouble = databaseTrouble(err);
  if (!trouble || res.headersSent) return next(err);
  answerUnavailable(trouble, err, req, res);
}

/** Turns every error into a page a person can read (or a redirect). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (res.headersSent) return;

    if (exception instanceof FormRenderException) {
      res.status(exception.getStatus()).render(exception.view, exception.model);
      return;
    }
    if (exception instanceof SignInRequiredException) {
      if (req.method === 'GET' && !this.wantsJson(req)) {
        res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      } else {
        this.render(req, res, 401, 'Vui lòng đăng nhập', 'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.');
      }
      return;
    }
    if (exception instanceof PasswordChangeRequiredException) {
      flash(req, 'warning', 'Mật khẩu của bạn vừa được đặt lại. Vui lòng đặt mật khẩu mới trước khi tiếp tục.');
      res.redirect(303, '/account/password');
      return;
    }

    const trouble = databaseTrouble(exception);
    if (trouble) {
      answerUnavailable(trouble, exception, req, res);
      return;
    }
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message: string | undefined;
    if (exception instanceof CsrfRefusedException) {
      this.render(req, res, 403, exception.title, exception.message);
      return;
    }
    if (exception instanceof EntityNotFound) {
      status = HttpStatus.NOT_FOUND;
      message = exception.vietnamese;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      // Nest's own English messages ("Forbidden resource", "Cannot GET /x") are replaced.
      if (typeof raw === 'string' && /[À-ỹ]/.test(raw)) message = raw;
    } else if (this.isPayloadTooLarge(exception)) {
      status = 413;
    } else if (isDatabaseBusy(exception)) {
      this.logger.warn(`503 ${req.method} ${req.originalUrl}: cơ sở dữ liệu bận: ${(exception as Error).message}`);
      res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
      res.setHeader('Cache-Control', 'no-store');
      status = HttpStatus.SERVICE_UNAVAILABLE;
      message = 'Hệ thống đang bận với nhiều thao tác ghi cùng lúc, nên thao tác của bạn chưa được lưu. Vui lòng thử lại sau vài giây.';
    } else if (isConcurrentChange(exception)) {
      // Two saves of the same thing at the same moment (several instances): the database
      // kept one; the other person is asked to look again rather than shown an error.
      this.logger.warn(`409 ${req.method} ${req.originalUrl}: ${concurrentChangeLine(exception)}`);
      status = HttpStatus.CONFLICT;
      message = 'Dữ liệu vừa được người khác thay đổi cùng lúc, nên thao tác của bạn chưa được lưu. Vui lòng tải lại trang và thử lại.';
    } else if (exception instanceof QueryFailedError && ['22021', '22P05'].includes(String((exception.driverError as { code?: string } | undefined)?.code))) {
      // Text PostgreSQL cannot hold (a character its encoding refuses) that got past the body's cleaning.
      this.logger.warn(`${req.method} ${req.originalUrl}: ${(exception as Error).message}`);
      status = HttpStatus.BAD_REQUEST;
      message = 'Dữ liệu gửi lên có ký tự không hợp lệ (ký tự điều khiển). Không có gì được lưu; vui lòng gõ lại nội dung.';
    } else if (isDiskError(exception)) {
      this.logger.error(`${req.method} ${req.originalUrl}: không ghi được tệp: ${exception.code} ${exception.path ?? ''}`);
      status = HttpStatus.INSUFFICIENT_STORAGE;
      message = STORAGE_REFUSED;
    } else {
      this.logger.error(`${req.method} ${req.originalUrl}`, exception instanceof Error ? exception.stack : String(exception));
    }
    this.render(req, res, status, TITLES[status] ?? TITLES[400], message ?? DEFAULT_MESSAGES[status] ?? 'Yêu cầu không thực hiện được.');
  }

  private isPayloadTooLarge(e: unknown): boolean {
    return typeof e === 'object' && e !== null && (e as { type?: string }).type === 'entity.too.large';
  }

  /** The JSON API always answers in JSON; pages in HTML unless the client asks for JSON. */
  private wantsJson(req: Request): boolean {
    return (req.originalUrl ?? req.url ?? '').startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
  }

  private render(req: Request, res: Response, status: number, title: string, message: string): void {
    if (this.wantsJson(req)) {
      res.status(status).json({ statusCode: status, message });
      return;
    }
    res.status(status).render('errors/error', { title, message, status });
  }
}

/**
 * Errors of the body parsers (too many fields, too large, unreadable), which happen
 * before any route: a page in Vietnamese with their 4xx status, never a 500.
 */
export function bodyParserErrors(err: unknown, req: Request, res: Response, next: (err?: unknown) => void): void {
  const e = err as { type?: string; status?: number };
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || res.headersSent) return next(err);
  const tooLarge = e.status === 413;
  const message = tooLarge
    ? 'Biểu mẫu gửi lên quá lớn hoặc có quá nhiều trường. Không có gì được lưu.'
    : 'Dữ liệu gửi lên không đọc được (sai định dạng hoặc bảng mã). Không có gì được lưu.';
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(e.status).json({ statusCode: e.status, message });
    return;
  }
  res.status(e.status).render('errors/error', { title: tooLarge ? 'Dữ liệu quá lớn' : TITLES[400], message, status: e.status });
}
