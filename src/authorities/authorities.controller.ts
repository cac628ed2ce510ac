import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Roles } from '../common/decorators';
import { flash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { RequestContext } from '../common/request-context';
import { Role } from '../users/roles';
import { AuthoritiesService } from './authorities.service';
import { AuthoritiesView } from './authorities.view';
import { AuthorityProfileDto } from './dto/authority-profile.dto';

/** A unit's authority profile (what the documents it issues print): for administrators. */
@Controller('units')
@Roles(Role.DistrictAdmin)
export class AuthoritiesController {
  constructor(
    private readonly authorities: AuthoritiesService,
    private readonly view: AuthoritiesView,
  ) {}

  @Get(':id/authority')
  @Render('authorities/form')
  form(@Param('id', ParseIdPipe) id: number) {
    return this.view.form(id);
  }

  formModel(req: Request) {
    return this.view.form(parseId(req.params.id), false);
  }

  @Post(':id/authority')
  @FormView('authorities/form', 'formModel')
  async save(@Param('id', ParseIdPipe) id: number, @Body() dto: AuthorityProfileDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const saved = await this.authorities.save(ctx, id, dto);
    flash(req, 'success', `Đã lưu thông tin cơ quan ban hành, áp dụng từ ngày ${saved.validFrom.split('-').reverse().join('/')}.`);
    res.redirect(303, `/units/${id}/authority`);
  }
}
