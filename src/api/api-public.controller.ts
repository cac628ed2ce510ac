import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Public } from '../common/decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ApiError, ApiInitiativeDetail, ApiInitiativePage, ApiProgramme } from './api.dto';
import { ApiRateLimitGuard, listQueryOr400, sendJson } from './api-http';
import { MAX_PAGE_SIZE } from './api-rules';
import { ApiService } from './api.service';

const ETAG_HEADER = { name: 'If-None-Match', required: false, description: 'ETag của lần trả lời trước: không đổi thì trả 304, không có nội dung.' };

/** The public endpoints of the read-only JSON API: no token, what the public catalogue shows. */
@Controller('api/v1')
@Public()
@UseGuards(ApiRateLimitGuard)
@ApiTags('Công khai')
@ApiExtraModels(ApiError)
@ApiTooManyRequestsResponse({ description: 'Quá số yêu cầu mỗi phút từ một địa chỉ (xem Retry-After).', type: ApiError })
export class ApiPublicController {
  constructor(private readonly api: ApiService) {}

  @Get('initiatives')
  @ApiOperation({ summary: 'Sáng kiến được công nhận', description: `Như danh mục công khai: tìm không cần dấu (q), lọc theo năm, lĩnh vực, đơn vị (gồm đơn vị trực thuộc và đơn vị cũ đã sáp nhập), phạm vi ảnh hưởng; mỗi trang tối đa ${MAX_PAGE_SIZE}.` })
  @ApiQuery({ name: 'q', required: false, example: 'buu chinh', description: 'Từ khóa (có dấu hay không dấu đều được)' })
  @ApiQuery({ name: 'year', required: false, example: 2022 })
  @ApiQuery({ name: 'field', required: false, description: 'Mã số lĩnh vực' })
  @ApiQuery({ name: 'unit', required: false, description: 'Mã số đơn vị' })
  @ApiQuery({ name: 'level', required: false, enum: ['unit', 'district', 'province', 'national'] })
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiQuery({ name: 'pageSize', required: false, example: 25, description: `1 đến ${MAX_PAGE_SIZE}` })
  @ApiHeader(ETAG_HEADER)
  @ApiOkResponse({ type: ApiInitiativePage })
  @ApiBadRequestResponse({ description: 'Tham số không đọc được.', type: ApiError })
  async initiatives(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const read = listQueryOr400(query);
    sendJson(req, res, await this.api.initiativesPage(read), 'public');
  }

  @Get('initiatives/:id')
  @ApiOperation({ summary: 'Một sáng kiến được công nhận', description: 'Nội dung như trang danh mục công khai, các tệp công khai và tình hình nhân rộng.' })
  @ApiHeader(ETAG_HEADER)
  @ApiOkResponse({ type: ApiInitiativeDetail })
  @ApiNotFoundResponse({ description: 'Không có sáng kiến được công nhận với mã số này.', type: ApiError })
  async initiative(@Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendJson(req, res, await this.api.initiative(id), 'public');
  }

  @Get('programmes')
  @ApiOperation({ summary: 'Kế hoạch nhân rộng', description: 'Mỗi kế hoạch với số sáng kiến, số đơn vị, số bản ghi, số đã áp dụng và tỷ lệ áp dụng.' })
  @ApiHeader(ETAG_HEADER)
  @ApiOkResponse({ type: [ApiProgramme] })
  async programmes(@Req() req: Request, @Res() res: Response): Promise<void> {
    sendJson(req, res, await this.api.programmes(), 'public');
  }
}
