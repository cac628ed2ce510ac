import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { hasAnyRole, isSystemAdmin } from '../common/access';
import { Viewer } from '../common/viewer';
import { Role } from '../users/roles';
import { Unit } from '../units/unit.entity';
import { voteRuleOf } from './vote-rule';
import { EFFECT_CRITERIA, roundKindOf, takesInitiatives } from './round-kind';
import { LegalBasesService } from '../legal-bases/legal-bases.service';
import { LegalBasis } from '../legal-bases/legal-basis.entity';
import { citation } from '../legal-bases/legal-basis-rules';
import { AuditService } from '../audit/audit.service';
import { diffFields } from '../audit/audit.types';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { Extensions, ROUND_INITIATIVES, ROUND_PAGE, ROUND_SCORES, RoundInitiativesContribution, RoundPageContribution, RoundScoresContribution, UndecidedInitiative } from '../common/extensions';
import { todayIso } from '../common/dates';
import { parseNumberVi } from '../common/validation';
import { UnitOfWork } from '../database/unit-of-work';
import { formatBands, parseBands } from '../reviews/scoring';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { COUNCIL_ROLE_LABELS, CouncilMember, CouncilRole } from './council-member.entity';
import { Criterion, DEFAULT_CRITERIA } from './criterion.entity';
import { CriterionRowDto, NewRoundFormDto, RoundFormDto } from './dto/round-form.dto';
import { NEXT_ROUND_STATUS, Round, ROUND_STATUS_LABELS, RoundStatus } from './round.entity';
import { isReceiving, organiserYearRefusal, reachesRound, RoundReach, roundReach, secretaryOrganisers, servedAuthority, startingStatusRefusal } from './round-rules';
import { RoundsRepository } from './rounds.repository';
import { ReadCache } from '../database/read-cache';
import { RequestContext } from '../common/request-context';

const AUDITED: (keyof Round)[] = ['year', 'name', 'kind', 'organisingUnitId', 'submissionStart', 'submissionEnd', 'threshold', 'voteRule', 'scopeUnits', 'scopeCommuneShare', 'conflictSameUnit', 'status'];

/** See RoundsService.attachReach. */
export interface AttachReach {
  /** The rounds this person manages that are not closed, newest first. */
  rounds: Round[];
  /** Whether the round takes an initiative of this unit. */
  takes(round: Pick<Round, 'organisingUnitId'>, unitId: number): boolean;
  /** Whether an initiative of this unit is this person's to attach. */
  reaches(unitId: number): boolean;
}

/** Rounds (đợt xét), their scoring criteria and their councils. */
@Injectable()
export class RoundsService {
  constructor(
    private readonly repo: RoundsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly extensions: Extensions,
    private readonly legalBases: LegalBasesService,
    private readonly cache: ReadCache,
  ) {}

  /** Every round with its organising unit: reference data, kept until rounds or units change (shared: not to be changed). */
  all(): Promise<Round[]> {
    return this.cache.reference('rounds.all', () => this.repo.all(), ['rounds', 'units']);
  }

  open(): Promise<Round[]> {
    return this.repo.open();
  }

  /**
   * Open rounds that a submission of this unit may join today: receiving (within their
   * receiving dates, when set) and organised by the unit or a unit above it (a round
   * without an organising unit takes every unit's).
   */
  async receivingFor(unitId: number, today: string): Promise<Round[]> {
    const suitable: Round[] = [];
    const year = Number(today.slice(0, 4));
    for (const round of await this.repo.open()) {
      // A round of an earlier year takes today's submissions only through receiving dates that
      // say so: left open without them (entered for its paper records), it would take them all.
      if ((round.year < year && !round.submissionEnd) || !isReceiving(round, today)) continue;
      if (round.organisingUnitId === null || (await this.units.scopeIds(round.organisingUnitId)).has(unitId)) suitable.push(round);
    }
    return suitable;
  }

  findOne(id: number): Promise<Round> {
    return this.repo.findOrFail(id);
  }

  // ---- who manages which rounds ------------------------------------------------------

  /** Each request's viewer, with the rounds it reaches (read once per request). */
  private readonly reaches = new WeakMap<Viewer, Promise<RoundReach>>();

