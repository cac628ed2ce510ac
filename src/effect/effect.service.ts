import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { defaultProfile } from '../authorities/authority-profile';
import { todayIso } from '../common/dates';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { formatMean } from '../common/numbers';
import { RequestContext } from '../common/request-context';
import { CheckedForm, parseNumberVi } from '../common/validation';
import { UnitOfWork } from '../database/unit-of-work';
import { tally } from '../decisions/council-rules';
import { buildSnapshot } from '../decisions/decision-snapshot';
import { DecisionsService, signingOf } from '../decisions/decisions.service';
import { normaliseCode } from '../decisions/duplicate-rules';
import { isVote, VOTE_LABELS } from '../decisions/member-vote.entity';
import { signatureLines } from '../decisions/signing';
import { authorUserIds } from '../initiatives/initiative-access';
import { Initiative } from '../initiatives/initiative.entity';
import { LEVEL_LABELS, RecognitionLevel } from '../initiatives/initiative-status';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AdoptionEvidence } from '../replication/adoption-evidence';
import { ReplicationService } from '../replication/replication.service';
import { aggregate, pointsErrors, Statistics } from '../reviews/scoring';
import { CouncilMember } from '../rounds/council-member.entity';
import { Criterion } from '../rounds/criterion.entity';
import { Round } from '../rounds/round.entity';
import { roundKindOf, scopeRuleOf } from '../rounds/round-kind';
import { RoundsService } from '../rounds/rounds.service';
import { voteRuleOf } from '../rounds/vote-rule';
import { UnitsService } from '../units/units.service';
import { EffectDecisionDto, EffectSheetDto } from './dto/effect.dto';
import { EffectItem, EffectSheet, EffectVote } from './effect-item.entity';
import { effectDecisionErrors, itemRefusal, scopesFor, scopeWords } from './effect-rules';
import { EffectRepository } from './effect.repository';

/** One seat of the council as it stands on one item. */
export interface EffectSeat {
  member: CouncilMember;
  /** Why this member may not judge the item (an author; a colleague when the round says so), or null. */
  conflict: string | null;
  /** The council's secretary keeps the record: no sheet. */
  scores: boolean;
  sheet: EffectSheet | null;
  vote: EffectVote | null;
}

/** An item with the council's work on it. */
export interface EffectWork {
  item: EffectItem;
  round: Round;
  initiative: Initiative;
  criteria: Criterion[];
  seats: EffectSeat[];
  stats: Statistics;
  councilSize: number;
}

/**
 * Rounds of effect and scope of influence ("xét công nhận hiệu quả áp dụng, phạm vi ảnh
 * hưởng"): their items are recognised initiatives, each shown with the adoption evidence
 * gathered from every programme and the scope the round's rule proposes; the council scores
 * (the round's criteria) and votes (its vote rule), and the decision records the scope
 * recognised, with the evidence of that day for its documents. Managed by those who manage
 * the round; scored by its members.
 */
