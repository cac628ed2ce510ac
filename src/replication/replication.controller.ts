import { Body, Controller, ForbiddenException, Get, Param, Post, Query, Render, Req, Res, UploadedFile } from '@nestjs/common';
import { ReceivedFiles } from '../attachments/received-files';
import { Uploaded, Uploads } from '../attachments/upload.interceptor';
import { SingleFileUpload } from '../common/uploads/multipart';
import { contentDisposition } from '../common/content-disposition';
import { Adoption } from './programme.entity';
import { buildTemplate, TEMPLATE_SHEET } from './replication-template';
import { Request, Response } from 'express';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { flash, importErrors, refusedImport, refuseImport } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { UnitsService } from '../units/units.service';
import { Role } from '../users/roles';
import { csvSeparator, noteRows, writeCsv, writeXlsxSheets } from '../common/exports';
import { ProgrammeChangeDto, ProgrammeDto, RemindDto, ReportDto } from './dto/programme.dto';
import { matrixSheet, RATE_COLUMNS, rateLines, RECORD_COLUMNS, recordLines, unitWithSuccessor } from './replication-export';
import { EVIDENCE, ReplicationService } from './replication.service';
import { reminderMessage } from './reminders';
import { ReplicationView } from './replication.view';
import { contextOf, RequestContext } from '../common/request-context';

/** Who runs programmes: the system administrator, and a unit administrator for those its units issue (checked per programme). */
const ORGANISERS = [Role.DistrictAdmin, Role.UnitAdmin];
/** Who also reads every programme's matrix, figures and exports. */
const READERS = [...ORGANISERS, Role.CouncilSecretary];
const TEMPLATE_LIMIT = 5 * 1024 * 1024;

/** Replication programmes, the adoption matrix, and the units' reports. */
@Controller()
export class ReplicationController {
  constructor(
    private readonly replication: ReplicationService,
    private readonly view: ReplicationView,
    private readonly units: UnitsService,
  ) {}

  /** Permission of a programme's own pages: those who run it (403 otherwise, 404 if there is none). */
  managesProgramme(req: Request) {
    return this.replication.assertManages(contextOf(req), parseId(req.params.id));
  }

  /** Permission of a programme's matrix, figures and exports: those who run it, and council secretaries. */
  seesProgramme(req: Request) {
    return this.replication.assertSees(contextOf(req), parseId(req.params.id));
  }

  @Get('programmes')
  @Roles(...READERS)
  @Render('replication/index')
  index(@Ctx() ctx: RequestContext) {
    return this.view.index(ctx);
  }

  @Get('programmes/new')
  @Roles(...ORGANISERS)
  @Render('replication/form')
  newForm(@Ctx() ctx: RequestContext) {
    return this.view.form(ctx);
  }

  formModel(req: Request) {
    return this.view.form(contextOf(req));
  }

  @Post('programmes/new')
  @Roles(...ORGANISERS)
  @FormView('replication/form', 'formModel')
  async create(@Body() dto: ProgrammeDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const programme = await this.replication.create(ctx, dto);
    flash(req, 'success', `Đã lập kế hoạch "${programme.title}" và tạo bản ghi theo dõi cho từng đơn vị.`);
    res.redirect(303, `/programmes/${programme.id}`);
  }

  @Get('programmes/:id')
  @Roles(...READERS)
  @Permit('seesProgramme')
  @Render('replication/matrix')
  async matrix(@Param('id', ParseIdPipe) id: number, @Query() query: Record<string, string | undefined>, @Req() req: Request) {
    return { ...(await this.view.matrix(contextOf(req), id, query)), ...refusedImport(req, req.path) };
  }

  /** A unit's records in the programme (a row of the matrix, with a link per record). */
  @Get('programmes/:id/units/:unitId')
  @Roles(...READERS)
  @Permit('seesProgramme')
  @Render('replication/slice')
  unitSlice(@Param('id', ParseIdPipe) id: number, @Param('unitId', ParseIdPipe) unitId: number) {
    return this.view.slice(id, { unitId });
  }

  /** An initiative's records in the programme, unit by unit. */
  @Get('programmes/:id/initiatives/:initiativeId')
  @Roles(...READERS)
  @Permit('seesProgramme')
  @Render('replication/slice')
  initiativeSlice(@Param('id', ParseIdPipe) id: number, @Param('initiativeId', ParseIdPipe) initiativeId: number) {
    return this.view.slice(id, { initiativeId });
  }

  @Get('programmes/:id/edit')
  @Roles(...ORGANISERS)
  @Permit('managesProgramme')
  @Render('replication/change')
  changeForm(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.changeForm(ctx, id);
  }

