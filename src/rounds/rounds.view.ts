import { DEFAULT_VOTE_RULE, VOTE_RULE_LABELS, VOTE_RULES, voteRuleOf } from './vote-rule';
import { DEFAULT_SCOPE_RULE, ROUND_KIND_LABELS, ROUND_KINDS, RoundKind, roundKindOf, scopeRuleText } from './round-kind';
import { LegalBasesService } from '../legal-bases/legal-bases.service';
import { citation } from '../legal-bases/legal-basis-rules';
import { legalBasisView } from '../legal-bases/legal-bases.view';
import { Injectable } from '@nestjs/common';
import { hasAnyRole, isSystemAdmin } from '../common/access';
import { Role } from '../users/roles';
import { todayIso } from '../common/dates';
import { formatScore } from '../common/numbers';
import { UnitsService } from '../units/units.service';
import { unitOptionsOfAllTimes } from '../units/units.view';
import { UsersService } from '../users/users.service';
import { formatBands } from '../reviews/scoring';
import { COUNCIL_ROLE_LABELS, COUNCIL_ROLES } from './council-member.entity';
import { Criterion } from './criterion.entity';
import { NEXT_ROUND_STATUS, Round, ROUND_STATUS_LABELS, ROUND_STATUSES } from './round.entity';
import { roundTitle } from './round-rules';
import { LEVEL_LABELS, levelOfOrganiser } from '../initiatives/initiative-status';
import { Unit } from '../units/unit.entity';
import { RoundsService } from './rounds.service';
import { RequestContext } from '../common/request-context';

const nl = formatScore;

export function criterionValues(c: Criterion) {
  return { name: c.name, description: c.description, maxPoints: nl(c.maxPoints), weight: nl(c.weight), bands: formatBands(c.bands) };
}

/** Builds the view models of the round pages. */
@Injectable()
export class RoundsView {
  constructor(
    private readonly rounds: RoundsService,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly legalBases: LegalBasesService,
  ) {}

  /** The rounds the person manages or sits on, each with the level its council gives. */
  async index(ctx: RequestContext) {
    const [rounds, create] = await Promise.all([this.rounds.visible(ctx), this.rounds.mayCreate(ctx)]);
    return {
      title: 'Đợt xét sáng kiến',
      // Attaching initiatives to rounds is the secretaries' and the system administrator's (the initiatives' pages).
      can: { create, awaiting: create && hasAnyRole(ctx.user, [Role.CouncilSecretary, Role.DistrictAdmin]) },
      scoped: !isSystemAdmin(ctx.user),
      rounds: rounds.map((r) => ({ ...r, statusLabel: ROUND_STATUS_LABELS[r.status], unitName: r.organisingUnit?.name ?? '', levelLabel: levelLabelOf(r.organisingUnit) })),
    };
  }

