import { Controller, Get, Query, Render } from '@nestjs/common';
import { Ctx, Roles } from '../common/decorators';
import { RequestContext } from '../common/request-context';
import { Role } from '../users/roles';
import { NoveltyService, similarView } from './novelty.service';

/** Each text of the live check is cut to this many characters (the browser sends the start of each field). */
const MAX_QUERY_CHARS = 2000;

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, MAX_QUERY_CHARS) : '');

/**
 * The live list of similar initiatives while an author drafts: an HTML fragment that the
 * form's script (public/js/novelty.js) puts under the form as the author types. Without
 * JavaScript the same list shows on the initiative's page and its edit form after saving.
 */
@Controller('novelty')
export class NoveltyController {
  constructor(private readonly novelty: NoveltyService) {}

  @Get('similar')
  @Roles(Role.Author, Role.UnitFocal, Role.DistrictAdmin)
  @Render('initiatives/similar-fragment')
  async similar(@Query() query: Record<string, unknown>, @Ctx() ctx: RequestContext) {
    const except = Number(query.except);
    const list = await this.novelty.similar(ctx, { title: text(query.title), problem: text(query.problem), solution: text(query.solution) }, Number.isInteger(except) && except > 0 ? except : null);
    return { layout: false, similar: { ...similarView(list), checked: true, live: true, newTab: true } };
  }
}
