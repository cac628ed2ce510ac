import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Ctx, FormView } from '../common/decorators';
import { flash, refusalAsFlash } from '../common/flash';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { contextOf, RequestContext } from '../common/request-context';
import { formatDateTime } from '../common/dates';
import { ApiTokenDto } from './dto/api-token.dto';
import { ApiTokensService, MAX_ACTIVE_TOKENS } from './api-tokens.service';

declare module 'express-session' {
  interface SessionData {
    /** A token just made, shown once on the next page and forgotten. */
    newApiToken: { id: number; token: string };
  }
}

/** A person's personal access tokens of the JSON API (user menu › Mã truy cập API). */
@Controller('account/tokens')
@ApiExcludeController()
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  async pageModel(req: Request) {
    const ctx = contextOf(req);
    const shown = req.session.newApiToken;
    delete req.session.newApiToken;
    const tokens = await this.tokens.mine(ctx);
    return {
      title: 'Mã truy cập API',
      max: MAX_ACTIVE_TOKENS,
      fresh: shown && tokens.some((t) => t.id === shown.id) ? shown.token : null,
      tokens: tokens.map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        createdAt: formatDateTime(t.createdAt),
        lastUsedAt: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'chưa dùng',
        revokedAt: t.revokedAt ? formatDateTime(t.revokedAt) : null,
      })),
      form: { values: { name: '' }, errors: {} },
    };
  }

  @Get()
  @Render('api/tokens')
  page(@Req() req: Request) {
    return this.pageModel(req);
  }

  @Post()
  @FormView('api/tokens', 'pageModel')
  async create(@Body() dto: ApiTokenDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const { token, saved } = await this.tokens.create(ctx, dto.name);
    req.session.newApiToken = { id: saved.id, token };
    flash(req, 'success', `Đã tạo mã truy cập "${saved.name}". Sao chép mã ngay: mã chỉ hiện một lần.`);
    res.redirect(303, '/account/tokens');
  }

  @Post(':id/revoke')
  async revoke(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    if (await refusalAsFlash(req, async () => void (await this.tokens.revoke(ctx, id)))) flash(req, 'success', 'Đã thu hồi mã truy cập: mã không dùng được nữa.');
    res.redirect(303, '/account/tokens');
  }
}