@Injectable()
export class EffectService {
  constructor(
    private readonly repo: EffectRepository,
    private readonly uow: UnitOfWork,
    private readonly rounds: RoundsService,
    private readonly initiatives: InitiativesService,
    private readonly replication: ReplicationService,
    private readonly decisions: DecisionsService,
    private readonly units: UnitsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  // ---- who may do what ----------------------------------------------------------------

  /** Refuses (403, naming nothing of it) a person who does not manage the item's round. */
  async assertManages(ctx: RequestContext, itemId: number): Promise<void> {
    const item = await this.repo.load(itemId);
    await this.rounds.assertManages(ctx, item.roundId);
  }

  /** Refuses (403) a person who neither manages the item's round nor sits on its council. */
  async assertSees(ctx: RequestContext, itemId: number): Promise<void> {
    const item = await this.repo.load(itemId);
    await this.rounds.assertSees(ctx, item.roundId);
  }

  // ---- reads --------------------------------------------------------------------------

  items(roundId: number): Promise<EffectItem[]> {
    return this.repo.ofRound(roundId);
  }

  /** Items of these initiatives in every round (their effect decisions), latest first. */
  ofInitiatives(initiativeIds: number[]): Promise<EffectItem[]> {
    return this.repo.ofInitiatives(initiativeIds);
  }

  /** The items this person is to score (the home page's list). */
  awaitingSheetsOf(userId: number): Promise<EffectItem[]> {
    return this.repo.awaitingSheetsOf(userId);
  }

  countInRound(roundId: number): Promise<number> {
    return this.repo.countInRound(roundId);
  }

  sheetsExistInRound(roundId: number): Promise<boolean> {
    return this.repo.sheetsExistInRound(roundId);
  }

  votesExistInRound(roundId: number): Promise<boolean> {
    return this.repo.votesExistInRound(roundId);
  }

  /** A seat leaves the council with its draft sheets, unless it submitted a sheet or has a vote (false then). */
  async unassignUnlessSubmitted(memberId: number): Promise<boolean> {
    if (await this.repo.memberHasWork(memberId)) return false;
    await this.repo.deleteDraftSheetsOf(memberId);
    return true;
  }

  /** The council's work on the items of a round, one reading each (the round page's table). */
  async workOfRound(roundId: number): Promise<{ item: EffectItem; sheets: number; votes: number }[]> {
    const items = await this.repo.ofRound(roundId);
    const ids = items.map((i) => i.id);
    const [sheets, votes] = await Promise.all([this.repo.sheets(ids), this.repo.votes(ids)]);
    return items.map((item) => ({ item, sheets: sheets.filter((s) => s.itemId === item.id && s.status === 'submitted').length, votes: votes.filter((v) => v.itemId === item.id).length }));
  }

  /**
   * The sheets still awaited in a round being scored, by the user who owes them: each
   * undecided item, each seat that scores (not the secretary's, not one in conflict) without
   * its sheet sent. Empty for a round not being scored.
   */
  async missingSheets(round: Round): Promise<Map<number, number>> {
    const left = new Map<number, number>();
    if (round.status !== 'evaluating') return left;
    // One reading of each table for the whole round, not one per item.
    const items = (await this.repo.ofRound(round.id)).filter((i) => !i.outcome);
    const ids = items.map((i) => i.id);
    const [members, sheets] = await Promise.all([this.rounds.members(round.id), this.repo.sheets(ids)]);
    for (const item of items) {
      const seats = this.seatsOf(round, members, item.initiative as Initiative, sheets.filter((s) => s.itemId === item.id), []);
      for (const s of seats) if (s.scores && !s.conflict && s.sheet?.status !== 'submitted') left.set(s.member.userId, (left.get(s.member.userId) ?? 0) + 1);
    }
    return left;
  }

  /**
   * Reminds each member who still owes sheets in this round being scored: one notice (and
   * e-mail) each, with the count, pointing to their home page's list; audited. How many.
   */
  remindMissingSheets(ctx: RequestContext, round: Round): Promise<number> {
    return this.uow.run(async () => {
      this.uow.changes(); // notices and an audit entry: nothing any cache holds
      const left = await this.missingSheets(round);
      for (const [userId, n] of left) await this.notifications.tell([userId], 'review-reminder', `Đợt xét "${round.name}": bạn còn ${n} phiếu chấm hiệu quả áp dụng chưa nộp.`, '/');
      if (left.size) await this.audit.log(ctx, { action: 'round.remind-members', entityType: 'round', entityId: round.id, summary: `Nhắc ${left.size} thành viên hội đồng chưa nộp phiếu chấm của đợt xét "${round.name}"` });
      return left.size;
    });
  }

  /** Everything the item's page shows of the council's work (its evidence apart: see evidenceOf). */
  async work(itemId: number): Promise<EffectWork> {
    const item = await this.repo.load(itemId);
    const round = item.round as Round;
    const initiative = item.initiative as Initiative;
    const [criteria, members, sheets, votes] = await Promise.all([this.rounds.criteria(round.id), this.rounds.members(round.id), this.repo.sheets([itemId]), this.repo.votes([itemId])]);
    const seats = this.seatsOf(round, members, initiative, sheets, votes);
    const stats = this.statsOf(round, criteria, seats);
    return { item, round, initiative, criteria, seats, stats, councilSize: members.length };
  }

  /** The evidence kept with the item's decision, or today's from every programme (for its page and documents; the writes never need it). */
  async evidenceOf(work: Pick<EffectWork, 'item' | 'round' | 'initiative'>): Promise<AdoptionEvidence> {
    return work.item.evidence ? (JSON.parse(work.item.evidence) as AdoptionEvidence) : this.replication.evidenceOf(work.initiative.id, scopeRuleOf(work.round));
  }

  /** Each seat of the council on one item: its conflict, whether it scores, its sheet and vote. */
  private seatsOf(round: Round, members: CouncilMember[], initiative: Initiative, sheets: EffectSheet[], votes: EffectVote[]): EffectSeat[] {
    return members.map((member) => {
      const sheet = sheets.find((s) => s.memberId === member.id) ?? null;
      return {
        member,
        conflict: this.conflictOf(round, member, initiative, sheet ?? undefined),
        scores: member.role !== 'secretary',
        sheet,
        vote: votes.find((v) => v.memberId === member.id) ?? null,
      };
    });
  }

  private conflictOf(round: Round, member: CouncilMember, initiative: Initiative, sheet?: EffectSheet): string | null {
    if ((initiative.authors ?? []).some((a) => a.userId === member.userId)) return 'Là tác giả của sáng kiến';
    if (sheet?.conflictReason) return `Tự khai: ${sheet.conflictReason}`;
    if (round.conflictSameUnit && member.user && member.user.unitId === initiative.unitId) return 'Cùng đơn vị với tác giả';
    return null;
  }

  private statsOf(round: Round, criteria: Criterion[], seats: EffectSeat[]): Statistics {
    const submitted = seats.filter((s) => s.sheet?.status === 'submitted');
    return aggregate(
      criteria,
      submitted.map((s) => ({ memberId: s.member.id, points: pointsById(s.sheet?.points), conflict: Boolean(s.conflict) })),
      round.threshold,
    );
  }

  // ---- items --------------------------------------------------------------------------

  /**
   * Adds a recognised initiative to a round of effect and scope, by its code (typed as people
   * type it: sk-2022-5): one within the organiser's units (those it took over included), once
   * per round, while the round is not closed. The scope its evidence proposes today is kept.
   */
  async add(ctx: RequestContext, roundId: number, typed: string): Promise<EffectItem> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      await this.rounds.lockForUpdate([roundId]);
      const round = await this.rounds.findOne(roundId);
      if (!(await this.rounds.manages(ctx.user, round))) throw new ForbiddenException('Bạn chỉ quản lý được đợt xét do đơn vị mình tổ chức.');
      if (roundKindOf(round.kind) !== 'effect') throw new BadRequestException('Chỉ đợt xét hiệu quả áp dụng, phạm vi ảnh hưởng mới nhận sáng kiến đã được công nhận.');
      if (round.status === 'closed') throw new FormInvalidException({ code: 'Đợt xét đã kết thúc: không thêm sáng kiến được nữa.' });
      const code = normaliseCode(typed);
      const initiative = code ? await this.initiatives.byCode(code) : null;
      const already = initiative ? await this.repo.exists(roundId, initiative.id) : false;
      const inReach = initiative ? await this.inReach(round, initiative.unitId) : false;
      // Still waiting in another round of effect and scope: one decision at a time.
      const pending = initiative ? (await this.repo.ofInitiatives([initiative.id])).find((i) => i.roundId !== roundId && !i.outcome && i.round?.status !== 'closed') : undefined;
      const refusal = itemRefusal(initiative, typed, already, inReach, pending?.round?.name ?? null);
      if (refusal || !initiative) throw new FormInvalidException({ code: refusal ?? '' });
      const evidence = await this.replication.evidenceOf(initiative.id, scopeRuleOf(round));
      const item = await this.repo.save(new EffectItem({ roundId, initiativeId: initiative.id, proposedLevel: evidence.proposal.level, proposalReason: evidence.proposal.reason }));
      await this.audit.log(ctx, {
        action: 'effect.add',
        entityType: 'round',
        entityId: roundId,
        summary: `Đưa sáng kiến ${initiative.code ?? ''} "${initiative.title}" vào đợt xét "${round.name}"; đề xuất: ${evidence.proposal.level ? LEVEL_LABELS[evidence.proposal.level] : 'chưa có'}`,
      });
      return item;
    });
  }

  /** The organiser's units (with those it took over); any unit for a round without an organiser. */
  private async inReach(round: Round, unitId: number): Promise<boolean> {
    if (!round.organisingUnitId) return true;
    if ((await this.units.scopeIds(round.organisingUnitId)).has(unitId)) return true;
    return (await this.units.archiveOf(round.organisingUnitId)).includes(unitId);
  }

  /** Takes an item out of its round while nobody has scored or voted on it. */
  async remove(ctx: RequestContext, itemId: number): Promise<EffectItem> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      await this.repo.lockForUpdate([itemId]);
      const item = await this.repo.load(itemId);
      await this.rounds.assertManages(ctx, item.roundId);
      if (item.outcome) throw new BadRequestException('Sáng kiến đã có quyết định trong đợt xét này: không bỏ ra được.');
      const [sheets, votes] = await Promise.all([this.repo.sheets([itemId]), this.repo.votes([itemId])]);
      if (sheets.some((s) => s.status === 'submitted') || votes.length) throw new BadRequestException('Hội đồng đã chấm hoặc biểu quyết sáng kiến này: không bỏ ra khỏi đợt xét được.');
      await this.repo.delete(itemId);
      await this.audit.log(ctx, { action: 'effect.remove', entityType: 'round', entityId: item.roundId, summary: `Bỏ sáng kiến ${item.initiative?.code ?? ''} khỏi đợt xét "${item.round?.name ?? ''}"` });
      return item;
    });
  }

  // ---- the council's work -----------------------------------------------------------------

  /** Refuses work on an item that is decided, or in a round not being scored. */
  private assertOpen(item: EffectItem): void {
    if (item.outcome) throw new BadRequestException('Sáng kiến đã có quyết định trong đợt xét này.');
    if (item.round?.status !== 'evaluating') throw new BadRequestException('Đợt xét chưa ở bước "Đang chấm" (hoặc đã kết thúc): chưa chấm, biểu quyết hay ra quyết định được.');
  }

  /** A member's sheet on an item: saved as a draft, or submitted (every criterion scored). */
  async saveSheet(ctx: RequestContext, itemId: number, dto: EffectSheetDto): Promise<EffectSheet> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      await this.repo.lockForUpdate([itemId]);
      const work = await this.work(itemId);
      const seat = work.seats.find((s) => s.member.userId === ctx.user.id && s.scores);
      if (!seat) throw new ForbiddenException('Bạn không chấm sáng kiến này: chỉ thành viên hội đồng của đợt xét chấm điểm.');
      if (seat.conflict) throw new BadRequestException(`Bạn ở tình trạng xung đột lợi ích với sáng kiến này (${seat.conflict.toLowerCase()}) nên không chấm điểm.`);
      this.assertOpen(work.item);
      if (seat.sheet?.status === 'submitted') throw new BadRequestException('Phiếu chấm đã nộp.');
      const submit = dto.submit === '1';
      const points: Record<number, number | null> = {};
      for (const c of work.criteria) {
        const raw = dto.points?.[`c${c.id}`];
        points[c.id] = parseNumberVi(typeof raw === 'string' ? raw : undefined);
      }
      const errors: FieldErrors = {};
      for (const [id, message] of Object.entries(pointsErrors(work.criteria, points, submit))) errors[`points.c${id}`] = message;
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      const sheet = seat.sheet ?? new EffectSheet({ itemId, memberId: seat.member.id });
      sheet.points = points;
      sheet.comment = (dto.comment ?? '').trim();
      sheet.status = submit ? 'submitted' : 'draft';
      sheet.submittedAt = submit ? new Date() : null;
      const saved = await this.repo.saveSheet(sheet);
      if (submit) await this.audit.log(ctx, { action: 'effect.sheet', entityType: 'initiative', entityId: work.initiative.id, summary: `Nộp phiếu chấm hiệu quả áp dụng sáng kiến ${work.initiative.code ?? ''} (đợt "${work.round.name}")` });
      return saved;
    });
  }

  /**
   * A member declares a conflict of interest on an item (with the reason), before its
   * decision: they no longer score nor vote on it (a sheet sent and a vote cast no longer count).
   */
  async declareConflict(ctx: RequestContext, itemId: number, reason: string): Promise<void> {
    const why = reason.trim();
    if (!why) throw new FormInvalidException({ conflictReason: 'Vui lòng nêu lý do xung đột lợi ích.' });
    await this.uow.run(async () => {
      this.uow.changes('rounds');
      await this.repo.lockForUpdate([itemId]);
      const work = await this.work(itemId);
      const seat = work.seats.find((s) => s.member.userId === ctx.user.id);
      if (!seat) throw new ForbiddenException('Bạn không ngồi trong hội đồng của đợt xét này.');
      if (work.item.outcome) throw new BadRequestException('Sáng kiến đã có quyết định trong đợt xét này.');
      if (seat.conflict) throw new BadRequestException(`Bạn đã ở tình trạng xung đột lợi ích với sáng kiến này (${seat.conflict.toLowerCase()}).`);
      const sheet = seat.sheet ?? new EffectSheet({ itemId, memberId: seat.member.id, points: {}, comment: '', status: 'draft', submittedAt: null });
      sheet.conflictReason = why.slice(0, 2000);
      await this.repo.saveSheet(sheet);
      if (seat.vote) await this.repo.deleteVote(seat.vote.id);
      await this.audit.log(ctx, { action: 'effect.conflict', entityType: 'initiative', entityId: work.initiative.id, summary: `Tự khai xung đột lợi ích khi xét hiệu quả áp dụng sáng kiến ${work.initiative.code ?? ''}: ${why}` });
    });
  }

  /** The secretary records the members' votes from the meeting; the number of votes changed. */
  async recordVotes(ctx: RequestContext, itemId: number, posted: Record<string, string>): Promise<number> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      await this.repo.lockForUpdate([itemId]);
      const work = await this.work(itemId);
      await this.rounds.assertManages(ctx, work.round.id);
      this.assertOpen(work.item);
      const errors: FieldErrors = {};
      const changed = await this.applyVotes(ctx, work, posted, errors);
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      if (changed) await this.audit.log(ctx, { action: 'effect.votes', entityType: 'initiative', entityId: work.initiative.id, summary: `Ghi biểu quyết của ${changed} thành viên về hiệu quả áp dụng sáng kiến ${work.initiative.code ?? ''} theo biên bản họp` });
      return changed;
    });
  }

  /** A member votes on an item (or changes their vote until the decision); the secretary's record then leaves it as cast. */
  async castVote(ctx: RequestContext, itemId: number, vote: string): Promise<EffectVote> {
    return this.uow.run(async () => {
      this.uow.changes('rounds');
      await this.repo.lockForUpdate([itemId]);
      const work = await this.work(itemId);
      const seat = work.seats.find((s) => s.member.userId === ctx.user.id);
      if (!seat) throw new ForbiddenException('Bạn không ngồi trong hội đồng của đợt xét này.');
      if (seat.conflict) throw new BadRequestException(`Bạn ở tình trạng xung đột lợi ích với sáng kiến này (${seat.conflict.toLowerCase()}) nên không biểu quyết.`);
      this.assertOpen(work.item);
      if (!isVote(vote)) throw new FormInvalidException({ vote: 'Vui lòng chọn biểu quyết của bạn.' });
      const saved = await this.repo.saveVote(Object.assign(seat.vote ?? new EffectVote({ itemId, memberId: seat.member.id }), { vote, recordedBy: 'member', recordedById: ctx.user.id }));
      await this.audit.log(ctx, { action: 'effect.ballot', entityType: 'initiative', entityId: work.initiative.id, summary: `Biểu quyết "${VOTE_LABELS[vote]}" về hiệu quả áp dụng sáng kiến ${work.initiative.code ?? ''} (đợt "${work.round.name}")` });
      return saved;
    });
  }

  /**
   * Puts the posted votes on record (votes[m<memberId>]: for | against | abstain, or '' for
   * none) and returns how many changed; a member in conflict has no vote. Each seat's vote is
   * updated in `work` so that the tally that follows counts them.
   */
  private async applyVotes(ctx: RequestContext, work: EffectWork, posted: Record<string, string>, errors: FieldErrors): Promise<number> {
    let changed = 0;
    for (const seat of work.seats) {
      const key = `m${seat.member.id}`;
      if (!(key in posted)) continue;
      const value = posted[key].trim();
      if (value !== '' && !isVote(value)) {
        errors[`votes.${key}`] = 'Lựa chọn không hợp lệ.';
        continue;
      }
      if (value !== '' && seat.conflict) {
        errors[`votes.${key}`] = `${seat.member.user?.fullName ?? 'Thành viên'} có xung đột lợi ích (${seat.conflict.toLowerCase()}) nên không biểu quyết.`;
        continue;
      }
      if ((seat.vote?.vote ?? '') === value) continue;
      if (seat.vote?.recordedBy === 'member') {
        errors[`votes.${key}`] = `${seat.member.user?.fullName ?? 'Thành viên'} đã tự biểu quyết "${VOTE_LABELS[seat.vote.vote]}": thư ký không ghi đè.`;
        continue;
      }
      changed++;
      if (value === '') {
        if (seat.vote) await this.repo.deleteVote(seat.vote.id);
        seat.vote = null;
      } else if (isVote(value)) {
        const vote = seat.vote ?? new EffectVote({ itemId: work.item.id, memberId: seat.member.id });
        Object.assign(vote, { vote: value, recordedBy: 'secretary', recordedById: ctx.user.id });
        seat.vote = await this.repo.saveVote(vote);
      }
    }
    return changed;
  }

  /**
   * The council's decision on an item, with the votes chosen above it (recorded with it; a
   * refused decision records neither). Checked inside the unit of work: no sheet or vote
   * changes meanwhile. The evidence of today and what the documents print are kept with it.
   */
  async decide(ctx: RequestContext, itemId: number, form: CheckedForm<EffectDecisionDto>): Promise<EffectItem> {
    return this.uow.run(async () => {
      this.uow.changes('rounds', 'initiatives');
      await this.repo.lockForUpdate([itemId]);
      const work = await this.work(itemId);
      const { item, round, initiative } = work;
      await this.rounds.assertManages(ctx, round.id);
      this.assertOpen(item);
      const dto = form.value;
      const errors: FieldErrors = { ...form.errors };
      if (work.councilSize === 0) throw new FormInvalidException({ outcome: 'Đợt xét chưa có hội đồng: chưa thể ghi quyết định. Hãy lập hội đồng cho đợt xét trước.' });
      await this.applyVotes(ctx, work, dto.votes ?? {}, errors);
      const counts = tally(work.seats.filter((s) => !s.conflict && s.vote).map((s) => s.vote as EffectVote));
      const stats = this.statsOf(round, work.criteria, work.seats);
      const organiser = await this.decisions.organiser(round);
      if (!errors.outcome && !errors.votesFor) {
        const rule = effectDecisionErrors({
          outcome: dto.outcome,
          level: dto.level ?? '',
          scopeEvidence: dto.scopeEvidence ?? '',
          reasons: dto.reasons ?? '',
          ...counts,
          councilSize: work.councilSize,
          meanTotal: stats.mean,
          threshold: round.threshold,
          voteRule: voteRuleOf(round.voteRule),
          allowed: scopesFor(organiser?.kind),
        });
        for (const [k, v] of Object.entries(rule)) errors[k] ??= v;
      }
      if (!errors.date && dto.date > todayIso()) errors.date = 'Ngày quyết định không được ở tương lai.';
      const signing = signingOf(dto, errors);
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      const authority = await this.decisions.authorityOn(round.organisingUnitId, dto.date);
      const profile = authority ?? { ...defaultProfile(organiser), unitId: null };
      const snapshot = buildSnapshot({ ...profile, place: dto.place, unitId: round.organisingUnitId }, signing, await this.decisions.membersNow(round.id));
      // The evidence the council had before it, kept for the documents whatever is reported after.
      const evidence = await this.replication.evidenceOf(initiative.id, scopeRuleOf(round));
      const recognized = dto.outcome === 'recognized';
      const level = recognized ? (dto.level as RecognitionLevel) : null;
      Object.assign(item, {
        outcome: dto.outcome,
        level,
        scopeEvidence: level === RecognitionLevel.National ? (dto.scopeEvidence ?? '').trim() : '',
        votesFor: counts.votesFor,
        votesAgainst: counts.votesAgainst,
        votesAbstain: counts.votesAbstain,
        councilSize: work.councilSize,
        meanTotal: stats.mean,
        number: dto.number,
        date: dto.date,
        place: dto.place,
        reasons: (dto.reasons ?? '').trim(),
        signerTitle: signatureLines(signing).join('\n'),
        signerName: signing.name,
        authorityUnitId: round.organisingUnitId,
        evidence: JSON.stringify(evidence),
        snapshot: JSON.stringify(snapshot),
        decidedById: ctx.user.id,
        decidedAt: new Date(),
      });
      delete item.round;
      delete item.initiative;
      const saved = await this.repo.save(item);
      const said = recognized
        ? `Hội đồng đã công nhận hiệu quả áp dụng của sáng kiến "${initiative.title}", phạm vi ảnh hưởng ${scopeWords(level)} (quyết định ${dto.number}).`
        : `Hội đồng không công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến "${initiative.title}" (quyết định ${dto.number}). Lý do: ${(dto.reasons ?? '').trim()}`;
      await this.notifications.tell(authorUserIds(initiative), 'effect-decision', said, `/initiatives/${initiative.id}`);
      await this.audit.log(ctx, {
        action: 'effect.decision',
        entityType: 'initiative',
        entityId: initiative.id,
        summary: `${recognized ? `Công nhận hiệu quả áp dụng, phạm vi ảnh hưởng ${scopeWords(level)}` : 'Không công nhận hiệu quả áp dụng'} của sáng kiến ${initiative.code ?? ''} (quyết định ${dto.number}, ${counts.votesFor} trên ${work.councilSize} thành viên đồng ý${stats.mean !== null ? `, điểm trung bình ${formatMean(stats.mean)}` : ''})`,
      });
      return saved;
    });
  }
}

/** A sheet's points keyed by criterion id (numbers), as the scoring rules read them. */
export function pointsById(points: Record<string, number | null> | null | undefined): Record<number, number | null> {
  const out: Record<number, number | null> = {};
  for (const [k, v] of Object.entries(points ?? {})) out[Number(k)] = typeof v === 'number' ? v : null;
  return out;
}

/** A vote's label ("Đồng ý"), or '' for none. */
export function voteLabel(vote: EffectVote | null | undefined): string {
  return vote ? VOTE_LABELS[vote.vote] : '';
}
