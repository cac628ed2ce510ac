import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Actor } from '../audit/audit.types';
import { Viewer } from '../common/viewer';
import { ActingAs, FormView, Roles, User } from '../common/decorators';
import { flash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { Role } from '../users/roles';
import { DecisionsService } from './decisions.service';
import { DecisionsView } from './decisions.view';
import { DecisionDto, ReturnDto } from './dto/decision.dto';

const MANAGERS = [Role.CouncilSecretary, Role.DistrictAdmin];

@Controller('initiatives')
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly view: DecisionsView,
  ) {}

  @Get(':id/decision')
  @Roles(...MANAGERS)
  @Render('decisions/form')
  form(@Param('id', ParseIdPipe) id: number, @User() user: Viewer) {
    return this.view.form(id, user);
  }

  formModel(req: Request) {
    return this.view.form(parseId(req.params.id), req.currentUser as Viewer);
  }

  @Post(':id/decision')
  @Roles(...MANAGERS)
  @FormView('decisions/form', 'formModel')
  async decide(@Param('id', ParseIdPipe) id: number, @Body() dto: DecisionDto, @User() user: Viewer, @ActingAs() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const decision = await this.decisions.decide(id, dto, user, actor);
    flash(req, 'success', decision.outcome === 'recognized' ? `Đã ghi quyết định công nhận ${decision.number}.` : `Đã ghi quyết định không công nhận ${decision.number}.`);
    res.redirect(303, `/initiatives/${id}`);
  }

  @Post(':id/return')
  @Roles(...MANAGERS)
  @FormView('decisions/form', 'formModel')
  async return(@Param('id', ParseIdPipe) id: number, @Body() dto: ReturnDto, @ActingAs() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.decisions.returnForRevision(id, dto.note, actor);
    flash(req, 'success', 'Đã trả lại sáng kiến để tác giả bổ sung; tác giả được báo trên trang chủ.');
    res.redirect(303, `/initiatives/${id}`);
  }

  @Get(':id/certificate')
  @Render('decisions/certificate')
  certificate(@Param('id', ParseIdPipe) id: number, @User() user: Viewer) {
    return this.view.certificate(id, user);
  }
}
