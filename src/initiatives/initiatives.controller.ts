import { Body, Controller, ForbiddenException, Get, HttpStatus, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { ReceivedFiles } from '../attachments/received-files';
import { Uploaded, Uploads } from '../attachments/upload.interceptor';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { csvSeparator, writeCsv, writeXlsx } from '../common/exports';
import { flash, refusalAsFlash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { CheckedForm, CheckForm } from '../common/validation';
import { FormInvalidException, SubmissionIncompleteException } from '../common/exceptions';
import { NotificationsService } from '../notifications/notifications.service';
import { RoundsService } from '../rounds/rounds.service';
import { Role } from '../users/roles';
import { AddAttachmentsDto, AttachRoundDto, InitiativeFormDto, PaperRecordFormDto, SubmitDto, TransitionNoteDto } from './dto/initiative-form.dto';
import { INITIATIVE_EXPORT_COLUMNS } from './initiative-export';
import { InitiativesService, OWNER_TYPE } from './initiatives.service';
import { filterFrom, InitiativesView } from './initiatives.view';
import { contextOf, RequestContext } from '../common/request-context';


/**
 * "Thêm tác giả" / "Thêm chỉ số" posted without JavaScript (addRow): the form comes back, as
 * typed and with its files kept, with one more block of that kind (InitiativesView.rows),
 * and nothing is saved.
 */
function addingRow(req: Request): void {
  const kind = (req.body as Record<string, unknown> | undefined)?.addRow;
  if (kind === 'authors' || kind === 'indicators') throw new FormInvalidException({}, undefined, HttpStatus.OK);
}

@Controller('initiatives')
export class InitiativesController {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly view: InitiativesView,
    private readonly notifications: NotificationsService,
    private readonly rounds: RoundsService,
  ) {}

  @Get()
  @Render('initiatives/index')
  async index(@Query() query: Record<string, string | undefined>, @Ctx() ctx: RequestContext) {
    return { title: 'Sáng kiến', canCreate: this.canCreate(ctx), canEnterPaper: ctx.user.roles.includes(Role.DistrictAdmin), ...(await this.view.list(query, { user: ctx.user }, '/initiatives')) };
  }

  @Get('export.xlsx')
  async exportXlsx(@Query() query: Record<string, string | undefined>, @Ctx() ctx: RequestContext, @Res() res: Response) {
    await writeXlsx(res, 'danh-sach-sang-kien.xlsx', 'Sáng kiến', INITIATIVE_EXPORT_COLUMNS, this.initiatives.each(filterFrom(query), { user: ctx.user }));
  }

  @Get('export.csv')
  async exportCsv(@Query() query: Record<string, string | undefined>, @Ctx() ctx: RequestContext, @Res() res: Response) {
    await writeCsv(res, 'danh-sach-sang-kien.csv', INITIATIVE_EXPORT_COLUMNS, this.initiatives.each(filterFrom(query), { user: ctx.user }), csvSeparator(query.sep));
  }

  @Get('new')
  @Roles(Role.Author, Role.UnitFocal, Role.DistrictAdmin)
  @Render('initiatives/form')
  newForm(@Ctx() ctx: RequestContext) {
    return this.view.form(ctx, null);
  }

  createModel(req: Request) {
    return this.view.formAgain(contextOf(req), null, req.body as Record<string, unknown>);
  }

  @Post('new')
  @Roles(Role.Author, Role.UnitFocal, Role.DistrictAdmin)
  @Uploads(OWNER_TYPE, 'chosen')
  @FormView('initiatives/form', 'createModel')
  async create(@Body(new CheckForm(InitiativeFormDto)) form: CheckedForm<InitiativeFormDto>, @Uploaded() uploads: ReceivedFiles, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    addingRow(req);
    // A late first application is warned of on the initiative's page (once), not here as well.
    const initiative = await this.initiatives.create(ctx, form, uploads);
    flash(req, 'success', `Đã lưu bản nháp "${initiative.title}". Khi đã đầy đủ, bấm "Nộp sáng kiến".`);
    res.redirect(303, `/initiatives/${initiative.id}`);
  }

  @Get('paper/new')
  @Roles(Role.DistrictAdmin)
  @Render('initiatives/form')
  paperForm(@Ctx() ctx: RequestContext) {
    return this.view.paperForm(ctx);
  }

  paperModel(req: Request) {
    return this.view.paperFormAgain(contextOf(req), req.body as Record<string, unknown>);
  }

  @Post('paper/new')
  @Roles(Role.DistrictAdmin)
  @Uploads(OWNER_TYPE, 'chosen')
  @FormView('initiatives/form', 'paperModel')
  async createPaper(@Body(new CheckForm(PaperRecordFormDto)) form: CheckedForm<PaperRecordFormDto>, @Uploaded() uploads: ReceivedFiles, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    addingRow(req);
    const initiative = await this.initiatives.createPaperRecord(ctx, form, uploads);
    flash(req, 'success', `Đã nhập sáng kiến ${initiative.code} (năm ${initiative.year}) từ hồ sơ giấy. Tiếp theo: ghi kết quả của hội đồng và quyết định công nhận.`);
    res.redirect(303, `/initiatives/${initiative.id}`);
  }

  @Get('awaiting-round')
  @Roles(Role.CouncilSecretary, Role.DistrictAdmin)
  @Render('initiatives/awaiting-round')
  awaitingRound(@Ctx() ctx: RequestContext) {
    return this.view.awaitingRound(ctx);
  }

  async awaitingRoundModel(req: Request) {
    return { ...(await this.view.awaitingRound(contextOf(req))), postedId: parseId(req.params.id) };
  }

  /**
   * Permission of attaching an initiative to a round (before the form is read): the
   * initiative must be of a unit this person's rounds take and the round named, when it
   * exists, one they manage; a refusal (403) names neither.
   */
  async mayAttach(req: Request) {
    const ctx = contextOf(req);
    const [initiative, reach] = await Promise.all([this.initiatives.load(parseId(req.params.id)), this.rounds.attachReach(ctx)]);
    if (!reach.reaches(initiative.unitId)) throw new ForbiddenException('Bạn chỉ đưa được vào đợt xét sáng kiến của đơn vị mà đợt xét do mình quản lý nhận hồ sơ.');
    const round = await this.namedRound(req);
    if (round && !(await this.rounds.manages(ctx.user, round))) throw new ForbiddenException('Bạn chỉ đưa được sáng kiến vào đợt xét do đơn vị mình tổ chức.');
  }

  private async namedRound(req: Request) {
    const value = (req.body as { roundId?: unknown } | undefined)?.roundId;
    return typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? this.rounds.find(Number(value)) : null;
  }

  @Post(':id/round')
  @Roles(Role.CouncilSecretary, Role.DistrictAdmin)
  @Permit('mayAttach')
  @FormView('initiatives/awaiting-round', 'awaitingRoundModel')
  async attachRound(@Param('id', ParseIdPipe) id: number, @Body() dto: AttachRoundDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    // A round this person manages may still not take the initiative: another commune's round
    // seen by the province's administrator, say. Said next to the round, as any other refusal of it.
    const [initiative, round] = await Promise.all([this.initiatives.load(id), this.rounds.find(dto.roundId)]);
    if (round && !(await this.rounds.attachReach(ctx)).takes(round, initiative.unitId)) {
      const organiser = (await this.rounds.findOne(round.id)).organisingUnit?.name ?? 'đơn vị tổ chức';
      throw new FormInvalidException({ roundId: `Đợt xét này chỉ nhận sáng kiến của ${organiser} và các đơn vị trực thuộc.` });
    }
    await refusalAsFlash(req, async () => {
      const attached = await this.initiatives.attachToRound(ctx, id, dto.roundId);
      flash(req, 'success', `Đã đưa sáng kiến ${attached.code} vào đợt xét "${attached.round?.name ?? ''}".`);
    });
    res.redirect(303, '/initiatives/awaiting-round');
  }

  @Get(':id')
  @Render('initiatives/show')
  async show(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    const { initiative, viewer } = await this.initiatives.loadFor(ctx, id);
    // Only a read here: marking its notices read, if any, goes off the response path. Beside
    // the page's own reads, once the right to see it is checked.
    const [, model] = await Promise.all([this.notifications.seen(ctx.user.id, `/initiatives/${id}`), this.view.show(initiative, viewer)]);
    return model;
  }

  @Get(':id/edit')
  @Render('initiatives/form')
  async editForm(@Param('id', ParseIdPipe) id: number, @Query('nop') submitting: unknown, @Ctx() ctx: RequestContext) {
    const { initiative } = await this.initiatives.loadForEdit(ctx, id);
    // After a refused "Nộp": what the submission lacks, marked beside each field.
    return submitting === '1' ? this.view.submissionNeeds(await this.view.form(ctx, initiative), initiative) : this.view.form(ctx, initiative);
  }

  /** Permission of the edit and upload routes (checked before the body is read). */
  mayEdit(req: Request) {
    return this.initiatives.loadForEdit(contextOf(req), parseId(req.params.id));
  }

  /** Permission of the routes only the initiative's own side may use. */
  mayActOn(req: Request) {
    return this.initiatives.loadForOwnSide(contextOf(req), parseId(req.params.id));
  }

  async editModel(req: Request) {
    const ctx = contextOf(req);
    const { initiative } = await this.initiatives.loadFor(ctx, parseId(req.params.id));
    return this.view.formAgain(ctx, initiative, req.body as Record<string, unknown>);
  }

  @Post(':id/edit')
  @Permit('mayEdit')
  @Uploads(OWNER_TYPE, 'chosen')
  @FormView('initiatives/form', 'editModel')
  async update(@Param('id', ParseIdPipe) id: number, @Body(new CheckForm(InitiativeFormDto)) form: CheckedForm<InitiativeFormDto>, @Uploaded() uploads: ReceivedFiles, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    addingRow(req);
    const initiative = await this.initiatives.update(ctx, id, form, uploads);
    flash(req, 'success', `Đã lưu "${initiative.title}".`);
    res.redirect(303, `/initiatives/${id}`);
  }

  async showModel(req: Request) {
    const { initiative, viewer } = await this.initiatives.loadFor(contextOf(req), parseId(req.params.id));
    return this.view.show(initiative, viewer);
  }

  @Post(':id/attachments')
  @Permit('mayEdit')
  @Uploads(OWNER_TYPE, 'chosen')
  @FormView('initiatives/show', 'showModel')
  async attach(@Param('id', ParseIdPipe) id: number, @Body() dto: AddAttachmentsDto, @Uploaded() uploads: ReceivedFiles, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const rows = await this.initiatives.addAttachments(ctx, id, dto.attachmentVisibility, uploads);
    flash(req, 'success', `Đã thêm ${rows.length} tệp.`);
    res.redirect(303, `/initiatives/${id}#tep-dinh-kem`);
  }

  @Post(':id/attachments/:attachmentId/visibility')
  @Permit('mayActOn')
  async visibility(
    @Param('id', ParseIdPipe) id: number,
    @Param('attachmentId', ParseIdPipe) attachmentId: number,
    @Body() dto: AddAttachmentsDto,
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.initiatives.setAttachmentVisibility(ctx, id, attachmentId, dto.attachmentVisibility);
    flash(req, 'success', dto.attachmentVisibility === 'public' ? 'Tệp đã được đặt là công khai.' : 'Tệp đã được đặt là nội bộ.');
    res.redirect(303, `/initiatives/${id}#tep-dinh-kem`);
  }

  /** Permission of the submit route: the initiative's own side, or the district admin. */
  maySubmit(req: Request) {
    return this.initiatives.loadForSubmit(contextOf(req), parseId(req.params.id));
  }

  @Post(':id/submit')
  @Permit('maySubmit')
  @FormView('initiatives/show', 'showModel')
  async submit(@Param('id', ParseIdPipe) id: number, @Body() dto: SubmitDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    let incomplete = false;
    await refusalAsFlash(req, async () => {
      const submitted = await this.initiatives.submit(ctx, id, dto.note, dto.overrideReason).catch((e: unknown) => {
        // What it lacks is shown on the edit form, each part marked and linked, to whoever may edit it.
        if (e instanceof SubmissionIncompleteException && e.editable) return null;
        throw e;
      });
      if (!submitted) {
        incomplete = true;
        return;
      }
      const { initiative, warning } = submitted;
      flash(
        req,
        'success',
        initiative.round
          ? `Đã nộp sáng kiến vào đợt xét "${initiative.round.name}". Mã sáng kiến: ${initiative.code}.`
          : `Đã nộp sáng kiến. Mã sáng kiến: ${initiative.code}. Hiện chưa có đợt xét phù hợp đang nhận hồ sơ: sáng kiến chờ Thư ký hội đồng đưa vào đợt xét, và trong thời gian chờ vẫn sửa được.`,
      );
      if (warning) flash(req, 'warning', warning);
    });
    res.redirect(303, incomplete ? `/initiatives/${id}/edit?nop=1#error-summary` : `/initiatives/${id}`);
  }

  /** A draft never submitted is deleted, not withdrawn; the author goes back to their home page (their drafts are listed there). */
  @Post(':id/delete')
  @Permit('mayActOn')
  async deleteDraft(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const deleted = await refusalAsFlash(req, async () => {
      const title = await this.initiatives.deleteDraft(ctx, id);
      flash(req, 'success', `Đã xóa bản nháp "${title}".`);
    });
    res.redirect(303, deleted ? '/' : `/initiatives/${id}`);
  }

  @Post(':id/withdraw')
  @Permit('mayActOn')
  async withdraw(@Param('id', ParseIdPipe) id: number, @Body() dto: TransitionNoteDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await refusalAsFlash(req, async () => {
      await this.initiatives.withdraw(ctx, id, dto.note);
      flash(req, 'success', 'Đã rút sáng kiến.');
    });
    res.redirect(303, `/initiatives/${id}`);
  }

  private canCreate(ctx: RequestContext): boolean {
    return [Role.Author, Role.UnitFocal, Role.DistrictAdmin].some((r) => ctx.user.roles.includes(r));
  }

}
