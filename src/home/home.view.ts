import { Injectable } from '@nestjs/common';
import { AUDIT_ACTION_LABELS, AuditService } from '../audit/audit.service';
import { activityLine } from '../audit/audit.types';
import { hasAnyRole } from '../common/access';
import { InitiativesService } from '../initiatives/initiatives.service';
import { InitiativesView, listItem } from '../initiatives/initiatives.view';
import { DecisionsService } from '../decisions/decisions.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReplicationView } from '../replication/replication.view';
import { ReviewsView } from '../reviews/reviews.view';
import { missingSheets, ReviewsService } from '../reviews/reviews.service';
import { RoundsService } from '../rounds/rounds.service';
import { ReplicationService } from '../replication/replication.service';
import { NEXT_ROUND_STATUS, ROUND_STATUS_LABELS } from '../rounds/round.entity';
import { UnitsService } from '../units/units.service';
import { Role, ROLE_LABELS } from '../users/roles';
import { UsersService } from '../users/users.service';
import { RequestContext } from '../common/request-context';
import { EffectService } from '../effect/effect.service';
import { roundKindOf } from '../rounds/round-kind';

@Injectable()
export class HomeView {
  constructor(
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly initiatives: InitiativesService,
    private readonly notifications: NotificationsService,
    private readonly reviewsView: ReviewsView,
    private readonly decisions: DecisionsService,
    private readonly replication: ReplicationView,
    private readonly rounds: RoundsService,
    private readonly reviews: ReviewsService,
    private readonly initiativesView: InitiativesView,
    private readonly replicationService: ReplicationService,
    private readonly effect: EffectService,
  ) {}

  /**
   * The council's work for those who manage rounds: submissions waiting for a round, and per
   * round still running, the sheets not submitted (by how many members), the initiatives
   * without a decision, and whether it can close.
   */
  private async councilWork(ctx: RequestContext) {
    const [waiting, managed] = await Promise.all([this.initiativesView.awaitingRound(ctx), this.rounds.managed(ctx)]);
    const running = managed.filter((r) => r.status !== 'closed');
    const rounds = await Promise.all(
      running.map(async (r) => {
        // A round of effect and scope is scored item by item (its own sheets).
        const effect = roundKindOf(r.kind) === 'effect';
        const [undecided, missing] = await Promise.all([this.rounds.undecided(r.id), effect ? this.effect.missingSheets(r) : this.reviews.results(r.id).then(({ rows }) => missingSheets(rows))]);
        const sheets = [...missing.values()].reduce((a, n) => a + n, 0);
        return {
          id: r.id,
          name: r.name,
          statusLabel: ROUND_STATUS_LABELS[r.status],
          missingSheets: sheets,
          missingHref: effect ? `/rounds/${r.id}#sang-kien-xet` : `/rounds/${r.id}/results`,
          missingMembers: missing.size,
          undecided: undecided.length,
          canClose: NEXT_ROUND_STATUS[r.status] === 'closed' && undecided.length === 0,
        };
      }),
    );
    return { waiting: waiting.initiatives.length, rounds, empty: waiting.initiatives.length === 0 && rounds.length === 0 };
  }

  async home(ctx: RequestContext) {
    const admin = hasAnyRole(ctx.user, [Role.DistrictAdmin]);
    const model: Record<string, unknown> = {
      title: 'Việc cần làm',
      greeting: greeting(ctx.user.fullName, ctx.user.position, ctx.user.unitName),
      roleLabels: ctx.user.roles.map((r) => ROLE_LABELS[r]),
      admin,
    };
    model.notifications = await this.notifications.unread(ctx.user.id);
    if (hasAnyRole(ctx.user, [Role.CouncilMember, Role.CouncilSecretary])) {
      const [{ rounds }, effectItems] = await Promise.all([this.reviewsView.mine(ctx), this.effect.awaitingSheetsOf(ctx.user.id)]);
      // A member always sees where their scoring stands: what is left, all done, or nothing given yet.
      if (rounds.length || effectItems.length || hasAnyRole(ctx.user, [Role.CouncilMember])) {
        const waiting = rounds.filter((r) => r.left.length);
        model.scoring = {
          // Rounds of effect and scope: each item is scored on its own page.
          effect: effectItems.map((i) => ({ href: `/effect-items/${i.id}#phieu-cham`, code: i.initiative?.code ?? '', title: i.initiative?.title ?? '', round: i.round?.name ?? '' })),
          rounds: waiting,
          none: rounds.length === 0 && effectItems.length === 0,
          allDone: rounds.length > 0 && waiting.length === 0 && effectItems.length === 0,
          total: rounds.reduce((n, r) => n + r.total, 0),
          ballots: rounds.filter((r) => r.votesHref).map((r) => ({ href: r.votesHref, name: r.name })),
        };
      }
    }
    if (hasAnyRole(ctx.user, [Role.CouncilSecretary, Role.DistrictAdmin, Role.UnitAdmin])) {
      model.council = await this.councilWork(ctx);
      model.overdue = (await this.decisions.overdue(ctx)).map(({ initiative, due }) => ({ ...listItem(initiative), due }));
    }
    if (hasAnyRole(ctx.user, [Role.DistrictAdmin, Role.UnitAdmin])) {
      model.latePrograms = (await this.replicationService.lateProgrammes(ctx)).map(({ programme: p, units }) => ({ id: p.id, title: p.title, deadline: p.reportDeadline, units }));
    }
    model.can = { report: hasAnyRole(ctx.user, [Role.UnitFocal]) };
    if (hasAnyRole(ctx.user, [Role.UnitFocal])) {
      const records = await this.replication.forUnit(ctx.user.unitId);
      model.adoptions = records.filter((r) => r.status !== 'adopted' && r.status !== 'not_adopted');
      model.adoptionsDone = records.length - (model.adoptions as unknown[]).length;
    }
    if (hasAnyRole(ctx.user, [Role.Author, Role.UnitFocal])) {
      model.attention = (await this.initiatives.needingAttention(ctx)).map((i) => listItem(i));
      model.canCreate = true;
    }
    // Nothing above for this person: the page says so rather than staying blank.
    model.idle = !admin && !model.canCreate && !model.scoring && !(model.overdue as unknown[] | undefined)?.length && !hasAnyRole(ctx.user, [Role.UnitFocal]) && !(model.council && !(model.council as { empty: boolean }).empty) && !(model.latePrograms as unknown[] | undefined)?.length;
    if (admin) {
      const [unitCount, userCount, events] = await Promise.all([this.units.count(), this.users.countActive(), this.audit.recent(10)]);
      model.stats = { unitCount, userCount };
      model.events = events.map((e) => ({ ...e, ...activityLine(AUDIT_ACTION_LABELS[e.action] ?? e.action, e.summary) }));
    }
    return model;
  }
}

const lower = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi');

/**
 * "Hoàng Minh Tuấn, Chuyên viên Phòng Nội vụ, quản trị hệ thống": the name, the position,
 * then the unit only when the position does not already name it.
 */
export function greeting(fullName: string, position: string | null | undefined, unitName: string | null | undefined): string {
  const pos = (position ?? '').trim();
  const unit = (unitName ?? '').trim();
  let text = pos ? `${fullName}, ${pos}` : fullName;
  if (unit && !lower(pos).includes(lower(unit))) text += ` — ${unit}`;
  return text;
}