  /** The rounds this person manages (see roundReach): read once per request and person. */
  reach(user: Viewer | null | undefined): Promise<RoundReach> {
    if (!user) return Promise.resolve({ all: false, organisers: new Set<number>(), legacy: false });
    let reach = this.reaches.get(user);
    if (!reach) {
      reach = this.readReach(user);
      this.reaches.set(user, reach);
    }
    return reach;
  }

  private async readReach(user: Viewer): Promise<RoundReach> {
    if (isSystemAdmin(user)) return roundReach({ system: true, unitAdminScope: null, secretaryOf: null });
    const unitAdminScope = user.roles.includes(Role.UnitAdmin) ? await user.scope() : null;
    const secretaryOf = user.roles.includes(Role.CouncilSecretary) ? await this.units.find(user.unitId) : null;
    const archives = new Map<number, number[]>();
    if (secretaryOf) for (const id of secretaryOrganisers(secretaryOf)) archives.set(id, await this.units.archiveOf(id));
    return roundReach({ system: false, unitAdminScope, secretaryOf, archives: (id) => archives.get(id) ?? [] });
  }

  /** Whether this person manages the round (its settings, criteria, council, decisions, documents). */
  async manages(user: Viewer | null | undefined, round: Pick<Round, 'organisingUnitId'>): Promise<boolean> {
    return reachesRound(await this.reach(user), round.organisingUnitId);
  }

  /** Refuses (403, naming nothing of the round) a person who does not manage the round; an unknown round is not found. */
  async assertManages(ctx: RequestContext, id: number): Promise<void> {
    const round = await this.findOne(id);
    if (!(await this.manages(ctx.user, round))) throw new ForbiddenException('Bạn chỉ quản lý được đợt xét do đơn vị mình tổ chức.');
  }

  /** Refuses (403) a person who neither manages the round nor sits on its council. */
  async assertSees(ctx: RequestContext, id: number): Promise<void> {
    const round = await this.findOne(id);
    if ((await this.manages(ctx.user, round)) || (await this.repo.seated(id, ctx.user.id))) return;
    throw new ForbiddenException('Bạn chỉ xem được đợt xét do đơn vị mình tổ chức hoặc đợt xét mình là thành viên hội đồng.');
  }

  /** The rounds this person sees: those they manage and those whose council they sit on, newest first. */
  async visible(ctx: RequestContext): Promise<Round[]> {
    const [all, reach, seats] = await Promise.all([this.all(), this.reach(ctx.user), this.repo.seatedRoundIds(ctx.user.id)]);
    return all.filter((r) => reachesRound(reach, r.organisingUnitId) || seats.has(r.id));
  }

  /** The rounds this person manages, newest first. */
  async managed(ctx: RequestContext): Promise<Round[]> {
    const [all, reach] = await Promise.all([this.all(), this.reach(ctx.user)]);
    return all.filter((r) => reachesRound(reach, r.organisingUnitId));
  }

  /**
   * Where this person may attach waiting initiatives: the rounds they manage that are not
   * closed, whether one of them takes a unit's initiatives (its organiser's units; a round
   * without an organiser, any unit's, as when it receives submissions), and whether an
   * initiative of a unit lies within their reach at all: the units of the organisers they run
   * rounds for (a commune's secretary its commune's, the province's its whole province), even
   * before they have a round open, or any unit for the system administrator.
   */
  async attachReach(ctx: RequestContext): Promise<AttachReach> {
    const [managed, reach] = await Promise.all([this.managed(ctx), this.reach(ctx.user)]);
    const rounds = managed.filter((r) => r.status !== 'closed' && takesInitiatives(r));
    const scopes = new Map<number, ReadonlySet<number>>();
    for (const id of new Set([...reach.organisers, ...rounds.map((r) => r.organisingUnitId).filter((x): x is number => x !== null)])) {
      scopes.set(id, await this.units.scopeIds(id));
    }
    const takes = (round: Pick<Round, 'organisingUnitId'>, unitId: number) => round.organisingUnitId === null || Boolean(scopes.get(round.organisingUnitId)?.has(unitId));
    const anyUnit = reach.all || rounds.some((r) => r.organisingUnitId === null);
    return {
      rounds,
      takes,
      reaches: (unitId) => anyUnit || [...reach.organisers].some((id) => scopes.get(id)?.has(unitId)),
    };
  }

