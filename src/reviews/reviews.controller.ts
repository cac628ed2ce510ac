import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { ExportColumn, writeXlsx } from '../common/exports';
import { flash, refusalAsFlash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { NotificationsService } from '../notifications/notifications.service';
import { Role } from '../users/roles';
import { ConflictDto, matrixCells, MatrixDto, NoteDto, SheetDto } from './dto/review.dto';
import { RoundsService } from '../rounds/rounds.service';
import { ReviewsService } from './reviews.service';
import { ReviewsView } from './reviews.view';
import { contextOf, RequestContext } from '../common/request-context';

/** Those who manage rounds; each route then admits only the managers of its own round (see managesRound). */
const MANAGERS = [Role.CouncilSecretary, Role.DistrictAdmin, Role.UnitAdmin];

type ResultRowView = Awaited<ReturnType<ReviewsView['results']>>['rows'][number];

/** Assignments (secretary), score sheets (members) and the results of a round. */
@Controller()
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly view: ReviewsView,
    private readonly notifications: NotificationsService,
    private readonly rounds: RoundsService,
  ) {}

  /** Permission of a round's assignments and results: those who manage the round (403 before anything of it is read). */
  managesRound(req: Request) {
    return this.rounds.assertManages(contextOf(req), parseId(req.params.id));
  }

  /** Permission of reopening a sheet: those who manage the round of its assignment. */
  managesSheetRound(req: Request) {
    return this.reviews.assertManagesRoundOfSheet(contextOf(req), parseId(req.params.id));
  }

  @Get('rounds/:id/assignments')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @Render('reviews/matrix')
  matrix(@Param('id', ParseIdPipe) id: number) {
    return this.view.matrix(id);
  }

  @Post('rounds/:id/assignments')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  async saveMatrix(@Param('id', ParseIdPipe) id: number, @Body() dto: MatrixDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    this.report(req, await this.reviews.saveMatrix(ctx, id, matrixCells(dto)));
    res.redirect(303, `/rounds/${id}/assignments`);
  }

  @Post('rounds/:id/assignments/all')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  async assignAll(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    this.report(req, await this.reviews.assignAll(ctx, id));
    res.redirect(303, `/rounds/${id}/assignments`);
  }

  @Get('rounds/:id/results')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @Render('reviews/results')
  results(@Param('id', ParseIdPipe) id: number, @Query('sort') sort?: string) {
    return this.view.results(id, sort);
  }

  @Post('rounds/:id/remind-members')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  async remindMembers(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const n = await this.reviews.remindMissingSheets(ctx, id);
    flash(req, 'success', n ? `Đã nhắc ${n} thành viên còn phiếu chấm chưa nộp (thông báo trong hệ thống và thư điện tử nếu có địa chỉ).` : 'Không còn thành viên nào thiếu phiếu chấm.');
    res.redirect(303, `/rounds/${id}/results`);
  }

  @Get('rounds/:id/results.xlsx')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  async resultsXlsx(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const model = await this.view.results(id, 'mean');
    const columns: ExportColumn<ResultRowView>[] = [
      { header: 'Xếp hạng', width: 9, value: (r) => r.rank, kind: 'integer' },
      { header: 'Mã sáng kiến', width: 15, value: (r) => r.code },
      { header: 'Tên sáng kiến', width: 60, value: (r) => r.title },
      { header: 'Đơn vị', width: 28, value: (r) => r.unit },
      { header: 'Số phiếu hợp lệ', width: 10, value: (r) => r.count, kind: 'integer' },
      { header: 'Điểm trung bình', width: 12, value: (r) => r.figures.mean, kind: 'score' },
      { header: 'Thấp nhất', width: 10, value: (r) => r.figures.min, kind: 'score' },
      { header: 'Cao nhất', width: 10, value: (r) => r.figures.max, kind: 'score' },
      { header: 'Độ lệch chuẩn', width: 12, value: (r) => r.figures.spread, kind: 'score' },
      ...model.criteria.map((c, k): ExportColumn<ResultRowView> => ({ header: `TB: ${c.name} (tối đa ${c.max})`, width: 18, value: (r) => r.figures.means[k], kind: 'score' })),
      { header: `Đạt ngưỡng ${model.threshold}`, width: 12, value: (r) => (r.met ? 'Đạt' : 'Không đạt') },
      { header: 'Trạng thái', width: 20, value: (r) => r.status.label },
    ];
    async function* rows() {
      yield model.rows;
    }
    await writeXlsx(res, `bang-tong-hop-ket-qua-cham-diem-${id}.xlsx`, 'Bảng tổng hợp kết quả chấm điểm', columns, rows());
  }

  @Get('reviews')
  @Roles(Role.CouncilMember, Role.CouncilSecretary)
  @Render('reviews/index')
  async mine(@Ctx() ctx: RequestContext) {
    await this.notifications.seen(ctx.user.id, '/reviews');
    return this.view.mine(ctx);
  }

  @Get('reviews/:id')
  @Roles(Role.CouncilMember, Role.CouncilSecretary)
  @Render('reviews/sheet')
  async sheet(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    await this.notifications.seen(ctx.user.id, `/reviews/${id}`);
    return this.view.sheet(ctx, id);
  }

  sheetModel(req: Request) {
    return this.view.sheet(contextOf(req), parseId(req.params.id));
  }

  /** Permission of the sheet's forms: the member it was assigned to. */
  mySheet(req: Request) {
    return this.reviews.myAssignment(contextOf(req), parseId(req.params.id));
  }

  /** Permission of council notes: the secretary and the assigned members not in conflict. */
  mayUseNotes(req: Request) {
    return this.reviews.assertCouncilOn(contextOf(req), parseId(req.params.id));
  }

  @Post('reviews/:id')
  @Roles(Role.CouncilMember, Role.CouncilSecretary)
  @Permit('mySheet')
  @FormView('reviews/sheet', 'sheetModel')
  async save(@Param('id', ParseIdPipe) id: number, @Body() dto: SheetDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await refusalAsFlash(req, async () => {
      await this.reviews.saveSheet(ctx, id, dto, dto.intent === 'submit');
      flash(req, 'success', dto.intent === 'submit' ? 'Đã nộp phiếu chấm. Bạn có thể xem phiếu của các thành viên khác.' : 'Đã lưu nháp phiếu chấm.');
    });
    res.redirect(303, `/reviews/${id}`);
  }

  @Post('reviews/:id/conflict')
  @Roles(Role.CouncilMember, Role.CouncilSecretary)
  @Permit('mySheet')
  @FormView('reviews/sheet', 'sheetModel')
  async conflict(@Param('id', ParseIdPipe) id: number, @Body() dto: ConflictDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.reviews.declareConflict(ctx, id, dto.conflictReason);
    flash(req, 'success', 'Đã ghi nhận xung đột lợi ích; điểm của bạn cho sáng kiến này sẽ không được tính.');
    res.redirect(303, `/reviews/${id}`);
  }

  @Post('reviews/:id/reopen')
  @Roles(...MANAGERS)
  @Permit('managesSheetRound')
  async reopen(@Param('id', ParseIdPipe) id: number, @Body('roundId') roundId: string, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await refusalAsFlash(req, async () => {
      await this.reviews.reopen(ctx, id);
      flash(req, 'success', 'Đã mở lại phiếu chấm; thành viên được báo trên trang chủ.');
    });
    res.redirect(303, /^\d+$/.test(roundId ?? '') ? `/rounds/${roundId}/results` : '/rounds');
  }

  /** Council-internal notes on an initiative (from the sheet or the decision page). */
  @Post('initiatives/:id/notes')
  @Roles(Role.CouncilMember, ...MANAGERS)
  @Permit('mayUseNotes')
  @FormView('reviews/notes-refused', 'notesModel')
  async note(@Param('id', ParseIdPipe) id: number, @Body() dto: NoteDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    await this.reviews.addNote(ctx, id, dto.body, /^\d+$/.test(dto.parentId) ? Number(dto.parentId) : null);
    flash(req, 'success', 'Đã gửi ý kiến.');
    res.redirect(303, /^\/(reviews|initiatives)\/\d+(\/decision)?$/.test(dto.back) ? `${dto.back}#trao-doi` : `/initiatives/${id}/decision`);
  }

  notesModel(req: Request) {
    return { title: 'Ý kiến chưa gửi được', back: (req.body as { back?: string }).back ?? '/reviews' };
  }

  private report(req: Request, result: { added: number; removed: number; kept: string[] }): void {
    flash(req, 'success', `Đã lưu phân công: thêm ${result.added}, bỏ ${result.removed}.`);
    if (result.kept.length) flash(req, 'warning', `Giữ lại các phân công đã có phiếu chấm nộp: ${result.kept.join('; ')}.`);
  }


}
