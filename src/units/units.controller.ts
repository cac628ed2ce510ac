import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UploadedFile } from '@nestjs/common';
import { SingleFileUpload } from '../common/uploads/multipart';
import { Request, Response } from 'express';
import { csvSeparator } from '../common/exports';
import { formatDate } from '../common/dates';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { flash, importErrors, refusalAsFlash, refusedImport, refuseImport } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { Role } from '../users/roles';
import { UnitEditDto, UnitFormDto } from './dto/unit-form.dto';
import { EndUnitDto, MergeUnitsDto, RenameUnitDto, SplitUnitDto } from './dto/unit-history.dto';
import { UnitsView } from './units.view';
import { UnitsService } from './units.service';
import { unitCsvTemplate } from './unit-csv';
import { contextOf, RequestContext } from '../common/request-context';

const CSV_LIMIT = 5 * 1024 * 1024;

/** The tree below one's own unit: the system administrator's whole, a unit administrator's subtree. */
const ADMINS = [Role.DistrictAdmin, Role.UnitAdmin];

@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly view: UnitsView,
  ) {}

  /** Permission of a new unit: placed under a unit the administrator manages. */
  mayCreate(req: Request) {
    return this.units.assertMayEdit(contextOf(req), null, (req.body ?? {}) as Record<string, unknown>);
  }

  /** Permission of editing a unit: one below the administrator's own, placed within its scope. */
  mayEdit(req: Request) {
    return this.units.assertMayEdit(contextOf(req), parseId(req.params.id), (req.body ?? {}) as Record<string, unknown>);
  }

  @Get()
  @Roles(...ADMINS)
  @Render('units/index')
  index(@Ctx() ctx: RequestContext, @Query('q') q?: string, @Query('ended') ended?: string) {
    return this.view.index(ctx, q, ended === '1');
  }

  @Get('new')
  @Roles(...ADMINS)
  @Render('units/form')
  newForm(@Ctx() ctx: RequestContext, @Query('parent') parent?: string) {
    return this.view.createForm(ctx, { kind: 'commune', parentId: parent ?? '' });
  }

  /** Model for re-rendering the create form after refused input. */
  createModel(req: Request) {
    return this.view.createForm(contextOf(req), {});
  }

  @Post('new')
  @Roles(...ADMINS)
  @Permit('mayCreate')
  @FormView('units/form', 'createModel')
  async create(@Body() dto: UnitFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const unit = await this.units.create(ctx, dto);
    flash(req, 'success', `Đã tạo đơn vị ${unit.name}.`);
    res.redirect(303, `/units/${unit.id}`);
  }

  @Get('import')
  @Roles(...ADMINS)
  @Render('units/import')
  importForm(@Ctx() ctx: RequestContext, @Req() req: Request) {
    return this.view.importPage({ ...refusedImport(req, '/units/import'), scoped: ctx.user.roles.includes(Role.DistrictAdmin) ? '' : ctx.user.unitName });
  }

  @Get('import/template.csv')
  @Roles(...ADMINS)
  template(@Query('sep') sep: string | undefined, @Res() res: Response) {
    res.type('text/csv; charset=utf-8');
    res.attachment('mau-nhap-don-vi.csv');
    res.send(unitCsvTemplate(csvSeparator(sep)));
  }

  @Post('import')
  @Roles(...ADMINS)
  @SingleFileUpload('file', CSV_LIMIT)
  async import(@UploadedFile() file: Express.Multer.File | undefined, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    if (!file || file.size === 0) return refuseImport(req, res, '/units/import', { fileError: 'Vui lòng chọn tệp CSV để nhập.' });
    const result = await this.units.importCsv(ctx, file.buffer);
    if (!result.ok) return refuseImport(req, res, '/units/import', { ...importErrors(result.errors), fileName: file.originalname });
    const history = result.history ? ` ${result.history} đơn vị loại trước 01/07/2025 được nhập làm lịch sử, đã chấm dứt từ 01/07/2025.` : '';
    flash(req, 'success', `Đã nhập ${result.created} đơn vị từ tệp ${file.originalname}.${history}`);
    res.redirect(303, '/units');
  }

  @Get('merge')
  @Roles(Role.DistrictAdmin)
  @Render('units/merge')
  mergeForm(@Query('from') from?: string) {
    return this.view.mergeForm({ predecessorIds: from ? [from] : [], target: 'new', moveMembers: '1' });
  }

  mergeModel() {
    return this.view.mergeForm({});
  }

  @Post('merge')
  @Roles(Role.DistrictAdmin)
  @FormView('units/merge', 'mergeModel')
  async merge(@Body() dto: MergeUnitsDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const successor = await this.units.merge(ctx, dto);
    flash(req, 'success', `Đã ghi nhận sáp nhập vào ${successor.name}.`);
    res.redirect(303, `/units/${successor.id}`);
  }

  @Get(':id')
  @Render('units/show')
  async show(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    await this.units.assertInScope(ctx, id);
    return this.view.show(ctx, id);
  }

  @Get(':id/edit')
  @Roles(...ADMINS)
  @Permit('mayEdit')
  @Render('units/form')
  editForm(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.editForm(ctx, id);
  }

  editModel(req: Request) {
    return this.view.editForm(contextOf(req), parseId(req.params.id), false);
  }

  @Post(':id/edit')
  @Roles(...ADMINS)
  @Permit('mayEdit')
  @FormView('units/form', 'editModel')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: UnitEditDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const unit = await this.units.update(ctx, id, dto);
    flash(req, 'success', `Đã lưu đơn vị ${unit.name}.`);
    res.redirect(303, `/units/${id}`);
  }

  @Get(':id/rename')
  @Roles(Role.DistrictAdmin)
  @Render('units/rename')
  renameForm(@Param('id', ParseIdPipe) id: number) {
    return this.view.renameForm(id);
  }

  renameModel(req: Request) {
    return this.view.renameForm(parseId(req.params.id));
  }

  @Post(':id/rename')
  @Roles(Role.DistrictAdmin)
  @FormView('units/rename', 'renameModel')
  async rename(@Param('id', ParseIdPipe) id: number, @Body() dto: RenameUnitDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const unit = await this.units.rename(ctx, id, dto);
    flash(req, 'success', `Đã đổi tên thành ${unit.name}.`);
    res.redirect(303, `/units/${id}`);
  }

  @Get(':id/split')
  @Roles(Role.DistrictAdmin)
  @Render('units/split')
  splitForm(@Param('id', ParseIdPipe) id: number) {
    return this.view.splitForm(id);
  }

  splitModel(req: Request) {
    return this.view.splitForm(parseId(req.params.id));
  }

  @Post(':id/split')
  @Roles(Role.DistrictAdmin)
  @FormView('units/split', 'splitModel')
  async split(@Param('id', ParseIdPipe) id: number, @Body() dto: SplitUnitDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const successors = await this.units.split(ctx, id, dto);
    flash(req, 'success', `Đã ghi nhận chia tách thành ${successors.map((s) => s.name).join(', ')}.`);
    res.redirect(303, `/units/${id}`);
  }

  @Get(':id/end')
  @Roles(Role.DistrictAdmin)
  @Render('units/end')
  endForm(@Param('id', ParseIdPipe) id: number) {
    return this.view.endForm(id);
  }

  endModel(req: Request) {
    return this.view.endForm(parseId(req.params.id), false);
  }

  @Post(':id/end')
  @Roles(Role.DistrictAdmin)
  @FormView('units/end', 'endModel')
  async end(@Param('id', ParseIdPipe) id: number, @Body() dto: EndUnitDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const unit = await this.units.end(ctx, id, dto);
    flash(req, 'success', `Đã ghi nhận ${unit.name} chấm dứt hoạt động từ ngày ${formatDate(dto.effectiveDate)}.`);
    res.redirect(303, `/units/${id}`);
  }

  @Post(':id/delete')
  @Roles(Role.DistrictAdmin)
  async remove(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const removed = await refusalAsFlash(req, () => this.units.remove(ctx, id));
    if (removed) flash(req, 'success', 'Đã xóa đơn vị.');
    res.redirect(303, removed ? '/units' : `/units/${id}`);
  }
}
