import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { sendDocx } from '../common/content-disposition';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { flash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { CheckedForm, CheckForm } from '../common/validation';
import { Role } from '../users/roles';
import { certificateDocx } from './council-documents';
import { DecisionsService } from './decisions.service';
import { DecisionsView } from './decisions.view';
import { DecisionDto, DuplicateDto, ReturnDto, UndoDuplicateDto, votesPosted } from './dto/decision.dto';
import { DuplicatesService } from './duplicates.service';
import { contextOf, RequestContext } from '../common/request-context';

const MANAGERS = [Role.CouncilSecretary, Role.DistrictAdmin, Role.UnitAdmin];

@Controller('initiatives')
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly duplicates: DuplicatesService,
    private readonly view: DecisionsView,
  ) {}

  @Get(':id/decision')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @Render('decisions/form')
  form(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.form(ctx, id);
  }

  formModel(req: Request) {
    return this.view.form(contextOf(req), parseId(req.params.id), req.body as Record<string, unknown>);
  }

  /** Permission of recording votes and the decision: those who manage the initiative's round; a paper record's decision is for the system administrator alone. */
  mayDecide(req: Request) {
    return this.decisions.assertMayDecide(contextOf(req), parseId(req.params.id));
  }

  /** Permission of the decision page and of returning for revision: those who manage the initiative's round (a paper record's page too, where only the system administrator records). */
  managesRound(req: Request) {
    return this.decisions.assertManagesRoundOf(contextOf(req), parseId(req.params.id));
  }

  @Post(':id/decision')
  @Roles(...MANAGERS)
  @Permit('mayDecide')
  @FormView('decisions/form', 'formModel')
  async decide(@Param('id', ParseIdPipe) id: number, @Body(new CheckForm(DecisionDto)) form: CheckedForm<DecisionDto>, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const decision = await this.decisions.decide(ctx, id, form);
    flash(req, 'success', decision.outcome === 'recognized' ? `Đã ghi quyết định công nhận ${decision.number}.` : `Đã ghi quyết định không công nhận ${decision.number}.`);
    res.redirect(303, `/initiatives/${id}`);
  }

  /**
   * The secretary records the members' votes from the meeting. The votes share their form
   * with the decision's fields (see decide), so only `votes` is read from what is posted.
   */
  @Post(':id/votes')
  @Roles(...MANAGERS)
  @Permit('mayDecide')
  @FormView('decisions/form', 'formModel')
  async recordVotes(@Param('id', ParseIdPipe) id: number, @Body('votes') votes: unknown, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const n = await this.decisions.recordVotes(ctx, id, votesPosted(votes));
    flash(req, 'success', n ? `Đã cập nhật biểu quyết của ${n} thành viên theo biên bản họp.` : 'Không có biểu quyết nào thay đổi.');
    res.redirect(303, `/initiatives/${id}/decision#bieu-quyet`);
  }

  @Post(':id/return')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('decisions/form', 'formModel')
  async return(@Param('id', ParseIdPipe) id: number, @Body() dto: ReturnDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.decisions.returnForRevision(ctx, id, dto.note);
    flash(req, 'success', 'Đã trả lại sáng kiến để tác giả bổ sung; tác giả được báo trên trang chủ.');
    res.redirect(303, `/initiatives/${id}`);
  }

  /** The secretary finds the initiative repeats one already filed: it leaves the round's scoring. */
  @Post(':id/duplicate')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('decisions/form', 'formModel')
  async markDuplicate(@Param('id', ParseIdPipe) id: number, @Body() dto: DuplicateDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const { original } = await this.duplicates.mark(ctx, id, dto);
    flash(req, 'success', `Đã xác định sáng kiến trùng với sáng kiến ${original.code}: sáng kiến không còn trong phần chấm điểm của đợt xét; tác giả được báo.`);
    res.redirect(303, `/initiatives/${id}`);
  }

  @Post(':id/duplicate/undo')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('decisions/form', 'formModel')
  async undoDuplicate(@Param('id', ParseIdPipe) id: number, @Body() dto: UndoDuplicateDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const { leftRound } = await this.duplicates.undo(ctx, id, dto.undoNote);
    flash(req, 'success', leftRound ? 'Đã bỏ xác định trùng. Đợt xét của sáng kiến đã kết thúc: sáng kiến chờ đưa vào đợt xét mới.' : 'Đã bỏ xác định trùng: sáng kiến trở lại đợt xét.');
    res.redirect(303, `/initiatives/${id}`);
  }

  @Get(':id/certificate')
  @Render('decisions/certificate')
  certificate(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.certificate(ctx, id);
  }

  /**
   * The certificate as a Word document, for whoever may read the printable one (those who
   * see the initiative; 404 without a recognition decision).
   */
  @Get(':id/certificate.docx')
  async certificateDocx(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Res() res: Response) {
    const model = await this.view.certificate(ctx, id);
    const buffer = await certificateDocx(model);
    sendDocx(res, buffer, `giay-chung-nhan-${(model.code ?? String(id)).toLowerCase()}.docx`);
  }
}
