import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Authority, AuthoritiesService } from '../authorities/authorities.service';
import { defaultProfile } from '../authorities/authority-profile';
import { isDistrictAdmin, isSystemAdmin } from '../common/access';
import { Viewer } from '../common/viewer';
import { formatDate, todayIso } from '../common/dates';
import { Contributes, ROUND_SCORES, RoundScoresContribution } from '../common/extensions';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { CheckedForm, parseNumberVi } from '../common/validation';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeStatus, isLevel, LEVEL_LABELS, levelRefusal, levelsFor, RecognitionLevel } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { authorUserIds } from '../initiatives/initiative-access';
import { voteRuleOf, votesNeeded } from '../rounds/vote-rule';
import { InitiativesService } from '../initiatives/initiatives.service';
import { decisionNoticeText, returnedNoticeText } from '../mail/outcome-text';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewsService } from '../reviews/reviews.service';
import { decisionErrors, Statistics } from '../reviews/scoring';
import { COUNCIL_ROLE_LABELS, CouncilMember } from '../rounds/council-member.entity';
import { Criterion } from '../rounds/criterion.entity';
import { Round } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { isOverdue, missing, tally, Tally } from './council-rules';
import { DecisionsRepository } from './decisions.repository';
import { Decision } from './decision.entity';
import { DecisionDto } from './dto/decision.dto';
import { isVote, MemberVote, Vote, VOTE_LABELS } from './member-vote.entity';
import { RequestContext } from '../common/request-context';
import { buildSnapshot, DecisionSnapshot, readSnapshot, SnapshotMember } from './decision-snapshot';
import { isSigningMode, Signing, signingErrors, signingFromTitle, signatureLines } from './signing';

/** Months after the close of submissions within which a decision is due. */
export const DECISION_DUE_MONTHS = 3;