  /** The round's form; a new one of the kind asked (`kind`: its documents ticked by default follow it). */
  async form(ctx: RequestContext, round: Round | null, kind: RoundKind = 'recognition') {
    const units = await this.rounds.organiserChoices(ctx);
    const organiser = round ? round.organisingUnitId : await this.rounds.defaultOrganiser(ctx);
    const year = round?.year ?? Number(todayIso().slice(0, 4));
    const [bases, cited] = await Promise.all([this.legalBases.all(), round ? this.legalBases.ofRound(round.id) : this.legalBases.defaultsFor(year, kind)]);
    const citing = { legalBasisIds: cited.map((b) => String(b.id)), legalBasesShown: '1' };
    const values = round
      ? { ...round, organisingUnitId: round.organisingUnitId ?? '', threshold: nl(round.threshold), conflictSameUnit: round.conflictSameUnit ? '1' : '', voteRule: voteRuleOf(round.voteRule), kind: roundKindOf(round.kind), scopeUnits: String(round.scopeUnits), scopeCommuneShare: nl(round.scopeCommuneShare), ...citing }
      : { year: String(year), threshold: '70', status: 'open', kind, organisingUnitId: organiser ? String(organiser) : '', voteRule: DEFAULT_VOTE_RULE, scopeUnits: String(DEFAULT_SCOPE_RULE.units), scopeCommuneShare: nl(DEFAULT_SCOPE_RULE.communeShare), ...citing };
    return {
      levelHint: 'Phạm vi công nhận theo đơn vị tổ chức: tỉnh, thành phố công nhận cấp tỉnh; xã, phường, đặc khu, sở, ban, ngành tổ chức đợt xét của mình công nhận cấp cơ sở.',
      title: round ? `Sửa đợt xét: ${round.name}` : 'Tạo đợt xét sáng kiến',
      round,
      action: round ? `/rounds/${round.id}/edit` : '/rounds/new',
      form: { values, errors: {} },
      // Ended units too, marked with their last day: a round of their years is entered from their paper files (the year is checked).
      unitOptions: unitOptionsOfAllTimes(units, todayIso()).map((o) => ({ ...o, label: withLevel(o.label, units.find((u) => String(u.id) === o.value)) })),
      statusOptions: ROUND_STATUSES.map((s) => ({ value: s, label: ROUND_STATUS_LABELS[s] })),
      voteRuleOptions: VOTE_RULES.map((r) => ({ value: r, label: VOTE_RULE_LABELS[r] })),
      kindOptions: ROUND_KINDS.map((k) => ({ value: k, label: ROUND_KIND_LABELS[k] })),
      // The scope rule belongs to a round of effect and scope: shown on its form, and on a new round's.
      showScopeRule: !round || roundKindOf(round.kind) === 'effect',
      kindLabel: round ? ROUND_KIND_LABELS[roundKindOf(round.kind)] : '',
      // Every document of the register, those not in force this year marked with their period (the year is checked on saving).
      legalBasisOptions: bases.map((b) => legalBasisView(b, year)).map((b) => ({ value: String(b.id), label: b.inForce ? b.citation : `${b.citation} (${b.period})` })),
      statusLabel: round ? ROUND_STATUS_LABELS[round.status] : '',
      statusHint: `Đợt xét mới bắt đầu ở trạng thái Đang nhận hồ sơ. Chỉ đợt xét của năm trước năm ${todayIso().slice(0, 4)} (để nhập sáng kiến từ hồ sơ giấy) mới tạo được ở trạng thái Đang chấm hoặc Đã kết thúc.`,
    };
  }

  /**
   * The round's page. Its buttons are for those who may use them: managing (edit, criteria,
   * council, assignments, results, moving on) for the secretary and the admin; the ballot for
   * members seated on this round's council; the minutes for the managers and the council's
   * chair and secretary. Before closing, the initiatives still without a decision.
   */
  async show(ctx: RequestContext, id: number) {
    const [round, criteria, members, frozen, bases] = await Promise.all([this.rounds.findOne(id), this.rounds.criteria(id), this.rounds.members(id), this.rounds.frozen(id), this.legalBases.ofRound(id)]);
    const next = NEXT_ROUND_STATUS[round.status];
    const manage = await this.rounds.manages(ctx.user, round);
    const seat = members.find((m) => m.userId === ctx.user.id);
    const undecided = manage && next === 'closed' ? await this.rounds.undecided(id) : [];
    const effect = roundKindOf(round.kind) === 'effect';
    // What other features show on the page (the items of a round of effect and scope).
    const extra = effect ? await this.rounds.pageExtras(ctx, round, { manage, seated: Boolean(seat) }) : {};
    return {
      ...extra,
      title: round.name,
      can: {
        manage,
        // A round of effect and scope is scored and voted on each item's page.
        vote: !effect && Boolean(seat) && round.status !== 'closed',
        documents: !effect && (manage || seat?.role === 'chair' || seat?.role === 'secretary'),
        recognitionPages: !effect,
      },
      undecided: undecided.map((i) => ({ ...i, decisionHref: i.href ?? `/initiatives/${i.id}/decision` })),
      round: {
        ...round,
        statusLabel: ROUND_STATUS_LABELS[round.status],
        unitName: round.organisingUnit?.name ?? '',
        levelLabel: levelLabelOf(round.organisingUnit),
        threshold: nl(round.threshold),
        voteRuleLabel: VOTE_RULE_LABELS[voteRuleOf(round.voteRule)].toLowerCase(),
        effect,
        kindLabel: ROUND_KIND_LABELS[roundKindOf(round.kind)],
        scopeRule: effect ? scopeRuleText(round) : '',
      },
      next: manage && next ? { status: next, label: ROUND_STATUS_LABELS[next], closing: next === 'closed' } : null,
      criteria: criteria.map((c) => ({ ...criterionValues(c), total: c.maxPoints * (c.weight ?? 1) })),
      maxTotal: nl(criteria.reduce((a, c) => a + c.maxPoints * (c.weight ?? 1), 0)),
      members: members.map((m) => ({ id: m.id, name: m.user?.fullName ?? '', unit: m.user?.unit?.name ?? '', role: COUNCIL_ROLE_LABELS[m.role] })),
      frozen,
      legalBases: bases.map(citation),
    };
  }

