import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Roles } from '../common/decorators';
import { flash } from '../common/flash';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Role } from '../users/roles';
import { FieldFormDto } from './dto/field-form.dto';
import { FieldsService } from './fields.service';
import { RequestContext } from '../common/request-context';

/** Fields of reform (lĩnh vực): the six seeded ones, and any the district adds. */
@Controller('fields')
@Roles(Role.DistrictAdmin)
export class FieldsController {
  constructor(private readonly fields: FieldsService) {}

  @Get()
  @Render('fields/index')
  index() {
    return this.model();
  }

  async model() {
    return { title: 'Lĩnh vực', fields: await this.fields.all(), form: { values: {}, errors: {} } };
  }

  @Post()
  @FormView('fields/index', 'model')
  async create(@Body() dto: FieldFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const field = await this.fields.create(ctx, dto.name);
    flash(req, 'success', `Đã thêm lĩnh vực "${field.name}".`);
    res.redirect(303, '/fields');
  }

  @Post(':id')
  @FormView('fields/index', 'model')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: FieldFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const field = await this.fields.update(ctx, id, dto.name, dto.active === '1');
    flash(req, 'success', `Đã lưu lĩnh vực "${field.name}".`);
    res.redirect(303, '/fields');
  }
}
