import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Permit } from '../common/decorators';
import { flash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { contextOf, RequestContext } from '../common/request-context';
import { CouncilMeetingService } from './council-meeting.service';
import { DecisionsService } from './decisions.service';
import { CouncilMeetingDto } from './dto/council-meeting.dto';

/** "Thông tin cuộc họp": the secretary records the meeting the minutes of a round print. */
@Controller('rounds')
export class CouncilMeetingController {
  constructor(
    private readonly meetings: CouncilMeetingService,
    private readonly decisions: DecisionsService,
  ) {}

  /** Permission: whoever may read the round's documents (its chair and secretary, administrators). */
  mayKeepMinutes(req: Request) {
    return this.decisions.assertDocuments(contextOf(req), parseId(req.params.id));
  }

  @Get(':id/meeting')
  @Permit('mayKeepMinutes')
  @Render('decisions/meeting')
  page(@Param('id', ParseIdPipe) id: number) {
    return this.meetings.page(id);
  }

  pageModel(req: Request) {
    return this.meetings.page(parseId(req.params.id));
  }

  @Post(':id/meeting')
  @Permit('mayKeepMinutes')
  @FormView('decisions/meeting', 'pageModel')
  async save(@Param('id', ParseIdPipe) id: number, @Body() dto: CouncilMeetingDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const meeting = await this.meetings.save(ctx, id, dto);
    flash(req, 'success', `Đã lưu thông tin cuộc họp (biên bản số ${meeting.number}).`);
    res.redirect(303, `/rounds/${id}/meeting`);
  }
}
