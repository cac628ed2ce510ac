import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Public } from '../common/decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CatalogueView } from './catalogue.view';

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
  constructor(private readonly view: CatalogueView) {}

  // A model may be shared by every anonymous visitor: each rendering gets its own copy
  // (Express adds the request's locals to the object it renders).
  @Get()
  @Render('catalogue/index')
  async index(@Query() query: Record<string, string | undefined>, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const model = await this.view.list(query, !req.currentUser);
    publicCache(req, res);
    return { ...model };
  }

  @Get(':id')
  @Render('catalogue/show')
  async show(@Param('id', ParseIdPipe) id: number, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const model = await this.view.show(id, !req.currentUser);
    publicCache(req, res);
    return { ...model };
  }
}
