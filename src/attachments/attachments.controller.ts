import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { Controller, ForbiddenException, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, Public } from '../common/decorators';
import { SignInRequiredException } from '../common/exceptions';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AttachmentsService } from './attachments.service';
import { contentDisposition } from '../common/content-disposition';
import { RequestContext } from '../common/request-context';

@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * Downloads through the application (never from a static folder), with the original
   * Vietnamese file name. Public files of recognised initiatives need no sign-in.
   */
  @Get(':id')
  @Public()
  async download(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const attachment = await this.attachments.findOne(id);
    if (!(await this.attachments.canDownload(ctx, attachment))) {
      if (!ctx.viewer) throw new SignInRequiredException();
      throw new ForbiddenException('Bạn không có quyền tải tệp này.');
    }
    const path = this.attachments.path(attachment);
    const info = await stat(path).catch(() => null);
    if (!info) throw new NotFoundException('Tệp không còn trên máy chủ. Vui lòng báo quản trị hệ thống.');
    if (attachment.visibility === 'internal') await this.attachments.auditRead(ctx, attachment);
    res.setHeader('Content-Type', attachment.mediaType);
    res.setHeader('Content-Length', String(info.size));
    res.setHeader('Content-Disposition', contentDisposition(attachment.originalName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Never kept by shared caches: visibility can change, and signed-in users see more.
    res.setHeader('Cache-Control', 'private, no-store');
    pipeline(createReadStream(path), res, (err) => {
      if (err && !res.headersSent) res.status(500).end();
      else if (err) res.destroy(err);
    });
  }
}
