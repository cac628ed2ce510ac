import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { Public } from '../common/decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { InitiativesService } from '../initiatives/initiatives.service';
import { attachmentView, InitiativesView } from '../initiatives/initiatives.view';

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
  async index(@Query() query: Record<string, string | undefined>) {
    return { title: 'Danh mục sáng kiến được công nhận', ...(await this.view.list(query, { public: true }, '/catalogue')) };
  }

  @Get(':id')
  @Render('catalogue/show')
  async show(@Param('id', ParseIdPipe) id: number) {
    const initiative = await this.initiatives.loadPublic(id);
    const attachments = (await this.initiatives.attachmentsOf(id)).filter((a) => a.visibility === 'public');
    return { title: initiative.title, i: this.view.detail(initiative, false), attachments: attachments.map(attachmentView) };
  }
}
