import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Public } from '../common/decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { InitiativesService } from '../initiatives/initiatives.service';
import { attachmentView, InitiativesView } from '../initiatives/initiatives.view';

/** Anonymous visitors' catalogue pages are the same for everyone: shared caches may keep them briefly. */
function publicCache(req: Request, res: Response): void {
  if (req.currentUser) return;
  res.setHeader('Cache-Control', 'public, max-age=300');
  res.setHeader('Vary', 'Cookie');
}

/**
 * The public catalogue: recognised initiatives only, for other units to learn from.
 * Never shows confidential information, internal files, or dates of birth.
 */
@Controller('catalogue')
@Public()
export class CatalogueController {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly view: InitiativesView,
  ) {}

  @Get()
  @Render('catalogue/index')
  async index(@Query() query: Record<string, string | undefined>, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    publicCache(req, res);
    return { title: 'Danh mục sáng kiến được công nhận', ...(await this.view.list(query, { public: true }, '/catalogue')) };
  }

  @Get(':id')
  @Render('catalogue/show')
  async show(@Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const initiative = await this.initiatives.loadPublic(id);
    publicCache(req, res);
    const attachments = (await this.initiatives.attachmentsOf(id)).filter((a) => a.visibility === 'public');
    return { title: initiative.title, i: this.view.detail(initiative, false), attachments: attachments.map(attachmentView) };
  }
}
