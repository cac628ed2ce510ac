import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Ctx, Public } from '../common/decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { RequestContext } from '../common/request-context';
import { ApiError, ApiInternalInitiativeDetail, ApiInternalInitiativePage, ApiMe } from './api.dto';
import { ApiRateLimitGuard, listQueryOr400, sendJson } from './api-http';
import { MAX_PAGE_SIZE } from './api-rules';
import { ApiTokenGuard } from './api-token.guard';
import { ApiService } from './api.service';

/**
 * The internal endpoints of the read-only JSON API: with a personal access token, what its
 * owner may see on the pages (a focal point's token sees its units' initiatives, a
 * secretary's those of the rounds it reaches…), never more; nothing is written.
 */
@Controller('api/v1')
@Public()
@UseGuards(ApiTokenGuard, ApiRateLimitGuard)
@ApiTags('Nội bộ (mã truy cập cá nhân)')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Không có mã truy cập, mã sai, đã thu hồi, hoặc tài khoản đã bị khóa.', type: ApiError })
@ApiTooManyRequestsResponse({ description: 'Quá số yêu cầu mỗi phút của mã truy cập (xem Retry-After).', type: ApiError })
export class ApiInternalController {
  constructor(private readonly api: ApiService) {}

  @Get('me')
  @ApiOperation({ summary: 'Người dùng của mã truy cập' })
  @ApiOkResponse({ type: ApiMe })
  me(@Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response): void {
    sendJson(req, res, this.api.me(ctx), 'private');
  }

  @Get('internal/initiatives')
  @ApiOperation({ summary: 'Sáng kiến người dùng được xem', description: `Như danh sách "Sáng kiến" của người dùng: mọi trạng thái trong phạm vi của họ. Lọc như danh sách công khai, thêm status; mỗi trang tối đa ${MAX_PAGE_SIZE}.` })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'year', required: false })
  @ApiQuery({ name: 'unit', required: false })
  @ApiQuery({ name: 'field', required: false })
  @ApiQuery({ name: 'level', required: false, enum: ['unit', 'district', 'province', 'national'] })
  @ApiQuery({ name: 'status', required: false, example: 'submitted' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ApiOkResponse({ type: ApiInternalInitiativePage })
  @ApiBadRequestResponse({ description: 'Tham số không đọc được.', type: ApiError })
  async initiatives(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    const read = listQueryOr400(query, true);
    sendJson(req, res, await this.api.myInitiativesPage(ctx, read), 'private');
  }

  @Get('internal/initiatives/:id')
  @ApiOperation({ summary: 'Một sáng kiến người dùng được xem', description: 'Nội dung, tác giả (không ngày sinh), chỉ số, trạng thái, đợt xét. Không có thông tin cần bảo mật.' })
  @ApiOkResponse({ type: ApiInternalInitiativeDetail })
  @ApiForbiddenResponse({ description: 'Người dùng của mã không được xem sáng kiến này.', type: ApiError })
  async initiative(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendJson(req, res, await this.api.myInitiative(ctx, id), 'private');
  }
}
