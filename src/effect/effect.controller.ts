import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { sendDocx } from '../common/content-disposition';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { flash, refusalAsFlash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { contextOf, RequestContext } from '../common/request-context';
import { CheckedForm, CheckForm } from '../common/validation';
import { votesPosted } from '../decisions/dto/decision.dto';
import { Role } from '../users/roles';
import { EffectBallotDto, EffectConflictDto, EffectDecisionDto, EffectSheetDto } from './dto/effect.dto';
import { effectCertificateDocx, effectDecisionDocx } from './effect-documents';
import { EffectService } from './effect.service';
import { EffectView } from './effect.view';

const MANAGERS = [Role.CouncilSecretary, Role.DistrictAdmin, Role.UnitAdmin];

/**
 * An item of a round of effect and scope: its page (the round's managers and council), the
 * member's sheet, the votes and the decision (the managers), and the two documents (whoever
 * sees the initiative, once its effect is recognised).
 */
@Controller('effect-items')
export class EffectItemsController {
  constructor(
    private readonly effect: EffectService,
    private readonly view: EffectView,
  ) {}

  /** Permission of the item's page and of a member's sheet: the round's managers and its council's members. */
  sees(req: Request) {
    return this.effect.assertSees(contextOf(req), parseId(req.params.id));
  }

  /** Permission of the votes, the decision and taking the item out: the round's managers. */
  manages(req: Request) {
    return this.effect.assertManages(contextOf(req), parseId(req.params.id));
  }

  itemModel(req: Request) {
    return this.view.item(contextOf(req), parseId(req.params.id), req.body as Record<string, unknown>);
  }

  @Get(':id')
  @Roles(...MANAGERS, Role.CouncilMember)
  @Permit('sees')
  @Render('effect/item')
  item(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.item(ctx, id);
  }

  @Post(':id/sheet')
  @Roles(...MANAGERS, Role.CouncilMember)
  @Permit('sees')
  @FormView('effect/item', 'itemModel')
  async sheet(@Param('id', ParseIdPipe) id: number, @Body() dto: EffectSheetDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const sheet = await this.effect.saveSheet(ctx, id, dto);
    flash(req, 'success', sheet.status === 'submitted' ? 'Đã nộp phiếu chấm.' : 'Đã lưu nháp phiếu chấm.');
    res.redirect(303, `/effect-items/${id}#phieu-cham`);
  }

  @Post(':id/conflict')
  @Roles(...MANAGERS, Role.CouncilMember)
  @Permit('sees')
  @FormView('effect/item', 'itemModel')
  async conflict(@Param('id', ParseIdPipe) id: number, @Body() dto: EffectConflictDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.effect.declareConflict(ctx, id, dto.conflictReason);
    flash(req, 'success', 'Đã ghi bạn tự khai xung đột lợi ích: bạn không chấm, không biểu quyết sáng kiến này.');
    res.redirect(303, `/effect-items/${id}`);
  }

  @Post(':id/ballot')
  @Roles(...MANAGERS, Role.CouncilMember)
  @Permit('sees')
  @FormView('effect/item', 'itemModel')
  async ballot(@Param('id', ParseIdPipe) id: number, @Body() dto: EffectBallotDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.effect.castVote(ctx, id, dto.vote);
    flash(req, 'success', 'Đã ghi biểu quyết của bạn; bạn đổi được cho tới khi có quyết định.');
    res.redirect(303, `/effect-items/${id}#bieu-quyet-cua-toi`);
  }

  @Post(':id/votes')
  @Roles(...MANAGERS)
  @Permit('manages')
  @FormView('effect/item', 'itemModel')
  async votes(@Param('id', ParseIdPipe) id: number, @Body('votes') votes: unknown, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const n = await this.effect.recordVotes(ctx, id, votesPosted(votes));
    flash(req, 'success', n ? `Đã cập nhật biểu quyết của ${n} thành viên theo biên bản họp.` : 'Không có biểu quyết nào thay đổi.');
    res.redirect(303, `/effect-items/${id}#bieu-quyet`);
  }

  @Post(':id/decision')
  @Roles(...MANAGERS)
  @Permit('manages')
  @FormView('effect/item', 'itemModel')
  async decide(@Param('id', ParseIdPipe) id: number, @Body(new CheckForm(EffectDecisionDto)) form: CheckedForm<EffectDecisionDto>, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const item = await this.effect.decide(ctx, id, form);
    flash(req, 'success', item.outcome === 'recognized' ? `Đã ghi quyết định công nhận hiệu quả áp dụng ${item.number}.` : `Đã ghi quyết định không công nhận ${item.number}.`);
    res.redirect(303, `/effect-items/${id}`);
  }

  @Post(':id/remove')
  @Roles(...MANAGERS)
  @Permit('manages')
  async remove(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    let roundId: number | null = null;
    const done = await refusalAsFlash(req, async () => {
      roundId = (await this.effect.remove(ctx, id)).roundId;
    });
    if (done && roundId) {
      flash(req, 'success', 'Đã bỏ sáng kiến khỏi đợt xét.');
      return res.redirect(303, `/rounds/${roundId}`);
    }
    res.redirect(303, `/effect-items/${id}`);
  }

  @Get(':id/giay-xac-nhan')
  @Render('effect/certificate')
  async certificate(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    const model = await this.view.documents(ctx, id);
    return { ...model, title: `Giấy xác nhận hiệu quả áp dụng, phạm vi ảnh hưởng: ${model.code ?? ''}` };
  }

  @Get(':id/giay-xac-nhan.docx')
  async certificateDocx(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Res() res: Response) {
    const model = await this.view.documents(ctx, id);
    sendDocx(res, await effectCertificateDocx(model), `giay-xac-nhan-hieu-qua-${(model.code ?? String(id)).toLowerCase()}.docx`);
  }

  @Get(':id/quyet-dinh')
  @Render('effect/decision')
  async decision(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    const model = await this.view.documents(ctx, id);
    return { ...model, title: `Quyết định ${model.number}: công nhận hiệu quả áp dụng, phạm vi ảnh hưởng` };
  }

  @Get(':id/quyet-dinh.docx')
  async decisionDocx(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Res() res: Response) {
    const model = await this.view.documents(ctx, id);
    sendDocx(res, await effectDecisionDocx(model), `quyet-dinh-hieu-qua-${(model.code ?? String(id)).toLowerCase()}.docx`);
  }
}
