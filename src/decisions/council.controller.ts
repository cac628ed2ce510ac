import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { sendDocx } from '../common/content-disposition';
import { Ctx, FormView, Permit } from '../common/decorators';
import { flash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { CouncilDocuments } from './council-documents';
import { DecisionsService } from './decisions.service';
import { DecisionsView } from './decisions.view';
import { BallotDto } from './dto/decision.dto';
import { Vote, VOTE_LABELS } from './member-vote.entity';
import { contextOf, RequestContext } from '../common/request-context';

/** The council's vote (each member's ballot) and the round's documents: minutes and the decision of recognition. */
@Controller('rounds')
export class CouncilController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly view: DecisionsView,
    private readonly documents: CouncilDocuments,
  ) {}

  /** Permission of the ballot: a seat on the round's council. */
  seated(req: Request) {
    return this.decisions.seatOf(contextOf(req), parseId(req.params.id));
  }

  /** Permission of the documents: the council's chair and secretary, and administrators. */
  mayReadDocuments(req: Request) {
    return this.decisions.assertDocuments(contextOf(req), parseId(req.params.id));
  }

  @Get(':id/votes')
  @Permit('seated')
  @Render('decisions/ballot')
  ballot(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.ballot(ctx, id);
  }

  async ballotModel(req: Request) {
    const model = await this.view.ballot(contextOf(req), parseId(req.params.id));
    const failed = Number(req.params.initiativeId);
    return { ...model, items: model.items.map((x) => ({ ...x, failed: x.id === failed })) };
  }

  @Post(':id/votes/:initiativeId')
  @Permit('seated')
  @FormView('decisions/ballot', 'ballotModel')
  async vote(@Param('id', ParseIdPipe) id: number, @Param('initiativeId', ParseIdPipe) initiativeId: number, @Body() dto: BallotDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const saved = await this.decisions.castVote(ctx, id, initiativeId, dto.vote as Vote);
    flash(req, 'success', `Đã ghi biểu quyết của bạn: ${VOTE_LABELS[saved.vote]}.`);
    res.redirect(303, `/rounds/${id}/votes#sk-${initiativeId}`);
  }

  @Get(':id/minutes')
  @Permit('mayReadDocuments')
  @Render('decisions/minutes')
  async minutes(@Param('id', ParseIdPipe) id: number) {
    return { layout: 'layouts/print', ...(await this.documents.minutes(id)) };
  }

  @Get(':id/minutes.docx')
  @Permit('mayReadDocuments')
  async minutesDocx(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const { buffer, filename } = await this.documents.minutesDocx(id);
    sendDocx(res, buffer, filename);
  }

  @Get(':id/recognition.docx')
  @Permit('mayReadDocuments')
  async recognitionDocx(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const { buffer, filename } = await this.documents.recognitionDocx(id);
    sendDocx(res, buffer, filename);
  }
}