  /** Whether this person may create rounds at all (a manager of some organiser). */
  async mayCreate(ctx: RequestContext): Promise<boolean> {
    const reach = await this.reach(ctx.user);
    return reach.all || reach.organisers.size > 0;
  }

  /** The units this person may name as a round's organiser: every unit for the system administrator. */
  async organiserChoices(ctx: RequestContext): Promise<Unit[]> {
    const [all, reach] = await Promise.all([this.units.all(), this.reach(ctx.user)]);
    return reach.all ? all : all.filter((u) => reach.organisers.has(u.id));
  }

  /** The organiser a new round of this person defaults to: the authority their unit serves, when they reach it. */
  async defaultOrganiser(ctx: RequestContext): Promise<number | null> {
    const unit = await this.units.find(ctx.user.unitId);
    if (!unit) return null;
    const served = servedAuthority(unit);
    const reach = await this.reach(ctx.user);
    if (reachesRound(reach, served)) return served;
    return reachesRound(reach, unit.id) ? unit.id : null;
  }

  /** The units whose people may sit on the round's council: the organiser and the units below it (everyone without an organiser). */
  async councilUnits(round: Pick<Round, 'organisingUnitId'>): Promise<ReadonlySet<number> | null> {
    if (!round.organisingUnitId) return null;
    // An ended organiser's round (entered from its paper files) seats the people of the units
    // that keep its records: the district's former council now works at the province.
    const units = new Set(await this.units.scopeIds(round.organisingUnitId));
    for (const keeper of await this.units.keepersOf(round.organisingUnitId)) for (const id of await this.units.scopeIds(keeper)) units.add(id);
    return units;
  }

  /** Locks these rounds' rows until the current transaction ends (an initiative attached to a round holds it). */
  lockForUpdate(ids: number[]): Promise<void> {
    return this.repo.lockForUpdate(ids);
  }

  /** The round, or null. */
  find(id: number): Promise<Round | null> {
    return this.repo.find(id);
  }

  byIds(ids: number[]): Promise<Round[]> {
    return this.repo.byIds(ids);
  }

  criteria(roundId: number): Promise<Criterion[]> {
    return this.repo.criteria(roundId);
  }

  members(roundId: number): Promise<CouncilMember[]> {
    return this.repo.council(roundId);
  }

  /** Whether the user sits on the council of the round. */
  isCouncilMember(roundId: number, userId: number): Promise<boolean> {
    return this.repo.seated(roundId, userId);
  }

  /**
   * Criteria are frozen once any score exists in the round, so every sheet is scored on
   * the same rules. The owners of scores (the reviews feature) answer (ROUND_SCORES).
   */
  async frozen(roundId: number): Promise<boolean> {
    const answers = await Promise.all(this.extensions.of<RoundScoresContribution>(ROUND_SCORES).map((x) => x.scoresExist(roundId)));
    return answers.some(Boolean);
  }

  /** Whether sheets or votes exist in the round: the same-unit conflict rule is then locked. */
  async councilWorkBegun(roundId: number): Promise<boolean> {
    if (await this.frozen(roundId)) return true;
    for (const x of this.extensions.of<RoundScoresContribution>(ROUND_SCORES)) if (x.votesExist && (await x.votesExist(roundId))) return true;
    return false;
  }

  // ---- writes -------------------------------------------------------------------

