import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Ctx, FormView, Permit, Roles } from '../common/decorators';
import { flash } from '../common/flash';
import { parseId, ParseIdPipe } from '../common/parse-id.pipe';
import { contextOf, RequestContext } from '../common/request-context';
import { RoundsService } from '../rounds/rounds.service';
import { RoundsView } from '../rounds/rounds.view';
import { Role } from '../users/roles';
import { EffectItemDto } from './dto/effect.dto';
import { EffectService } from './effect.service';

const MANAGERS = [Role.CouncilSecretary, Role.DistrictAdmin, Role.UnitAdmin];

/** Adding recognised initiatives to a round of effect and scope, from the round's page. */
@Controller('rounds')
export class EffectRoundController {
  constructor(
    private readonly effect: EffectService,
    private readonly rounds: RoundsService,
    private readonly roundsView: RoundsView,
  ) {}

  /** Permission of managing a round (403 before anything of it is read). */
  managesRound(req: Request) {
    return this.rounds.assertManages(contextOf(req), parseId(req.params.id));
  }

  showModel(req: Request) {
    return this.roundsView.show(contextOf(req), parseId(req.params.id));
  }

  @Post(':id/effect-items')
  @Roles(...MANAGERS)
  @Permit('managesRound')
  @FormView('rounds/show', 'showModel')
  async add(@Param('id', ParseIdPipe) id: number, @Body() dto: EffectItemDto, @Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const item = await this.effect.add(ctx, id, dto.code);
    flash(req, 'success', 'Đã thêm sáng kiến vào đợt xét, kèm kết quả áp dụng và phạm vi ảnh hưởng đề xuất.');
    res.redirect(303, `/effect-items/${item.id}`);
  }
}
