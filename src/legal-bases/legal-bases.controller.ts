import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Roles } from '../common/decorators';
import { flash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { RequestContext } from '../common/request-context';
import { Role } from '../users/roles';
import { LegalBasisFormDto } from './dto/legal-basis-form.dto';
import { citation } from './legal-basis-rules';
import { LegalBasesService } from './legal-bases.service';
import { LegalBasesView } from './legal-bases.view';

/** The register of legal bases ("Căn cứ" of the council's decisions), kept by the system administrator. */
@Controller('legal-bases')
@Roles(Role.DistrictAdmin)
export class LegalBasesController {
  constructor(
    private readonly bases: LegalBasesService,
    private readonly view: LegalBasesView,
  ) {}

  @Get()
  @Render('legal-bases/index')
  index() {
    return this.view.index();
  }

  @Get('new')
  @Render('legal-bases/form')
  newForm() {
    return this.view.form(null);
  }

  newModel() {
    return this.view.form(null);
  }

  @Post('new')
  @FormView('legal-bases/form', 'newModel')
  async create(@Body() dto: LegalBasisFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const basis = await this.bases.create(ctx, dto);
    flash(req, 'success', `Đã thêm: ${citation(basis)}.`);
    res.redirect(303, '/legal-bases');
  }

  @Get(':id/edit')
  @Render('legal-bases/form')
  async editForm(@Param('id', ParseIdPipe) id: number) {
    return this.view.form(await this.bases.findOrFail(id));
  }

  async editModel(req: Request) {
    return this.view.form(await this.bases.findOrFail(parseId(req.params.id)));
  }

  @Post(':id/edit')
  @FormView('legal-bases/form', 'editModel')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: LegalBasisFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const basis = await this.bases.update(ctx, id, dto);
    flash(req, 'success', `Đã lưu: ${citation(basis)}.`);
    res.redirect(303, '/legal-bases');
  }
}