  changeModel(req: Request) {
    return this.view.changeForm(contextOf(req), parseId(req.params.id));
  }

  @Post('programmes/:id/edit')
  @Roles(...ORGANISERS)
  @Permit('managesProgramme')
  @FormView('replication/change', 'changeModel')
  async change(@Param('id', ParseIdPipe) id: number, @Body() dto: ProgrammeChangeDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const result = await this.replication.change(ctx, id, { initiativeIds: dto.initiativeIds, unitIds: dto.unitIds }, dto.removeUnitIds, dto.confirm === '1');
    flash(req, 'success', `Đã điều chỉnh kế hoạch: thêm ${result.created} bản ghi, bỏ ${result.removed} đơn vị.`);
    res.redirect(303, `/programmes/${id}`);
  }

  @Get('programmes/:id/reasons')
  @Roles(...READERS)
  @Permit('seesProgramme')
  @Render('replication/reasons')
  reasons(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.analysis(ctx, id);
  }

  @Get('programmes/:id/export.xlsx')
  @Roles(...READERS)
  @Permit('seesProgramme')
  async exportXlsx(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const { programme, initiatives, units, records, rates, history } = await this.replication.withRecords(id, 'whole');
    const lines = recordLines(records, initiatives, units, history, programme);
    const reasons = lines.filter((l) => l.reason);
    await writeXlsxSheets(res, `nhan-rong-${programme.year}-${id}.xlsx`, [
      matrixSheet(initiatives, units, records, rates, history, programme.reportDeadline),
      { name: 'Tỷ lệ áp dụng', columns: RATE_COLUMNS, batches: once(rateLines(initiatives, rates)) },
      { name: 'Lý do không áp dụng', columns: RECORD_COLUMNS, batches: once(reasons) },
      { name: 'Tất cả báo cáo', columns: RECORD_COLUMNS, batches: once(lines) },
    ]);
  }

  @Get('programmes/:id/export.csv')
  @Roles(...READERS)
  @Permit('seesProgramme')
  async exportCsv(@Param('id', ParseIdPipe) id: number, @Query('sep') sep: string | undefined, @Res() res: Response) {
    const { programme, initiatives, units, records, history } = await this.replication.withRecords(id, 'whole');
    await writeCsv(res, `nhan-rong-${programme.year}-${id}.csv`, RECORD_COLUMNS, once(recordLines(records, initiatives, units, history, programme)), csvSeparator(sep));
  }

  /** Rates per initiative and overall, as reported and in today's units, side by side. */
  @Get('programmes/:id/rates.csv')
  @Roles(...READERS)
  @Permit('seesProgramme')
  async exportRatesCsv(@Param('id', ParseIdPipe) id: number, @Query('sep') sep: string | undefined, @Res() res: Response) {
    const { programme, initiatives, rates } = await this.replication.withRecords(id, 'whole');
    await writeCsv(res, `ty-le-nhan-rong-${programme.year}-${id}.csv`, RATE_COLUMNS, once(rateLines(initiatives, rates)), csvSeparator(sep));
  }

  /** The matrix page again, with the reminder form as posted (units ticked, reason typed). */
  async remindModel(req: Request) {
    const model = await this.view.matrix(contextOf(req), parseId(req.params.id), {});
    const posted = req.body as { unitIds?: unknown } | undefined;
    const ticked = new Set((Array.isArray(posted?.unitIds) ? posted.unitIds : posted?.unitIds !== undefined ? [posted.unitIds] : []).map(Number));
    return { ...model, overdueList: model.overdueList.map((u) => ({ ...u, checked: ticked.has(u.id) })) };
  }

  @Post('programmes/:id/remind')
  @Roles(...ORGANISERS)
  @Permit('managesProgramme')
  @FormView('replication/matrix', 'remindModel')
  async remind(@Param('id', ParseIdPipe) id: number, @Body() dto: RemindDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const outcome = await this.replication.remind(ctx, id, dto.unitIds, dto.reason);
    const trouble = !outcome.units || outcome.unreachable.length > 0 || Boolean(outcome.email?.failed) || Boolean(outcome.skipped?.length);
    flash(req, trouble ? 'warning' : outcome.email?.pending ? 'info' : 'success', reminderMessage(outcome));
    res.redirect(303, `/programmes/${id}#qua-han`);
  }

  @Get('adoptions/:id')
  @Render('replication/record')
  async record(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    const record = await this.replication.loadRecord(id);
    if (!(await this.replication.canSee(ctx, record))) throw new ForbiddenException('Bạn chỉ xem được kết quả áp dụng của đơn vị mình.');
    const canReport = await this.replication.assertCanReport(ctx, record).then(
      () => true,
      () => false,
    );
    return this.view.record(ctx, id, canReport);
  }