/** The day a decision is due: three months after the round stops taking submissions. */
export function decisionDue(round: Pick<Round, 'submissionEnd'> | null | undefined): string | null {
  if (!round?.submissionEnd) return null;
  const d = new Date(`${round.submissionEnd}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCMonth(d.getUTCMonth() + DECISION_DUE_MONTHS);
  // 30 November + 3 months is the end of February, not early March.
  if (d.getUTCDate() !== day) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/** Whether the decision on this initiative is overdue today (see isOverdue). */
export function decisionOverdue(initiative: Pick<Initiative, 'paperRecord' | 'status'> & { round?: Pick<Round, 'submissionEnd' | 'createdAt'> | null }, today = todayIso()): boolean {
  if (initiative.status !== InitiativeStatus.Submitted && initiative.status !== InitiativeStatus.UnderReview) return false;
  const entered = initiative.round?.createdAt ? todayIso(new Date(initiative.round.createdAt)) : null;
  return isOverdue(decisionDue(initiative.round), entered, today, initiative.paperRecord);
}

/** One seat of the council as it stands on one initiative. */
export interface Seat {
  member: CouncilMember;
  /** Why this member may not judge (nor vote on) the initiative, or null. */
  conflict: string | null;
  /** The state of the member's current sheet, or null when not assigned to score. */
  sheet: 'submitted' | 'draft' | 'none' | null;
  vote: MemberVote | null;
}

/** An initiative of a round with the council's work on it. */
export interface CouncilItem {
  initiative: Initiative;
  stats: Statistics | null;
  seats: Seat[];
  tally: Tally;
  missing: { sheets: number; votes: number };
  decision: Decision | null;
}

export interface RoundCouncil {
  round: Round;
  criteria: Criterion[];
  members: CouncilMember[];
  items: CouncilItem[];
}

/** The secretary's vote changes on one initiative: votes to record, and recorded ones to take back. */
interface VoteChanges {
  wanted: { seat: Seat; vote: Vote }[];
  undone: (Seat & { vote: MemberVote })[];
}

/** The seats as they read once `changes` are recorded (what the decision counts). */
function seatsAfter(seats: Seat[], { wanted, undone }: VoteChanges): Seat[] {
  return seats.map((seat) => {
    const change = wanted.find((w) => w.seat === seat);
    if (change) return { ...seat, vote: { ...(seat.vote ?? {}), vote: change.vote, recordedBy: 'secretary' } as MemberVote };
    return undone.includes(seat as Seat & { vote: MemberVote }) ? { ...seat, vote: null } : seat;
  });
}

/** Statuses whose initiatives the council has on its table, or has decided. */
const COUNCIL_STATUSES = [InitiativeStatus.UnderReview, InitiativeStatus.Recognized, InitiativeStatus.NotRecognized];

const memberName = (m: CouncilMember) => m.user?.fullName ?? `#${m.id}`;

@Injectable()
@Contributes(ROUND_SCORES)
export class DecisionsService implements RoundScoresContribution {
  constructor(
    private readonly repo: DecisionsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly initiatives: InitiativesService,
    private readonly reviews: ReviewsService,
    private readonly rounds: RoundsService,
    private readonly units: UnitsService,
    private readonly notifications: NotificationsService,
    private readonly authorities: AuthoritiesService,
  ) {}

  forInitiative(initiativeId: number): Promise<Decision[]> {
    return this.repo.forInitiative(initiativeId);
  }

  /** The decisions on these initiatives, latest first. */
  forInitiatives(initiativeIds: number[]): Promise<Decision[]> {
    return this.repo.forInitiatives(initiativeIds);
  }

  latestInRound(roundId: number): Promise<Decision | null> {
    return this.repo.latestInRound(roundId);
  }

  // ---- the council's state ----------------------------------------------------------

  /**
   * The council's work in a round: every initiative on its table or decided, with its
   * statistics, each seat's sheet and vote (current cycle) and conflicts, and its decision.
   */
  async roundCouncil(roundId: number): Promise<RoundCouncil> {
    const [{ round, criteria, rows }, members, initiatives] = await Promise.all([this.reviews.results(roundId), this.rounds.members(roundId), this.initiatives.inRound(roundId, COUNCIL_STATUSES)]);
    const ids = initiatives.map((i) => i.id);
    const [votes, decisions] = await Promise.all([this.repo.votesOn(ids), this.repo.forInitiatives(ids)]);
    const items = initiatives.map((initiative): CouncilItem => {
      const row = rows.find((r) => r.initiative.id === initiative.id);
      const seats = members.map((member): Seat => {
        const own = row?.sheets.find((s) => s.assignment.memberId === member.id);
        const declared = own?.assignment.conflict ? own.assignment.conflictReason || 'Xung đột lợi ích' : null;
        return {
          member,
          conflict: declared ?? this.reviews.autoConflict(round, member, initiative),
          sheet: own ? (own.review?.status === 'submitted' ? 'submitted' : own.review ? 'draft' : 'none') : null,
          vote: votes.find((v) => v.initiativeId === initiative.id && v.cycle === initiative.reviewCycle && v.memberId === member.id) ?? null,
        };
      });
      // A vote cast before a conflict came to light does not count.
      const cast = seats.filter((s) => !s.conflict).map((s) => s.vote).filter((v): v is MemberVote => v !== null);
      return {
        initiative,
        stats: row?.stats ?? null,
        seats,
        tally: tally(cast),
        missing: missing(seats.map((s) => ({ conflict: s.conflict, sheet: s.sheet, voted: Boolean(s.vote) }))),
        decision: decisions.find((d) => d.initiativeId === initiative.id) ?? null,
      };
    });
    return { round, criteria, members, items };
  }

  /** The council's work on one initiative; null when it has no round. */
  async councilOn(initiative: Initiative): Promise<{ round: Round; item: CouncilItem | null; councilSize: number } | null> {
    if (!initiative.roundId) return null;
    const council = await this.roundCouncil(initiative.roundId);
    return { round: council.round, item: council.items.find((x) => x.initiative.id === initiative.id) ?? null, councilSize: council.members.length };
  }

  /** The organising unit of a round with its parent (for the authority of a department). */
  async organiser(round: Round | null | undefined): Promise<Unit | null> {
    const unit = round?.organisingUnit ?? (round?.organisingUnitId ? await this.units.find(round.organisingUnitId) : null);
    if (!unit) return null;
    if (unit.parentId && !unit.parent) unit.parent = await this.units.find(unit.parentId);
    return unit;
  }

  /** The authority of a unit on a day (today's when no day is given); null without a unit. */
  authorityOn(unitId: number | null | undefined, day: string | null = null): Promise<Authority | null> {
    return unitId ? this.authorities.on(unitId, day) : Promise.resolve(null);
  }

  /** Units whose authority may have decided a paper record: every unit, the ended ones with their years. */
  async authorityChoices(): Promise<{ value: string; label: string }[]> {
    return (await this.units.all()).map((u) => ({
      value: String(u.id),
      label: u.validTo ? `${u.name} (${u.validFrom ? `${formatDate(u.validFrom)}–` : 'đến '}${formatDate(u.validTo)})` : u.name,
    }));
  }

  /** The members of a round's council as the documents name them, with their positions now. */
  async membersNow(roundId: number | null): Promise<SnapshotMember[]> {
    if (!roundId) return [];
    return (await this.rounds.members(roundId)).map((m) => ({ memberId: m.id, name: m.user?.fullName ?? '', position: m.user?.position ?? '', role: COUNCIL_ROLE_LABELS[m.role] }));
  }

  /**
   * What a decision's documents print: the snapshot kept when it was recorded; for a decision
   * without one, what today's data would print.
   */
  async documentsOf(decision: Decision, fallbackUnitId: number | null = null): Promise<DecisionSnapshot> {
    const kept = readSnapshot(decision.snapshot);
    if (kept) return kept;
    const authority = await this.authorityOn(decision.authorityUnitId ?? fallbackUnitId, decision.date);
    const profile = authority ?? { ...defaultProfile(null), unitId: null };
    const signing = signingFromTitle(decision.signerTitle || profile.headTitle, decision.signerName);
    return buildSnapshot({ ...profile, place: decision.place || profile.place, unitId: authority?.unitId ?? null }, signing, await this.membersNow(decision.roundId));
  }

  /** What documents print before any decision: the authority today, its head signing. */
  async draftDocuments(unitId: number | null, roundId: number | null): Promise<DecisionSnapshot> {
    const authority = await this.authorityOn(unitId);
    const profile = authority ?? { ...defaultProfile(null), unitId: null };
    return buildSnapshot({ ...profile, unitId: authority?.unitId ?? null }, { mode: 'own', headTitle: profile.headTitle, signerTitle: '', name: '' }, await this.membersNow(roundId));
  }

  // ---- who may do what ----------------------------------------------------------------

  /**
   * The round's documents (minutes, decision): those who manage the round (its organiser's
   * secretary, a unit administrator above it, the system administrator), and its council's
   * chair and secretary seats.
   */
  async assertDocuments(ctx: RequestContext, roundId: number): Promise<void> {
    const round = await this.rounds.findOne(roundId);
    if (await this.rounds.manages(ctx.user, round)) return;
    const seat = (await this.rounds.members(roundId)).find((m) => m.userId === ctx.user.id);
    if (seat && (seat.role === 'chair' || seat.role === 'secretary')) return;
    throw new ForbiddenException('Chỉ Chủ tịch, Thư ký hội đồng của đợt xét và người quản lý đợt xét được xem biên bản, quyết định của đợt xét.');
  }

  /** The user's seat on the round's council; 403 otherwise. */
  async seatOf(ctx: RequestContext, roundId: number): Promise<CouncilMember> {
    const seat = (await this.rounds.members(roundId)).find((m) => m.userId === ctx.user.id);
    if (!seat) throw new ForbiddenException('Bạn không phải thành viên hội đồng của đợt xét này.');
    return seat;
  }

  isSeated(ctx: RequestContext, roundId: number): Promise<boolean> {
    return this.rounds.isCouncilMember(roundId, ctx.user.id);
  }

  /**
   * The decision page and its forms (votes, decision, return): those who manage the
   * initiative's round; for a paper record, the system administrator alone. A refusal (403)
   * names nothing of the initiative.
   */
  async assertMayDecide(ctx: RequestContext, initiativeId: number): Promise<void> {
    const initiative = await this.initiatives.load(initiativeId);
    if (initiative.paperRecord && !isDistrictAdmin(ctx.user)) throw new ForbiddenException('Chỉ quản trị hệ thống được ghi quyết định của sáng kiến nhập từ hồ sơ giấy.');
    if (!(await this.managesRoundOf(ctx.user, initiative))) throw new ForbiddenException('Bạn chỉ ghi được quyết định của đợt xét do đơn vị mình tổ chức.');
  }

  /** Refuses (403, naming nothing of the initiative) a person who does not manage its round (the initiative by id, or as loaded). */
  async assertManagesRoundOf(ctx: RequestContext, initiative: number | Pick<Initiative, 'roundId'> & { round?: Round | null }): Promise<void> {
    const loaded = typeof initiative === 'number' ? await this.initiatives.load(initiative) : initiative;
    if (!(await this.managesRoundOf(ctx.user, loaded))) throw new ForbiddenException('Bạn chỉ xử lý được sáng kiến của đợt xét do đơn vị mình tổ chức.');
  }

  /** Whether this person manages the round of the initiative (one without a round: as a round without an organiser). */
  async managesRoundOf(user: Viewer | null | undefined, initiative: Pick<Initiative, 'roundId'> & { round?: Round | null }): Promise<boolean> {
    if (isSystemAdmin(user ?? undefined)) return true;
    const round = initiative.round ?? (initiative.roundId ? await this.rounds.find(initiative.roundId) : null);
    return this.rounds.manages(user, { organisingUnitId: round?.organisingUnitId ?? null });
  }

  /**
   * The levels a decision on this initiative may give, with the authority they follow: the
   * round's organiser; for a paper record, the authority the form names (any level is
   * offered until it is chosen, and checked on saving).
   */
  async levelsOn(initiative: Initiative, authorityUnitId: number | null = null, date: string | null = null): Promise<{ levels: RecognitionLevel[]; authority: Unit | null }> {
    const unitId = initiative.paperRecord ? (authorityUnitId ?? initiative.round?.organisingUnitId ?? null) : (initiative.round?.organisingUnitId ?? null);
    const authority = unitId ? await this.units.find(unitId) : null;
    return { levels: levelsFor(authority?.kind ?? null, { paper: initiative.paperRecord, date }), authority };
  }

  // ---- votes ---------------------------------------------------------------------------

  /** The member's ballot of a round: the initiatives on the council's table, with their vote or why they may not vote. */
  async ballot(ctx: RequestContext, roundId: number) {
    const seat = await this.seatOf(ctx, roundId);
    const council = await this.roundCouncil(roundId);
    const items = council.items.filter((x) => x.initiative.status === InitiativeStatus.UnderReview && !x.initiative.paperRecord);
    return { round: council.round, seat, items: items.map((x) => ({ ...x, mine: x.seats.find((s) => s.member.id === seat.id) as Seat })) };
  }

  /** A member votes on an initiative of the round (or changes their vote until the decision). */
  async castVote(ctx: RequestContext, roundId: number, initiativeId: number, vote: Vote): Promise<MemberVote> {
    return this.uow.run(async () => {
      this.uow.changes(); // a vote: nothing any cache holds
      await this.initiatives.lockForUpdate([initiativeId]);
      const seat = await this.seatOf(ctx, roundId);
      const initiative = await this.initiatives.load(initiativeId);
      if (initiative.roundId !== roundId) throw new NotFoundException('Sáng kiến không thuộc đợt xét này.');
      const item = (await this.roundCouncil(roundId)).items.find((x) => x.initiative.id === initiativeId);
      this.assertVoting(initiative);
      const mine = item?.seats.find((s) => s.member.id === seat.id);
      if (mine?.conflict) throw new BadRequestException(`Bạn không biểu quyết sáng kiến này vì xung đột lợi ích (${mine.conflict}).`);
      const saved = await this.putVote(initiative, seat, vote, 'member', ctx.user.id);
      await this.audit.log(ctx, { action: 'vote.cast', entityType: 'initiative', entityId: initiativeId, summary: `Biểu quyết sáng kiến ${initiative.code ?? ''}: ${VOTE_LABELS[vote]}` });
      return saved;
    });
  }

  /**
   * The secretary records members' votes from the meeting (votes["m<memberId>"]); an empty
   * choice ("— Chưa biểu quyết —") takes back a vote the secretary recorded by mistake. Votes
   * the members cast themselves stay as they are; a member in conflict cannot vote.
   */
  async recordVotes(ctx: RequestContext, initiativeId: number, input: Record<string, string>): Promise<number> {
    return this.uow.run(async () => {
      this.uow.changes(); // votes: nothing any cache holds
      await this.initiatives.lockForUpdate([initiativeId]);
      const initiative = await this.initiatives.load(initiativeId);
      this.assertVoting(initiative);
      const council = await this.councilOn(initiative);
      const seats = council?.item?.seats ?? [];
      if (seats.length === 0) throw new BadRequestException('Đợt xét chưa có hội đồng: chưa ghi được biểu quyết.');
      const errors: FieldErrors = {};
      const changes = this.voteChanges(seats, input, errors);
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      return this.applyVoteChanges(ctx, initiative, changes);
    });
  }

  /**
   * What the secretary's choices change (votes["m<memberId>"]): the votes to record, and
   * those to take back (a choice posted empty, "— Chưa biểu quyết —", takes back a vote the
   * secretary recorded by mistake; a seat missing from the form is left alone). Votes the
   * members cast themselves stay as they are; a member in conflict cannot vote. Refusals go
   * into `errors`, beside each choice.
   */
  private voteChanges(seats: Seat[], input: Record<string, unknown> | null | undefined, errors: FieldErrors): VoteChanges {
    const wanted: VoteChanges['wanted'] = [];
    const undone: VoteChanges['undone'] = [];
    for (const seat of seats) {
      const key = `m${seat.member.id}`;
      const raw = input?.[key];
      const given = typeof raw === 'string';
      const value = given ? raw.trim() : '';
      if (value === '') {
        if (given && !seat.conflict && seat.vote?.recordedBy === 'secretary') undone.push(seat as Seat & { vote: MemberVote });
        continue;
      }
      if (!isVote(value)) errors[`votes.${key}`] = 'Lựa chọn không hợp lệ.';
      else if (seat.conflict) errors[`votes.${key}`] = `${memberName(seat.member)} không biểu quyết vì xung đột lợi ích (${seat.conflict}).`;
      else if (seat.vote?.recordedBy !== 'member' && seat.vote?.vote !== value) wanted.push({ seat, vote: value });
    }
    return { wanted, undone };
  }

  /** Records the secretary's vote changes and audits them; the number of members whose vote changed. */
  private async applyVoteChanges(ctx: RequestContext, initiative: Initiative, { wanted, undone }: VoteChanges): Promise<number> {
    for (const { seat, vote } of wanted) await this.putVote(initiative, seat.member, vote, 'secretary', ctx.user.id);
    for (const seat of undone) await this.repo.deleteVote(seat.vote.id);
    const lines = [
      ...wanted.map((w) => `${memberName(w.seat.member)} — ${VOTE_LABELS[w.vote]}`),
      ...undone.map((seat) => `${memberName(seat.member)} — bỏ biểu quyết đã ghi (${VOTE_LABELS[seat.vote.vote]}), nay chưa biểu quyết`),
    ];
    if (lines.length) {
      await this.audit.log(ctx, {
        action: 'vote.record',
        entityType: 'initiative',
        entityId: initiative.id,
        summary: `Ghi biểu quyết theo biên bản họp cho sáng kiến ${initiative.code ?? ''}: ${lines.join('; ')}`,
      });
    }
    return lines.length;
  }

  private assertVoting(initiative: Initiative): void {
    if (initiative.paperRecord) throw new BadRequestException('Sáng kiến nhập từ hồ sơ giấy: số phiếu được nhập cùng quyết định, không biểu quyết trên hệ thống.');
    if (initiative.status !== InitiativeStatus.UnderReview) throw new BadRequestException('Sáng kiến không còn ở giai đoạn biểu quyết.');
  }

  private async putVote(initiative: Initiative, member: CouncilMember, vote: Vote, recordedBy: MemberVote['recordedBy'], userId: number): Promise<MemberVote> {
    const existing = await this.repo.voteOf(initiative.id, initiative.reviewCycle, member.id);
    const row = existing ?? new MemberVote({ initiativeId: initiative.id, memberId: member.id, cycle: initiative.reviewCycle });
    Object.assign(row, { vote, recordedBy, recordedById: userId });
    delete row.member;
    return this.repo.saveVote(row);
  }

  // ---- the decision ----------------------------------------------------------------------

  /**
   * Records the decision; the law is checked here: the round's share of the council's
   * members for (2/3 unless its vote rule says otherwise; counted from their votes), the
   * round's threshold met, reasons for a refusal. A
   * paper record takes its totals as typed from the files.
   */
  async decide(ctx: RequestContext, initiativeId: number, form: CheckedForm<DecisionDto>): Promise<Decision> {
    // Checked inside the unit of work: no sheet or vote can change meanwhile.
    return this.uow.run(async () => {
      this.uow.changes('initiatives');
      await this.initiatives.lockForUpdate([initiativeId]);
      const initiative = await this.initiatives.load(initiativeId);
      const paper = initiative.paperRecord;
      const open = paper ? [InitiativeStatus.Submitted, InitiativeStatus.UnderReview] : [InitiativeStatus.UnderReview];
      if (!open.includes(initiative.status)) throw new BadRequestException('Chỉ ra quyết định cho sáng kiến đang được hội đồng xét.');
      const dto = form.value;
      const errors: FieldErrors = { ...form.errors };
      let counts: Tally & { councilSize: number; meanTotal: number | null };
      // A paper record in a round with a council takes each member's vote from the paper minutes.
      const seatsOnPaper = paper ? await this.paperSeats(initiative) : [];
      let paperVotes: { seat: Seat; vote: Vote | null }[] = [];
      if (paper && seatsOnPaper.length) {
        paperVotes = this.typedVotes(seatsOnPaper, dto, errors);
        const cast = paperVotes.filter((c): c is { seat: Seat; vote: Vote } => c.vote !== null);
        counts = { ...tally(cast), councilSize: seatsOnPaper.length, meanTotal: this.typedMean(dto, errors) };
      } else if (paper) {
        counts = this.typedCounts(dto, errors);
      } else {
        const council = await this.councilOn(initiative);
        const size = council?.councilSize ?? 0;
        if (size === 0) {
          errors.outcome = initiative.roundId ? 'Đợt xét chưa có hội đồng: chưa thể ghi quyết định. Hãy lập hội đồng cho đợt xét trước.' : 'Sáng kiến chưa thuộc đợt xét nào: chưa thể ghi quyết định.';
          throw new FormInvalidException(errors);
        }
        // The votes chosen in the table above the decision's fields are posted with it and
        // recorded with it (nothing is recorded when the decision is refused): a secretary who
        // chose votes and pressed "Ghi quyết định" does not lose them.
        const seats = council?.item?.seats ?? [];
        const changes = this.voteChanges(seats, dto.votes, errors);
        const counted = changes.wanted.length || changes.undone.length ? seatsAfter(seats, changes) : seats;
        if (changes.wanted.length || changes.undone.length) await this.applyVoteChanges(ctx, initiative, changes);
        const cast = counted.filter((s) => !s.conflict).map((s) => s.vote).filter((v): v is MemberVote => v !== null);
        counts = { ...tally(cast), councilSize: size, meanTotal: council?.item?.stats?.mean ?? null };
      }
      if (!errors.outcome && !errors.votesFor && !errors.councilSize && (dto.outcome === 'recognized' || dto.outcome === 'not_recognized')) {
        const voteRule = voteRuleOf(initiative.round?.voteRule);
        const rule = decisionErrors({ outcome: dto.outcome, ...counts, threshold: initiative.round?.threshold ?? 0, reasons: dto.reasons ?? '', voteRule });
        if (!paper && rule.outcome && dto.outcome === 'recognized' && counts.votesFor < votesNeeded(counts.councilSize, voteRule)) {
          rule.outcome = `${rule.outcome} Hãy chọn biểu quyết của từng thành viên ở bảng trên.`;
        }
        for (const [k, v] of Object.entries(rule)) errors[k] ??= v;
      }
      if (!errors.date && dto.date > todayIso()) errors.date = 'Ngày quyết định không được ở tương lai.';
      const signing = signingOf(dto, errors);
      const authorityUnitId = await this.decidingAuthority(initiative, dto, errors);
      // The level follows the authority that decides: a commune's council, cấp cơ sở; the province's, cấp tỉnh.
      const allowed = await this.levelsOn(initiative, authorityUnitId, errors.date ? null : dto.date);
      if (dto.outcome === 'recognized') {
        if (!dto.level && allowed.levels.length === 1) dto.level = allowed.levels[0];
        if (!isLevel(dto.level)) errors.level = 'Vui lòng chọn phạm vi ảnh hưởng.';
        else if (!errors.authorityUnitId) {
          const refusal = levelRefusal(dto.level, allowed.levels, allowed.authority?.name ?? null);
          if (refusal) errors.level = refusal;
        }
      }
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      // What the documents of this decision print from now on, whatever changes after.
      const authority = await this.authorityOn(authorityUnitId, dto.date);
      const profile = authority ?? { ...defaultProfile(null), unitId: null };
      const snapshot = buildSnapshot({ ...profile, place: dto.place, unitId: authorityUnitId }, signing, await this.membersNow(initiative.roundId));

      const recognized = dto.outcome === 'recognized';
      const level = recognized ? (dto.level as RecognitionLevel) : null;
      const decision = await this.repo.save(
        new Decision({
          initiativeId,
          roundId: initiative.roundId,
          outcome: dto.outcome,
          level,
          votesFor: counts.votesFor,
          votesAgainst: counts.votesAgainst,
          votesAbstain: counts.votesAbstain,
          councilSize: counts.councilSize,
          meanTotal: counts.meanTotal,
          number: dto.number,
          date: dto.date,
          reasons: dto.reasons.trim(),
          place: dto.place,
          signerTitle: signatureLines(signing).join('\n'),
          signerName: signing.name,
          authorityUnitId,
          snapshot: JSON.stringify(snapshot),
          paperRecord: paper,
          decidedById: ctx.user.id,
        }),
      );
      if (initiative.status === InitiativeStatus.Submitted) {
        await this.initiatives.transition(ctx, initiativeId, InitiativeStatus.UnderReview, 'Nhập từ hồ sơ giấy: hội đồng đã xét');
      }
      // Each member's vote as the paper minutes give it, kept as the secretary's record of the meeting.
      for (const { seat, vote } of paperVotes) {
        if (vote) await this.putVote(initiative, seat.member, vote, 'secretary', ctx.user.id);
        else if (seat.vote) await this.repo.deleteVote(seat.vote.id);
      }
      await this.initiatives.transition(ctx, initiativeId, recognized ? InitiativeStatus.Recognized : InitiativeStatus.NotRecognized, `Quyết định ${dto.number}${paper ? ' (nhập từ hồ sơ giấy)' : ''}${recognized ? '' : `: ${dto.reasons.trim()}`}`, { level });
      if (!paper) {
        await this.notifications.tell(authorUserIds(initiative),
          'decision',
          // The decision it announces by number and date, and for a refusal the reason.
          decisionNoticeText({ title: initiative.title, outcome: recognized ? 'recognized' : 'not_recognized', number: dto.number, date: dto.date, level: level ? LEVEL_LABELS[level] : null, reasons: dto.reasons }),
          `/initiatives/${initiativeId}`,
        );
      }
      await this.audit.log(ctx, {
        action: 'initiative.decision',
        entityType: 'initiative',
        entityId: initiativeId,
        summary: `${recognized ? 'Công nhận' : 'Không công nhận'} sáng kiến ${initiative.code ?? ''} (quyết định ${dto.number}, ${counts.votesFor} trên ${counts.councilSize} thành viên đồng ý${paper ? ', nhập từ hồ sơ giấy' : ''})`,
      });
      return decision;
    });
  }

  /**
   * The unit whose authority decided: the round's organiser; for a paper record, the one the
   * form names (the round's organiser when it names none), never the initiative's own unit
   * by default. A unit decides only in its years.
   */
  private async decidingAuthority(initiative: Initiative, dto: DecisionDto, errors: FieldErrors): Promise<number | null> {
    const organiser = initiative.round?.organisingUnitId ?? null;
    if (!initiative.paperRecord) return organiser;
    const typed = (dto.authorityUnitId ?? '').trim();
    if (!typed) {
      if (!organiser) errors.authorityUnitId = 'Vui lòng chọn cơ quan ra quyết định.';
      return organiser;
    }
    const id = /^\d{1,9}$/.test(typed) ? Number(typed) : null;
    const unit = id ? await this.units.find(id) : null;
    if (!unit) {
      errors.authorityUnitId = 'Cơ quan ra quyết định không hợp lệ.';
      return null;
    }
    if (!errors.date && dto.date && ((unit.validTo && dto.date > unit.validTo) || (unit.validFrom && dto.date < unit.validFrom))) {
      const span = `${unit.validFrom ? `từ ${formatDate(unit.validFrom)} ` : ''}${unit.validTo ? `đến ${formatDate(unit.validTo)}` : ''}`.trim();
      errors.authorityUnitId = `${unit.name} chỉ hoạt động ${span}: không ra quyết định ngày ${formatDate(dto.date)}.`;
    }
    return unit.id;
  }

  /**
   * The council of a paper record's round, each seat with its conflict (an author, a colleague
   * when the round says so) and any vote recorded; empty without a round or a council.
   */
  async paperSeats(initiative: Initiative): Promise<Seat[]> {
    if (!initiative.paperRecord || !initiative.roundId) return [];
    const [round, members, votes] = await Promise.all([this.rounds.findOne(initiative.roundId), this.rounds.members(initiative.roundId), this.repo.votesOn([initiative.id])]);
    return members.map((member) => ({
      member,
      conflict: this.reviews.autoConflict(round, member, initiative),
      sheet: null,
      vote: votes.find((v) => v.cycle === initiative.reviewCycle && v.memberId === member.id) ?? null,
    }));
  }

  /** Each member's vote typed from the paper minutes, with a message beside a vote that cannot be taken. */
  private typedVotes(seats: Seat[], dto: DecisionDto, errors: FieldErrors): { seat: Seat; vote: Vote | null }[] {
    const input = dto.votes ?? {};
    return seats.map((seat) => {
      const key = `m${seat.member.id}`;
      const value = typeof input[key] === 'string' ? input[key].trim() : '';
      if (value === '') return { seat, vote: null };
      if (!isVote(value)) errors[`votes.${key}`] = 'Lựa chọn không hợp lệ.';
      else if (seat.conflict) errors[`votes.${key}`] = `${memberName(seat.member)} không biểu quyết vì xung đột lợi ích (${seat.conflict}).`;
      else return { seat, vote: value };
      return { seat, vote: null };
    });
  }

  /** The mean total typed from paper files (optional), with a message beside it when it cannot be read. */
  private typedMean(dto: DecisionDto, errors: FieldErrors): number | null {
    const meanTotal = parseNumberVi(dto.meanTotal);
    if (meanTotal !== null && (Number.isNaN(meanTotal) || meanTotal < 0 || meanTotal > 1000)) {
      errors.meanTotal = 'Điểm trung bình phải là một số không âm (ví dụ 85,5).';
      return null;
    }
    return meanTotal;
  }

  /** The totals typed from paper files, with a message beside each field that cannot be read. */
  private typedCounts(dto: DecisionDto, errors: FieldErrors): Tally & { councilSize: number; meanTotal: number | null } {
    const whole = (field: 'votesFor' | 'votesAgainst' | 'votesAbstain' | 'councilSize', label: string): number => {
      const n = parseNumberVi(dto[field]);
      if (n === null) errors[field] ??= `Vui lòng nhập ${label}.`;
      else if (!Number.isInteger(n) || n < 0) errors[field] ??= `${label.charAt(0).toUpperCase()}${label.slice(1)} phải là số nguyên không âm.`;
      return n !== null && Number.isInteger(n) && n >= 0 ? n : 0;
    };
    const counts = {
      votesFor: whole('votesFor', 'số phiếu đồng ý'),
      votesAgainst: whole('votesAgainst', 'số phiếu không đồng ý'),
      votesAbstain: whole('votesAbstain', 'số phiếu không biểu quyết'),
      councilSize: whole('councilSize', 'số thành viên hội đồng'),
      meanTotal: parseNumberVi(dto.meanTotal),
    };
    if (!errors.councilSize && counts.councilSize < 1) errors.councilSize = 'Hội đồng phải có ít nhất 1 thành viên.';
    if (counts.meanTotal !== null && (Number.isNaN(counts.meanTotal) || counts.meanTotal < 0 || counts.meanTotal > 1000)) {
      errors.meanTotal = 'Điểm trung bình phải là một số không âm (ví dụ 85,5).';
      counts.meanTotal = null;
    }
    return counts;
  }

  /** Back to the authors for revision: editable again; after resubmission, scored anew. */
  async returnForRevision(ctx: RequestContext, initiativeId: number, note: string): Promise<void> {
    await this.uow.run(async () => {
      this.uow.changes('initiatives');
      // Load for update, then the rule: the review cycle counts from the row as it is now.
      await this.initiatives.lockForUpdate([initiativeId]);
      const initiative = await this.initiatives.load(initiativeId);
      if (![InitiativeStatus.Submitted, InitiativeStatus.UnderReview].includes(initiative.status)) {
        throw new BadRequestException('Chỉ trả lại được sáng kiến đã nộp hoặc đang xét.');
      }
      await this.initiatives.transition(ctx, initiativeId, InitiativeStatus.Returned, note, { reviewCycle: initiative.reviewCycle + 1 });
      await this.notifications.tell(authorUserIds(initiative), 'returned', returnedNoticeText(initiative.title, note), `/initiatives/${initiativeId}`);
      await this.audit.log(ctx, { action: 'initiative.return', entityType: 'initiative', entityId: initiativeId, summary: `Trả lại sáng kiến ${initiative.code ?? ''} để bổ sung: ${note}` });
    });
  }

  /**
   * Initiatives of rounds whose decision is overdue (three months after submissions closed),
   * counting only decisions due after the round was entered, never paper records.
   */
  async overdue(ctx?: RequestContext): Promise<{ initiative: Initiative; due: string }[]> {
    const awaiting = await this.initiatives.awaitingDecision();
    // A person sees those of the rounds they manage: a commune's secretary, the commune's.
    const open: Initiative[] = [];
    for (const initiative of awaiting) if (!ctx || (await this.managesRoundOf(ctx.user, initiative))) open.push(initiative);
    const today = todayIso();
    return open
      .filter((initiative) => decisionOverdue(initiative, today))
      .map((initiative) => ({ initiative, due: decisionDue(initiative.round) as string }))
      .sort((a, b) => a.due.localeCompare(b.due));
  }

  // ---- the council's seats (ROUND_SCORES) ------------------------------------------------

  /** Votes do not freeze the criteria. */
  async scoresExist(): Promise<boolean> {
    return false;
  }

  /** Votes do lock the same-unit conflict rule: it decides who may vote. */
  votesExist(roundId: number): Promise<boolean> {
    return this.repo.roundHasVotes(roundId);
  }

  /** A seat that has voted stays on the council (its votes are in the minutes). */
  async unassignUnlessSubmitted(memberId: number): Promise<boolean> {
    return !(await this.repo.memberHasVotes(memberId));
  }
}

/** The signing the form describes; a form of before carries it in the title ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"). */
export function signingOf(dto: Pick<DecisionDto, 'signingMode' | 'headTitle' | 'signerTitle' | 'signerName'>, errors: FieldErrors): Signing {
  const mode = (dto.signingMode ?? '').trim();
  let signing: Signing;
  if (isSigningMode(mode)) signing = { mode, headTitle: dto.headTitle ?? '', signerTitle: dto.signerTitle ?? '', name: dto.signerName ?? '' };
  else if (mode) {
    errors.signingMode ??= 'Vui lòng chọn cách ký.';
    return { mode: 'own', headTitle: '', signerTitle: '', name: dto.signerName ?? '' };
  } else signing = signingFromTitle(dto.signerTitle || dto.headTitle || '', dto.signerName ?? '');
  for (const [k, v] of Object.entries(signingErrors(signing))) errors[k] ??= v;
  return { ...signing, headTitle: signing.headTitle.trim(), signerTitle: signing.signerTitle.trim(), name: signing.name.trim() };
}
