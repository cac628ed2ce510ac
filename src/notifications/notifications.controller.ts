import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView } from '../common/decorators';
import { flash } from '../common/flash';
import { pageNumber, paginate } from '../common/pagination';
import { contextOf, RequestContext } from '../common/request-context';
import { MailService } from '../mail/mail.service';
import { UsersService } from '../users/users.service';
import { DIGEST_HOUR } from './digest-rules';
import { EmailModeDto } from './dto/email-mode.dto';
import { NotificationsService } from './notifications.service';

const PAGE_SIZE = 25;

/** A person's notices: all of them, or the unread ones, marking them all read, and how they come by e-mail. */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly mail: MailService,
  ) {}

  @Get()
  @Render('notifications/index')
  index(@Query() query: Record<string, string | undefined>, @Ctx() ctx: RequestContext) {
    return this.model(ctx, query);
  }

  indexModel(req: Request) {
    return this.model(contextOf(req), req.query as Record<string, string | undefined>);
  }

  private async model(ctx: RequestContext, query: Record<string, string | undefined>) {
    const unreadOnly = query.unread === '1';
    const page = pageNumber(query.page);
    const [{ items, total }, unread, me] = await Promise.all([
      this.notifications.list(ctx.user.id, { unreadOnly, page, pageSize: PAGE_SIZE }),
      this.notifications.countUnread(ctx.user.id),
      this.users.findOne(ctx.user.id),
    ]);
    return {
      title: 'Thông báo',
      unreadOnly,
      unread,
      items: items.map((n) => ({ ...n, read: n.readAt !== null })),
      pagination: paginate(page, total, query, PAGE_SIZE),
      email: { address: me.email, daily: me.emailDigest, hour: DIGEST_HOUR, sending: this.mail.enabled },
      form: { values: { emailMode: me.emailDigest ? 'daily' : 'each' }, errors: {} },
    };
  }

  @Post('read-all')
  async readAll(@Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const n = await this.notifications.markAllRead(ctx.user.id);
    flash(req, 'success', n ? `Đã đánh dấu ${n} thông báo là đã đọc.` : 'Không có thông báo nào chưa đọc.');
    res.redirect(303, '/notifications');
  }

  @Post('email')
  @FormView('notifications/index', 'indexModel')
  async emailMode(@Body() dto: EmailModeDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.users.setEmailDigest(ctx, dto.emailMode === 'daily');
    flash(req, 'success', dto.emailMode === 'daily' ? `Đã lưu: thông báo đến bằng một thư tổng hợp mỗi ngày, lúc ${DIGEST_HOUR} giờ sáng.` : 'Đã lưu: mỗi thông báo đến bằng một thư.');
    res.redirect(303, '/notifications#nhan-thu');
  }
}
