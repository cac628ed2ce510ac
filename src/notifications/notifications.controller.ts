import { Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx } from '../common/decorators';
import { flash } from '../common/flash';
import { pageNumber, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { NotificationsService } from './notifications.service';

const PAGE_SIZE = 25;

/** A person's notices: all of them, or the unread ones, and marking them all read. */
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Render('notifications/index')
  async index(@Query() query: Record<string, string | undefined>, @Ctx() ctx: RequestContext) {
    const unreadOnly = query.unread === '1';
    const page = pageNumber(query.page);
    const [{ items, total }, unread] = await Promise.all([this.notifications.list(ctx.user.id, { unreadOnly, page, pageSize: PAGE_SIZE }), this.notifications.countUnread(ctx.user.id)]);
    return {
      title: 'Thông báo',
      unreadOnly,
      unread,
      items: items.map((n) => ({ ...n, read: n.readAt !== null })),
      pagination: paginate(page, total, query, PAGE_SIZE),
    };
  }

  @Post('read-all')
  async readAll(@Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const n = await this.notifications.markAllRead(ctx.user.id);
    flash(req, 'success', n ? `Đã đánh dấu ${n} thông báo là đã đọc.` : 'Không có thông báo nào chưa đọc.');
    res.redirect(303, '/notifications');
  }
}
