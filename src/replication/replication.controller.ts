import { Body, Controller, ForbiddenException, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { Actor } from '../audit/audit.types';
import { CurrentUser } from '../common/current-user';
import { ActingAs, FormView, Roles, User } from '../common/decorators';
import { flash } from '../common/flash';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { UnitsService } from '../units/units.service';
import { Role } from '../users/roles';
import { ProgrammeDto, ReportDto } from './dto/programme.dto';
import { ReplicationService } from './replication.service';
import { ReplicationView } from './replication.view';

const DISTRICT = [Role.DistrictAdmin];

/** Replication programmes, the adoption matrix, and the units' reports. */
@Controller()
export class ReplicationController {
  constructor(
    private readonly replication: ReplicationService,
    private readonly view: ReplicationView,
    private readonly units: UnitsService,
  ) {}

  @Get('programmes')
  @Roles(...DISTRICT, Role.CouncilSecretary)
  @Render('replication/index')
  index() {
    return this.view.index();
  }

  @Get('programmes/new')
  @Roles(...DISTRICT)
  @Render('replication/form')
  newForm(@User() user: CurrentUser) {
    return this.view.form(user);
  }

  formModel(req: Request) {
    return this.view.form(req.currentUser as CurrentUser);
  }

  @Post('programmes/new')
  @Roles(...DISTRICT)
  @FormView('replication/form', 'formModel')
  async create(@Body() dto: ProgrammeDto, @User() user: CurrentUser, @ActingAs() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const programme = await this.replication.create(dto, user, actor);
    flash(req, 'success', `Đã lập kế hoạch "${programme.title}" và tạo bản ghi theo dõi cho từng đơn vị.`);
    res.redirect(303, `/programmes/${programme.id}`);
  }

  @Get('programmes/:id')
  @Roles(...DISTRICT, Role.CouncilSecretary)
  @Render('replication/matrix')
  matrix(@Param('id', ParseIdPipe) id: number, @Query() query: Record<string, string | undefined>) {
    return this.view.matrix(id, query);
  }

  @Get('adoptions/:id')
  @Render('replication/record')
  async record(@Param('id', ParseIdPipe) id: number, @User() user: CurrentUser) {
    const record = await this.replication.loadRecord(id);
    if (!(await this.replication.canSee(user, record))) throw new ForbiddenException('Bạn chỉ xem được kết quả áp dụng của đơn vị mình.');
    const canReport = await this.replication.assertCanReport(user, record).then(
      () => true,
      () => false,
    );
    return this.view.record(id, user, canReport);
  }

  recordModel(req: Request) {
    return this.view.record(Number(req.params.id), req.currentUser as CurrentUser, true);
  }

  @Post('adoptions/:id')
  @FormView('replication/record', 'recordModel')
  async report(@Param('id', ParseIdPipe) id: number, @Body() dto: ReportDto, @User() user: CurrentUser, @ActingAs() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.replication.report(id, dto, user, actor);
    flash(req, 'success', 'Đã ghi nhận báo cáo kết quả áp dụng.');
    res.redirect(303, `/adoptions/${id}`);
  }

  @Get('units/:id/adoptions')
  @Render('replication/unit')
  async unit(@Param('id', ParseIdPipe) id: number, @User() user: CurrentUser) {
    await this.units.assertInScope(user, id);
    const unit = await this.units.findOne(id);
    return { title: `Kết quả áp dụng sáng kiến: ${unit.name}`, unit, records: await this.view.forUnit(id) };
  }
}
