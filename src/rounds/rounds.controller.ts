import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { flash, refusalAsFlash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { Role } from '../users/roles';
import { CopyCriteriaDto, CouncilMemberDto, CriteriaFormDto, EditRoundFormDto, NewRoundFormDto } from './dto/round-form.dto';
import { ROUND_STATUS_LABELS } from './round.entity';
import { roundKindOf } from './round-kind';
import { RoundsService } from './rounds.service';
import { RoundsView } from './rounds.view';
import { contextOf, RequestContext } from '../common/request-context';

const MANAGERS = [Role.CouncilSecretary, Role.DistrictAdmin, Role.UnitAdmin];

/**
 * Rounds, their criteria and councils: managed by the council's secretary of the organising
 * unit (a commune its own, the province the province's), the unit administrator of a unit
 * above it and the system administrator; each sees only the rounds it manages or sits on.
 */
@Controller('rounds')
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly view: RoundsView,
  ) {}

  /** Permission of a round's page: its managers and its council's members (403 before anything of it is read). */
  sees(req: Request) {
    return this.rounds.assertSees(contextOf(req), parseId(req.params.id));
  }

  /** Permission of managing a round: the organiser's secretary, a unit administrator above it, the system administrator. */
  managesRound(req: Request) {
    return this.rounds.assertManages(contextOf(req), parseId(req.params.id));
  }

  @Get()
  @Roles(...MANAGERS, Role.CouncilMember)
  @Render('rounds/index')
  index(@Ctx() ctx: RequestContext) {
    return this.view.index(ctx);
  }

  /** ?kind=effect opens the form of a round of effect and scope (its kind chosen, its default documents ticked). */
  @Get('new')
  @Roles(...MANAGERS)
  @Render('rounds/form')
  newForm(@Ctx() ctx: RequestContext, @Query('kind') kind?: string) {
    return this.view.form(ctx, null, roundKindOf(kind));
  }

  createModel(req: Request) {
    return this.view.form(contextOf(req), null, roundKindOf((req.body as { kind?: unknown } | undefined)?.kind));
  }

  @Post('new')
  @Roles(...MANAGERS)
  @FormView('rounds/form', 'createModel')
  async create(@Body() dto: NewRoundFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const round = await this.rounds.create(ctx, dto);
    flash(req, 'success', `Đã tạo đợt xét "${round.name}" với bộ tiêu chí chấm mặc định.`);
    res.redirect(303, `/rounds/${round.id}`);
  }

  @Get(':id')
  @Roles(...MANAGERS, Role.CouncilMember)
  @Permit('sees')
  @Render('rounds/show')
  show(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.show(ctx, id);
  }

  showModel(req: Request) {
    return this.view.show(contextOf(req), parseId(req.params.id));
  }

  @Get(':id/edit')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @Render('rounds/form')
  async editForm(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.form(ctx, await this.rounds.findOne(id));
  }

  async editModel(req: Request) {
    return this.view.form(contextOf(req), await this.rounds.findOne(parseId(req.params.id)));
  }

  @Post(':id/edit')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('rounds/form', 'editModel')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: EditRoundFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const round = await this.rounds.update(ctx, id, dto);
    flash(req, 'success', `Đã lưu đợt xét "${round.name}".`);
    res.redirect(303, `/rounds/${id}`);
  }

  @Post(':id/advance')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('rounds/show', 'showModel')
  async advance(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const round = await this.rounds.advance(ctx, id);
    flash(req, 'success', `Đợt xét chuyển sang: ${ROUND_STATUS_LABELS[round.status]}.`);
    res.redirect(303, `/rounds/${id}`);
  }

  @Get(':id/criteria')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @Render('rounds/criteria')
  criteria(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.criteriaForm(ctx, id);
  }

  criteriaModel(req: Request) {
    return this.view.criteriaFormAgain(contextOf(req), parseId(req.params.id), req.body as Record<string, unknown>);
  }

  @Post(':id/criteria')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('rounds/criteria', 'criteriaModel')
  async saveCriteria(@Param('id', ParseIdPipe) id: number, @Body() dto: CriteriaFormDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const saved = await this.rounds.saveCriteria(ctx, id, dto.criteria);
    flash(req, 'success', `Đã lưu ${saved.length} tiêu chí chấm.`);
    res.redirect(303, `/rounds/${id}`);
  }

  @Post(':id/criteria/copy')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('rounds/criteria', 'criteriaModel')
  async copyCriteria(@Param('id', ParseIdPipe) id: number, @Body() dto: CopyCriteriaDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const saved = await this.rounds.copyCriteria(ctx, id, dto.sourceRoundId);
    flash(req, 'success', `Đã sao chép ${saved.length} tiêu chí.`);
    res.redirect(303, `/rounds/${id}/criteria`);
  }

  @Get(':id/council')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @Render('rounds/council')
  council(@Param('id', ParseIdPipe) id: number) {
    return this.view.council(id);
  }

  councilModel(req: Request) {
    return this.view.council(parseId(req.params.id));
  }

  @Post(':id/council')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('rounds/council', 'councilModel')
  async addMember(@Param('id', ParseIdPipe) id: number, @Body() dto: CouncilMemberDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.rounds.addMember(ctx, id, dto.userId, dto.role);
    flash(req, 'success', 'Đã thêm thành viên hội đồng.');
    res.redirect(303, `/rounds/${id}/council`);
  }

  @Post(':id/council/:memberId/remove')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  async removeMember(@Param('id', ParseIdPipe) id: number, @Param('memberId', ParseIdPipe) memberId: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    if (await refusalAsFlash(req, () => this.rounds.removeMember(ctx, id, memberId))) flash(req, 'success', 'Đã bỏ thành viên khỏi hội đồng.');
    res.redirect(303, `/rounds/${id}/council`);
  }
}