  async criteriaForm(ctx: RequestContext, id: number) {
    const [round, criteria, all, frozen] = await Promise.all([this.rounds.findOne(id), this.rounds.criteria(id), this.rounds.visible(ctx), this.rounds.frozen(id)]);
    const values = { criteria: criteria.map(criterionValues) };
    return {
      title: `Tiêu chí chấm: ${round.name}`,
      round,
      frozen,
      form: { values, errors: {} },
      rows: Array.from({ length: Math.max(criteria.length + 2, 4) }, (_, i) => ({ i, n: i + 1 })),
      sourceOptions: all.filter((r) => r.id !== id).map((r) => ({ value: String(r.id), label: roundTitle(r) })),
    };
  }

  async criteriaFormAgain(ctx: RequestContext, id: number, body: Record<string, unknown>) {
    const model = await this.criteriaForm(ctx, id);
    const count = Array.isArray(body.criteria) ? body.criteria.length : body.criteria && typeof body.criteria === 'object' ? Object.keys(body.criteria).length : 0;
    return { ...model, rows: Array.from({ length: Math.max(count, 4) }, (_, i) => ({ i, n: i + 1 })) };
  }

  async council(id: number) {
    const [round, members, users] = await Promise.all([this.rounds.findOne(id), this.rounds.members(id), this.users.active()]);
    const seatable = await this.rounds.councilUnits(round);
    const seated = new Set(members.map((m) => m.userId));
    return {
      title: `Hội đồng: ${round.name}`,
      round,
      members: members.map((m) => ({ id: m.id, name: m.user?.fullName ?? '', position: m.user?.position ?? '', unit: m.user?.unit?.name ?? '', role: COUNCIL_ROLE_LABELS[m.role] })),
      userOptions: users.filter((u) => !seated.has(u.id) && (!seatable || seatable.has(u.unitId))).map((u) => ({ value: String(u.id), label: `${u.fullName} — ${u.unit?.name ?? ''}` })),
      roleOptions: COUNCIL_ROLES.map((r) => ({ value: r, label: COUNCIL_ROLE_LABELS[r] })),
      form: { values: { role: 'member' }, errors: {} },
    };
  }
}

/** "Cấp tỉnh", "Cấp cơ sở", "Cấp huyện": the level a council of this organiser gives ('' without one). */
function levelLabelOf(unit: Pick<Unit, 'kind'> | null | undefined): string {
  const level = levelOfOrganiser(unit?.kind);
  return level ? LEVEL_LABELS[level] : '';
}

/** An organiser's option with the level its council gives: "Tỉnh Quảng Trị (QT) — phạm vi công nhận: Cấp tỉnh". */
function withLevel(label: string, unit: Unit | undefined): string {
  const level = levelLabelOf(unit);
  return level ? `${label} — phạm vi công nhận: ${level}` : label;
}