  /** Permission of a report: the unit's focal point, or whoever runs the programme (before the body is read). */
  async mayReport(req: Request) {
    await this.replication.assertCanReport(contextOf(req), await this.replication.loadRecord(parseId(req.params.id)));
  }

  /**
   * Permission of a unit's bulk report (template and import): the district, or a focal point
   * of the unit. Checked by the guard, before an upload is read.
   */
  mayReportForUnit(req: Request) {
    return this.replication.assertCanReportForUnit(contextOf(req), parseId(req.params.id));
  }

  recordModel(req: Request) {
    return this.view.record(contextOf(req), parseId(req.params.id), true);
  }

  @Post('adoptions/:id')
  @Permit('mayReport')
  @Uploads(EVIDENCE, 'internal')
  @FormView('replication/record', 'recordModel')
  async report(
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ReportDto,
    @Uploaded() uploads: ReceivedFiles,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.replication.report(ctx, id, dto, uploads);
    flash(req, 'success', 'Đã ghi nhận báo cáo kết quả áp dụng.');
    res.redirect(303, `/adoptions/${id}`);
  }

  @Get('units/:id/adoptions')
  @Render('replication/unit')
  async unit(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request) {
    await this.units.assertInScope(ctx, id);
    // The Excel template and its upload only for those who may report for the unit.
    return this.unitModel(id, { can: { report: await this.replication.mayReportForUnit(ctx, id) }, ...refusedImport(req, req.path) });
  }

  private async unitModel(id: number, extra: Record<string, unknown> = {}) {
    const unit = await this.units.findOne(id);
    return { title: `Kết quả áp dụng sáng kiến: ${unit.name}`, unit, records: await this.view.forUnit(id), ...extra };
  }

  /** The Excel template pre-filled with the records this user may report on. */
  @Get('units/:id/adoptions/template.xlsx')
  @Permit('mayReportForUnit')
  async unitTemplate(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Res() res: Response) {
    const records = await this.replication.reportableInUnit(ctx, id);
    await this.sendTemplate(res, `bao-cao-ap-dung-${id}.xlsx`, records);
  }

  @Post('units/:id/adoptions/import')
  @Permit('mayReportForUnit')
  @SingleFileUpload('file', TEMPLATE_LIMIT)
  async unitImport(@Param('id', ParseIdPipe) id: number, @UploadedFile() file: Express.Multer.File | undefined, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const page = `/units/${id}/adoptions`;
    if (!file || file.size === 0) return refuseImport(req, res, page, { fileError: 'Vui lòng chọn tệp Excel đã điền.' });
    const allowed = await this.replication.reportableInUnit(ctx, id);
    const result = await this.replication.importTemplate(ctx, file.buffer, allowed);
    if (!result.ok) return refuseImport(req, res, page, { ...importErrors(result.errors), fileName: file.originalname });
    flash(req, 'success', `Đã cập nhật ${result.updated} bản ghi từ tệp ${file.originalname}.`);
    res.redirect(303, `/units/${id}/adoptions`);
  }

  @Get('programmes/:id/template.xlsx')
  @Roles(...ORGANISERS)
  @Permit('managesProgramme')
  async programmeTemplate(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.sendTemplate(res, `bao-cao-ap-dung-ke-hoach-${id}.xlsx`, await this.replication.programmeRecords(id));
  }

  @Post('programmes/:id/import')
  @Roles(...ORGANISERS)
  @Permit('managesProgramme')
  @SingleFileUpload('file', TEMPLATE_LIMIT)
  async programmeImport(@Param('id', ParseIdPipe) id: number, @UploadedFile() file: Express.Multer.File | undefined, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const page = `/programmes/${id}`;
    if (!file || file.size === 0) return refuseImport(req, res, page, { fileError: 'Vui lòng chọn tệp Excel đã điền.' });
    const result = await this.replication.importTemplate(ctx, file.buffer, await this.replication.programmeRecords(id));
    if (!result.ok) return refuseImport(req, res, page, { ...importErrors(result.errors), fileName: file.originalname });
    flash(req, 'success', `Đã cập nhật ${result.updated} bản ghi từ tệp ${file.originalname}.`);
    res.redirect(303, `/programmes/${id}`);
  }

  private async sendTemplate(res: Response, filename: string, records: Adoption[]) {
    const history = await this.replication.unitHistory();
    const content = await buildTemplate(records, (r) => (r.unit ? unitWithSuccessor(r.unit, history) : ''));
    // The download's audit entry says how many rows the file holds.
    noteRows(res, TEMPLATE_SHEET, records.length);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', contentDisposition(filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(content);
  }
}

async function* once<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}