  /**
   * A new round with the common scoring sheet: open for submissions, or (a round of an
   * earlier year, for records entered from the paper files) already evaluating or closed.
   */
  async create(ctx: RequestContext, dto: NewRoundFormDto): Promise<Round> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      const status: RoundStatus = dto.status || 'open';
      if (!dto.organisingUnitId) dto.organisingUnitId = (await this.defaultOrganiser(ctx)) ?? undefined;
      await this.assertOrganiser(ctx, dto.organisingUnitId ?? null);
      const { fields, bases } = await this.readRound(dto, status);
      const kind = roundKindOf(dto.kind);
      const round = await this.repo.save(new Round({ ...fields, status, kind }));
      await this.repo.replaceCriteria(round.id, kind === 'effect' ? EFFECT_CRITERIA : DEFAULT_CRITERIA);
      // Without the form's choice, the default documents in force in the round's year.
      const cited = bases ?? (await this.legalBases.defaultsFor(round.year, kind));
      await this.legalBases.setForRound(round.id, cited.map((b) => b.id));
      await this.audit.log(ctx, {
        action: 'round.create',
        entityType: 'round',
        entityId: round.id,
        summary: `Tạo đợt xét "${round.name}"`,
        changes: [...diffFields<Round>(null, round, AUDITED), { field: 'legalBases', before: null, after: cited.map(citation).join('; ') }],
      });
      return round;
    });
  }

  async update(ctx: RequestContext, id: number, dto: RoundFormDto): Promise<Round> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      const round = await this.findOne(id);
      const before = { ...round };
      // A round keeps its organiser unless the form names another; the new one must be the person's too.
      if (!dto.organisingUnitId) dto.organisingUnitId = round.organisingUnitId ?? undefined;
      if ((dto.organisingUnitId ?? null) !== round.organisingUnitId) await this.assertOrganiser(ctx, dto.organisingUnitId ?? null);
      const { fields, bases } = await this.readRound(dto);
      if (fields.threshold !== round.threshold && round.status === 'closed') {
        throw new FormInvalidException({ threshold: 'Đợt xét đã kết thúc: không đổi ngưỡng công nhận được nữa.' });
      }
      // Conflicts follow this rule whenever the council's work is read: changed once scoring has
      // begun, it would silently count or drop sheets and votes already cast.
      // Votes already cast were counted under the rule they were cast under.
      if (fields.voteRule !== voteRuleOf(round.voteRule) && (await this.councilWorkBegun(id))) {
        throw new FormInvalidException({ voteRule: 'Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc biểu quyết được nữa.' });
      }
      // A round of effect and scope proposes each item's scope by its rule: not changed under the council's feet.
      const ruleChanged = (fields.scopeUnits !== undefined && fields.scopeUnits !== round.scopeUnits) || (fields.scopeCommuneShare !== undefined && fields.scopeCommuneShare !== round.scopeCommuneShare);
      if (ruleChanged && (await this.councilWorkBegun(id))) {
        throw new FormInvalidException({ scopeUnits: 'Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc đề xuất phạm vi ảnh hưởng được nữa.' });
      }
      if (fields.conflictSameUnit !== round.conflictSameUnit && (await this.councilWorkBegun(id))) {
        throw new FormInvalidException({ conflictSameUnit: 'Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc xung đột lợi ích (cùng đơn vị với tác giả) được nữa, để điểm và biểu quyết đã có không bị tính lại.' });
      }
      if (fields.year !== undefined && fields.year !== round.year) {
        const held = (await Promise.all(this.extensions.of<RoundInitiativesContribution>(ROUND_INITIATIVES).map((x) => x.held(id)))).reduce((a, n) => a + n, 0);
        // Their codes (SK-<year>-…) and years are the round's: a new year would contradict them
        // and could put them in a year before they were first applied.
        if (held > 0) {
          throw new FormInvalidException({
            year:
              roundKindOf(round.kind) === 'effect'
                ? `Đợt xét đã có ${held} sáng kiến được đưa vào xét hiệu quả áp dụng: không đổi năm của đợt được nữa.`
                : `Đợt xét đã có ${held} sáng kiến, mã và năm của chúng theo năm ${round.year} của đợt: không đổi năm của đợt được nữa.`,
          });
        }
      }
      Object.assign(round, fields);
      delete round.organisingUnit;
      await this.repo.save(round);
      const changes = diffFields<Round>(before, round, AUDITED);
      if (bases) {
        const was = (await this.legalBases.ofRound(id)).map(citation).join('; ');
        const now = bases.map(citation).join('; ');
        await this.legalBases.setForRound(id, bases.map((b) => b.id));
        if (was !== now) changes.push({ field: 'legalBases', before: was, after: now });
      }
      if (changes.length) await this.audit.log(ctx, { action: 'round.update', entityType: 'round', entityId: id, summary: `Sửa đợt xét "${round.name}"`, changes });
      return round;
    });
  }

  /** The round's legal bases as its decisions cite them, in print order. */
  async citedBases(roundId: number): Promise<string[]> {
    return (await this.legalBases.ofRound(roundId)).map(citation);
  }

  /** What other features add to the round's page (ROUND_PAGE). */
  async pageExtras(ctx: RequestContext, round: Round, viewer: { manage: boolean; seated: boolean }): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.extensions.of<RoundPageContribution>(ROUND_PAGE).map((x) => x.extend(ctx, round, viewer)));
    return Object.assign({}, ...parts) as Record<string, unknown>;
  }

  /**
   * The initiatives of a round still waiting for the council's decision (submitted or under
   * review), answered by the initiatives feature (ROUND_INITIATIVES).
   */
  async undecided(roundId: number): Promise<UndecidedInitiative[]> {
    const answers = await Promise.all(this.extensions.of<RoundInitiativesContribution>(ROUND_INITIATIVES).map((x) => x.undecided(roundId)));
    return answers.flat();
  }

  /**
   * open → evaluating → closed, by the secretary. A round is closed only once every
   * initiative in it has its decision: refused with the list otherwise (the round is locked
   * meanwhile, so none is attached to it while it closes).
   */
  async advance(ctx: RequestContext, id: number): Promise<Round> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      await this.repo.lockForUpdate([id]);
      const round = await this.findOne(id);
      const next = NEXT_ROUND_STATUS[round.status];
      if (!next) throw new BadRequestException('Đợt xét đã kết thúc.');
      if (next === 'closed') {
        const waiting = await this.undecided(id);
        if (waiting.length > 0) {
          throw new FormInvalidException({
            advance: `Chưa kết thúc được đợt xét: ${waiting.length} sáng kiến chưa có quyết định (${waiting.map((i) => i.code ?? `#${i.id}`).join(', ')}). Hãy ghi quyết định công nhận hoặc không công nhận cho từng sáng kiến, rồi kết thúc đợt xét.`,
          });
        }
      }
      await this.repo.setStatus(id, next);
      await this.audit.log(ctx, {
        action: 'round.status',
        entityType: 'round',
        entityId: id,
        summary: `Đợt xét "${round.name}": ${ROUND_STATUS_LABELS[round.status]} → ${ROUND_STATUS_LABELS[next]}`,
        changes: [{ field: 'status', before: round.status, after: next }],
      });
      return { ...round, status: next } as Round;
    });
  }

  /** Replaces the criteria of a round (not once scores exist). */
  async saveCriteria(ctx: RequestContext, id: number, rows: CriterionRowDto[]): Promise<Criterion[]> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      const round = await this.findOne(id);
      if (await this.frozen(id)) throw new FormInvalidException({ criteria: 'Đã có điểm chấm trong đợt này: tiêu chí không sửa được nữa.' });
      const errors: FieldErrors = {};
      const parsed: Omit<Criterion, 'id' | 'createdAt' | 'updatedAt'>[] = [];
      for (const [i, r] of rows.entries()) {
        if (!r || !Object.values(r).some((v) => v !== '')) continue;
        if (!r.name) errors[`criteria.${i}.name`] = 'Vui lòng nhập tên tiêu chí.';
        const max = parseNumberVi(r.maxPoints);
        if (max === null || Number.isNaN(max) || max <= 0 || max > 1000) errors[`criteria.${i}.maxPoints`] = 'Điểm tối đa phải là số lớn hơn 0.';
        const weight = parseNumberVi(r.weight);
        if (weight !== null && (Number.isNaN(weight) || weight <= 0 || weight > 100)) errors[`criteria.${i}.weight`] = 'Trọng số phải là số lớn hơn 0 (để trống nếu bằng 1).';
        const bands = parseBands(r.bands);
        if (bands === null) errors[`criteria.${i}.bands`] = 'Ghi mỗi mức theo dạng "27-30: hoàn toàn mới", cách nhau bởi dấu chấm phẩy.';
        else if (max && bands.some((b) => b.max > max)) errors[`criteria.${i}.bands`] = `Mức điểm không được vượt quá điểm tối đa ${max}.`;
        parsed.push({ roundId: id, position: parsed.length, name: r.name, description: r.description, maxPoints: max ?? 0, weight, bands: bands && bands.length ? bands : null });
      }
      if (parsed.length === 0) errors.criteria = 'Cần ít nhất một tiêu chí.';
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      const before = await this.criteria(id);
      const saved = await this.repo.replaceCriteria(id, parsed);
      await this.audit.log(ctx, {
        action: 'round.criteria',
        entityType: 'round',
        entityId: id,
        summary: `Tiêu chí chấm của "${round.name}": ${saved.map((c) => `${c.name} (${c.maxPoints})`).join(', ')}`,
        changes: [{ field: 'criteria', before: before.map(describe), after: saved.map(describe) }],
      });
      return saved;
    });
  }

  /** Copies the criteria of an earlier round over this round's (not once scores exist). */
  async copyCriteria(ctx: RequestContext, id: number, sourceId: number): Promise<Criterion[]> {
    if (id === sourceId) throw new FormInvalidException({ sourceRoundId: 'Hãy chọn một đợt xét khác.' });
    // Criteria are copied only from a round the person sees: another unit's stay its own.
    await this.assertSees(ctx, sourceId);
    const source = await this.criteria(sourceId);
    if (source.length === 0) throw new FormInvalidException({ sourceRoundId: 'Đợt xét được chọn chưa có tiêu chí.' });
    const rows = source.map((c) => ({ name: c.name, description: c.description, maxPoints: String(c.maxPoints), weight: c.weight === null ? '' : String(c.weight), bands: formatBands(c.bands) }));
    return this.saveCriteria(ctx, id, rows);
  }

  async addMember(ctx: RequestContext, id: number, userId: number, role: CouncilRole): Promise<CouncilMember> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      const round = await this.findOne(id);
      const user = await this.users.findActive(userId);
      const seatable = await this.councilUnits(round);
      // A person outside the organiser's units reads as unknown: the form names nobody of another unit.
      if (!user || (seatable && !seatable.has(user.unitId))) throw new FormInvalidException({ userId: 'Người dùng không tồn tại hoặc đã bị khóa.' });
      if (await this.repo.seated(id, userId)) throw new FormInvalidException({ userId: `${user.fullName} đã có trong hội đồng.` });
      if (role === 'chair' && (await this.repo.hasChair(id))) throw new FormInvalidException({ role: 'Hội đồng đã có Chủ tịch.' });
      const member = await this.repo.saveMember(new CouncilMember({ roundId: id, userId, role }));
      await this.audit.log(ctx, { action: 'round.council', entityType: 'round', entityId: id, summary: `Thêm ${user.fullName} vào hội đồng "${round.name}" (${COUNCIL_ROLE_LABELS[role]})` });
      return member;
    });
  }

  async removeMember(ctx: RequestContext, id: number, memberId: number): Promise<void> {
    await this.uow.run(async () => {
      this.uow.changes('rounds');
      const round = await this.findOne(id);
      const member = await this.repo.memberOrFail(id, memberId);
      // Assignments go with the seat, unless a sheet was submitted (the scores stay on record).
      for (const x of this.extensions.of<RoundScoresContribution>(ROUND_SCORES)) {
        if (!(await x.unassignUnlessSubmitted(memberId))) throw new BadRequestException(`${member.user?.fullName ?? 'Thành viên'} đã nộp phiếu chấm nên không bỏ khỏi hội đồng được.`);
      }
      await this.repo.removeMember(memberId);
      await this.audit.log(ctx, { action: 'round.council', entityType: 'round', entityId: id, summary: `Bỏ ${member.user?.fullName ?? ''} khỏi hội đồng "${round.name}"` });
    });
  }

  /**
   * Refuses (403) an organiser the person does not manage rounds for: a commune runs its own
   * round, the province the province's. Without one, only the system administrator may
   * leave a round without an organiser.
   */
  private async assertOrganiser(ctx: RequestContext, organisingUnitId: number | null): Promise<void> {
    const reach = await this.reach(ctx.user);
    if (reach.all || (organisingUnitId !== null && reach.organisers.has(organisingUnitId))) return;
    if (organisingUnitId === null && hasAnyRole(ctx.user, [Role.CouncilSecretary])) return;
    throw new ForbiddenException('Bạn chỉ tổ chức được đợt xét của đơn vị mình.');
  }

  /**
   * The round's fields from the form, with a message per field; `startingStatus` when
   * creating. `bases`: the legal bases it is to cite, when the form showed them (each in force
   * in the round's year).
   */
  private async readRound(dto: RoundFormDto, startingStatus?: RoundStatus): Promise<{ fields: Partial<Round>; bases: LegalBasis[] | null }> {
    const errors: FieldErrors = {};
    let bases: LegalBasis[] | null = null;
    if (dto.legalBasesShown === '1') {
      const ids = (dto.legalBasisIds ?? []).map((v) => Number(v));
      if (ids.some((n) => !Number.isInteger(n) || n <= 0)) errors.legalBasisIds = 'Căn cứ pháp lý đã chọn không hợp lệ.';
      else if (dto.year) {
        const checked = await this.legalBases.checkedFor(ids, dto.year);
        Object.assign(errors, checked.errors);
        bases = checked.bases;
      }
    }
    const lateStart = startingStatus ? startingStatusRefusal(startingStatus, dto.year, Number(todayIso().slice(0, 4))) : null;
    if (lateStart) errors.status = lateStart;
    const threshold = parseNumberVi(dto.threshold);
    if (threshold === null) errors.threshold = 'Vui lòng nhập ngưỡng điểm công nhận (ví dụ 70).';
    else if (Number.isNaN(threshold) || threshold < 0 || threshold > 1000) errors.threshold = 'Ngưỡng điểm phải là một số không âm.';
    if (dto.organisingUnitId) {
      const organiser = await this.units.find(dto.organisingUnitId);
      if (!organiser) errors.organisingUnitId = 'Đơn vị không tồn tại.';
      else if (dto.year) {
        const refusal = organiserYearRefusal(organiser, dto.year);
        if (refusal) errors.organisingUnitId = refusal;
      }
    }
    if (dto.submissionStart && dto.submissionEnd && dto.submissionEnd < dto.submissionStart) errors.submissionEnd = 'Ngày kết thúc phải sau ngày bắt đầu nhận hồ sơ.';
    const scopeUnits = parseNumberVi(dto.scopeUnits);
    if (scopeUnits !== null && (!Number.isInteger(scopeUnits) || scopeUnits < 1 || scopeUnits > 100000)) errors.scopeUnits = 'Số đơn vị phải là số nguyên dương, ví dụ 10.';
    const scopeCommuneShare = parseNumberVi(dto.scopeCommuneShare);
    if (scopeCommuneShare !== null && (Number.isNaN(scopeCommuneShare) || scopeCommuneShare <= 0 || scopeCommuneShare > 100)) errors.scopeCommuneShare = 'Tỷ lệ phải từ trên 0 đến 100 (%), ví dụ 20.';
    if (Object.keys(errors).length) throw new FormInvalidException(errors);
    const fields: Partial<Round> = {
      year: dto.year,
      name: dto.name,
      organisingUnitId: dto.organisingUnitId ?? null,
      submissionStart: dto.submissionStart ?? null,
      submissionEnd: dto.submissionEnd ?? null,
      threshold: threshold as number,
      voteRule: voteRuleOf(dto.voteRule),
      conflictSameUnit: dto.conflictSameUnit === '1',
      // Not posted (a form of before, a round of recognition): the rule it had, or the default.
      ...(scopeUnits !== null ? { scopeUnits } : {}),
      ...(scopeCommuneShare !== null ? { scopeCommuneShare } : {}),
    };
    return { fields, bases };
  }
}

function describe(c: Criterion): string {
  return `${c.name}: ${c.maxPoints}${c.weight ? ` ×${c.weight}` : ''}${c.bands ? ` [${formatBands(c.bands)}]` : ''}`;
}
