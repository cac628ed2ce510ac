import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { FormRenderException, PasswordChangeRequiredException, SignInRequiredException } from './exceptions';
import { flash } from './flash';

const TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  403: 'Không có quyền truy cập',
  404: 'Không tìm thấy trang',
  413: 'Tệp quá lớn',
  429: 'Quá nhiều yêu cầu',
  500: 'Lỗi hệ thống',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  403: 'Bạn không có quyền thực hiện thao tác này.',
  404: 'Trang hoặc bản ghi bạn tìm không tồn tại, hoặc đã bị gỡ bỏ.',
  413: 'Tệp hoặc dữ liệu gửi lên vượt quá giới hạn cho phép. Không có gì được lưu.',
  500: 'Đã có lỗi ngoài dự kiến. Lỗi đã được ghi lại; vui lòng thử lại sau ít phút.',
};

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

    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message: string | undefined;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      // Nest's own English messages ("Forbidden resource", "Cannot GET /x") are replaced.
      if (typeof raw === 'string' && /[À-ỹ]/.test(raw)) message = raw;
    } else if (this.isPayloadTooLarge(exception)) {
      status = 413;
    } else {
      this.logger.error(`${req.method} ${req.originalUrl}`, exception instanceof Error ? exception.stack : String(exception));
    }
    this.render(req, res, status, TITLES[status] ?? TITLES[400], message ?? DEFAULT_MESSAGES[status] ?? 'Yêu cầu không thực hiện được.');
  }

  private isPayloadTooLarge(e: unknown): boolean {
    return typeof e === 'object' && e !== null && (e as { type?: string }).type === 'entity.too.large';
  }

  private wantsJson(req: Request): boolean {
    return req.accepts(['html', 'json']) === 'json';
  }

  private render(req: Request, res: Response, status: number, title: string, message: string): void {
    if (this.wantsJson(req)) {
      res.status(status).json({ statusCode: status, message });
      return;
    }
    res.status(status).render('errors/error', { title, message, status });
  }
}
