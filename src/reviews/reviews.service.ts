import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { hasAnyRole } from '../common/access';
import { Contributes, ROUND_SCORES, RoundScoresContribution } from '../common/extensions';
import { EntityNotFound, FieldErrors, FormInvalidException } from '../common/exceptions';
import { parseNumberVi } from '../common/validation';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeStatus } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { CouncilMember } from '../rounds/council-member.entity';
import { Criterion } from '../rounds/criterion.entity';
import { Round } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { Role } from '../users/roles';
import { Assignment } from './assignment.entity';
import { CouncilNote } from './council-note.entity';
import { Review } from './review.entity';
import { ReviewsRepository } from './reviews.repository';
import { aggregate, CriterionRule, pointsErrors, Sheet, Statistics } from './scoring';
import { RequestContext } from '../common/request-context';

/** Initiatives that can be scored in a round. */
const SCORABLE = [InitiativeStatus.Submitted, InitiativeStatus.UnderReview];

export interface SheetInput {
  points: Record<string, string>;
  comments: Record<string, string>;
  overallComment: string;
}

export interface ResultRow {
  initiative: Initiative;
  stats: Statistics;
  sheets: { assignment: Assignment; review: Review | null }[];
}

const rule = (c: Criterion): CriterionRule => ({ id: c.id, name: c.name, maxPoints: c.maxPoints, weight: c.weight });

@Injectable()
@Contributes(ROUND_SCORES)
export class ReviewsService implements RoundScoresContribution {
  constructor(
    private readonly repo: ReviewsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly rounds: RoundsService,
    private readonly initiatives: InitiativesService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Whether any sheet (even a draft) exists in the round: its criteria are then frozen. */
  scoresExist(roundId: number): Promise<boolean> {
    return this.repo.sheetsExistInRound(roundId);
  }

  /**
   * A seat leaves the council with its assignments, unless it has submitted a sheet (the
   * scores stay on record); false then. Checked under the locks a sheet's save takes.
   */
  async unassignUnlessSubmitted(memberId: number): Promise<boolean> {
    const assignments = await this.repo.ofMember(memberId);
    await this.initiatives.lockForUpdate(assignments.map((a) => a.initiativeId));
    await this.repo.lockAssignments(assignments.map((a) => a.id));
    if (await this.repo.submittedByMember(memberId)) return false;
    await this.repo.deleteAssignmentsOf(memberId);
    return true;
  }

  /**
   * Locks what a sheet's save reads, initiative first then assignment (the decision locks the
   * initiative): a decision never counts sheets that are changing, nor a sheet lands after it.
   */
  private async lockSheet(assignmentId: number): Promise<void> {
    const a = await this.repo.assignmentOrFail(assignmentId);
    await this.initiatives.lockForUpdate([a.initiativeId]);
    await this.repo.lockAssignments([assignmentId]);
  }

  // ---- assignments (the secretary) ----------------------------------------------

  /** Initiatives of the round open to scoring, its council, and who is assigned to what. */
  async matrix(roundId: number) {
    const [round, seats, initiatives, assignments] = await Promise.all([
      this.rounds.findOne(roundId),
      this.rounds.members(roundId),
      this.initiatives.inRound(roundId, SCORABLE),
      this.repo.ofRound(roundId),
    ]);
    const members = seats.filter((x) => x.role !== 'secretary');
    return { round, members, initiatives, assignments };
  }

  /**
   * Saves the matrix: checked cells become assignments (conflicts marked automatically),
   * unchecked ones are removed unless the member has already submitted a sheet.
   */
  async saveMatrix(ctx: RequestContext, roundId: number, cells: Record<string, number[]>): Promise<{ added: number; removed: number; kept: string[] }> {
    // Permission before anything of the round is read or checked (a refusal names nothing of it).
    await this.rounds.assertManages(ctx, roundId);
    return this.uow.run(async () => {
      this.uow.changes('initiatives'); // assigned ones go under review
      const round = await this.rounds.findOne(roundId);
      if (round.status === 'closed') throw new BadRequestException('Đợt xét đã kết thúc: không phân công được nữa.');
      // The secretary's seat does not score: it sees every statistic.
      const members = (await this.rounds.members(roundId)).filter((x) => x.role !== 'secretary');
      const initiatives = await this.initiatives.inRound(roundId, SCORABLE);
      // Locked in the order initiative → assignment (as every writer takes them), so that a
      // sheet submitted meanwhile is seen before its assignment could be removed.
      await this.initiatives.lockForUpdate(initiatives.map((i) => i.id));
      const existing = await this.repo.ofRound(roundId);
      await this.repo.lockAssignments(existing.map((a) => a.id));
      const memberIds = new Set(members.map((x) => x.id));
      const wanted = new Set<string>();
      for (const i of initiatives) for (const memberId of cells[String(i.id)] ?? []) if (memberIds.has(memberId)) wanted.add(`${i.id}:${memberId}`);

      let added = 0;
      const kept: string[] = [];
      const newlyAssigned = new Map<number, number>();
      for (const i of initiatives) {
        for (const member of members) {
          const key = `${i.id}:${member.id}`;
          const current = existing.find((a) => a.initiativeId === i.id && a.memberId === member.id);
          if (wanted.has(key) && !current) {
            const reason = this.autoConflict(round, member, i);
            await this.repo.saveAssignment(new Assignment({ roundId, initiativeId: i.id, memberId: member.id, conflict: Boolean(reason), conflictAuto: Boolean(reason), conflictReason: reason ?? '' }));
            newlyAssigned.set(member.userId, (newlyAssigned.get(member.userId) ?? 0) + 1);
            added++;
          }
        }
      }
      let removed = 0;
      for (const a of existing) {
        if (wanted.has(`${a.initiativeId}:${a.memberId}`) || !initiatives.some((i) => i.id === a.initiativeId)) continue;
        const submitted = await this.repo.submittedExists(a.id);
        if (submitted) {
          const member = members.find((x) => x.id === a.memberId);
          kept.push(`${member?.user?.fullName ?? ''} — ${initiatives.find((i) => i.id === a.initiativeId)?.code ?? ''}`);
          continue;
        }
        await this.repo.deleteAssignment(a.id);
        removed++;
      }
      // Assigned initiatives are now under review.
      const assignedIds = new Set([...wanted].map((k) => Number(k.split(':')[0])));
      for (const i of initiatives) {
        if (i.status === InitiativeStatus.Submitted && assignedIds.has(i.id)) {
          await this.initiatives.transition(ctx, i.id, InitiativeStatus.UnderReview, `Hội đồng "${round.name}" đưa vào xét`);
        }
      }
      for (const [userId, n] of newlyAssigned) {
        await this.notifications.tell([userId], 'assignment', `Bạn được giao chấm ${n} sáng kiến trong "${round.name}".`, '/reviews');
      }
      if (added || removed) {
        await this.audit.log(ctx, { action: 'round.assignments', entityType: 'round', entityId: roundId, summary: `Phân công chấm "${round.name}": thêm ${added}, bỏ ${removed}` });
      }
      return { added, removed, kept };
    });
  }

  /** Every member to every initiative of the round. */
  async assignAll(ctx: RequestContext, roundId: number) {
    await this.rounds.assertManages(ctx, roundId);
    const { members, initiatives } = await this.matrix(roundId);
    const cells = Object.fromEntries(initiatives.map((i) => [String(i.id), members.map((x) => x.id)]));
    return this.saveMatrix(ctx, roundId, cells);
  }

  /** Why a member may not judge an initiative, or null. */
  autoConflict(round: Round, member: CouncilMember, initiative: Initiative): string | null {
    if ((initiative.authors ?? []).some((a) => a.userId === member.userId)) return 'Là tác giả của sáng kiến';
    if (round.conflictSameUnit && member.user && member.user.unitId === initiative.unitId) return 'Cùng đơn vị với tác giả';
    return null;
  }

  // ---- the member's side --------------------------------------------------------

  /** My assignments, with the state of my current sheet, by round. */
  async mine(ctx: RequestContext) {
    const assignments = await this.repo.ofUser(ctx.user.id);
    const [reviews, rounds] = await Promise.all([this.repo.sheets(assignments.map((a) => a.id)), this.rounds.byIds([...new Set(assignments.map((a) => a.roundId))])]);
    return { assignments, reviews, rounds };
  }

  /** An assignment of this user (403 for anyone else's). */
  async myAssignment(ctx: RequestContext, id: number): Promise<Assignment> {
    const a = await this.repo.assignmentOrFail(id);
    if (a.member?.userId !== ctx.user.id) throw new ForbiddenException('Bạn không được giao chấm sáng kiến này.');
    return a;
  }

  /** The sheet page: the sheet, the criteria, and the others' sheets once mine is submitted. */
  async sheet(ctx: RequestContext, id: number) {
    const assignment = await this.myAssignment(ctx, id);
    const initiative = await this.initiatives.load(assignment.initiativeId);
    const [round, criteria] = await Promise.all([this.rounds.findOne(assignment.roundId), this.rounds.criteria(assignment.roundId)]);
    const review = await this.repo.sheet(id, initiative.reviewCycle, { scores: true });
    const submitted = review?.status === 'submitted';
    const others = submitted ? await this.sheetsOf(initiative.id, initiative.reviewCycle, id) : [];
    return { assignment, initiative, round, criteria, review, submitted, others };
  }

  /** Submitted sheets of the other members (for a member who has submitted). */
  private async sheetsOf(initiativeId: number, cycle: number, exceptAssignmentId: number) {
    const others = (await this.repo.ofInitiative(initiativeId)).filter((a) => a.id !== exceptAssignmentId);
    const reviews = await this.repo.sheets(others.map((a) => a.id), { cycle, status: 'submitted', scores: true });
    return reviews.map((r) => ({ review: r, assignment: others.find((a) => a.id === r.assignmentId) as Assignment }));
  }

  /** Saves the sheet as a draft, or submits it (every criterion scored). */
  async saveSheet(ctx: RequestContext, id: number, input: SheetInput, submit: boolean): Promise<Review> {
    return this.uow.run(async () => {
      await this.lockSheet(id);
      const assignment = await this.myAssignment(ctx, id);
      const initiative = await this.initiatives.withAuthors(assignment.initiativeId);
      if (!initiative) throw new EntityNotFound('initiative', assignment.initiativeId);
      // Authors may have changed since the assignment (a returned initiative): check again.
      if (!assignment.conflict && initiative.authors?.some((a) => a.userId === ctx.user.id)) {
        await this.repo.updateAssignment(id, { conflict: true, conflictAuto: true, conflictReason: 'Là tác giả của sáng kiến' });
        assignment.conflict = true;
      }
      if (assignment.conflict) throw new BadRequestException('Bạn đang ở tình trạng xung đột lợi ích với sáng kiến này nên không chấm điểm.');
      if (initiative.status !== InitiativeStatus.UnderReview) throw new BadRequestException('Sáng kiến không còn ở giai đoạn chấm điểm.');
      const criteria = await this.rounds.criteria(assignment.roundId);
      let review = await this.repo.sheet(id, initiative.reviewCycle);
      if (review?.status === 'submitted') throw new BadRequestException('Phiếu chấm đã nộp; chỉ thư ký hội đồng mới mở lại được.');

      const points: Record<number, number | null> = {};
      const errors: FieldErrors = {};
      for (const c of criteria) {
        const raw = input.points?.[`c${c.id}`];
        const value = parseNumberVi(typeof raw === 'string' ? raw : undefined);
        points[c.id] = value;
      }
      for (const [criterionId, message] of Object.entries(pointsErrors(criteria.map(rule), points, submit))) errors[`points.c${criterionId}`] = message;
      if (Object.keys(errors).length) throw new FormInvalidException(errors);

      review ??= new Review({ assignmentId: id, cycle: initiative.reviewCycle });
      review.overallComment = (input.overallComment ?? '').slice(0, 10000);
      review.status = submit ? 'submitted' : 'draft';
      review.submittedAt = submit ? new Date() : null;
      review = await this.repo.saveSheet(
        review,
        criteria.map((c) => {
          const comment = input.comments?.[`c${c.id}`];
          return { criterionId: c.id, points: points[c.id], comment: typeof comment === 'string' ? comment.slice(0, 5000) : '' };
        }),
      );
      if (submit) {
        await this.audit.log(ctx, { action: 'review.submit', entityType: 'initiative', entityId: initiative.id, summary: `Nộp phiếu chấm sáng kiến ${initiative.code ?? ''}` });
      }
      return review;
    });
  }

  /** Any member may declare a conflict of interest; their score then never counts. */
  async declareConflict(ctx: RequestContext, id: number, reason: string): Promise<void> {
    if (!reason.trim()) throw new FormInvalidException({ conflictReason: 'Vui lòng nêu lý do xung đột lợi ích.' });
    await this.uow.run(async () => {
      await this.lockSheet(id);
      const assignment = await this.myAssignment(ctx, id);
      const initiative = await this.initiatives.withAuthors(assignment.initiativeId);
      if (!initiative) throw new EntityNotFound('initiative', assignment.initiativeId);
      if (initiative.status !== InitiativeStatus.UnderReview) throw new BadRequestException('Sáng kiến không còn ở giai đoạn chấm điểm.');
      await this.repo.updateAssignment(id, { conflict: true, conflictReason: reason.trim().slice(0, 2000) });
      await this.audit.log(ctx, { action: 'review.conflict', entityType: 'initiative', entityId: assignment.initiativeId, summary: `Tự khai xung đột lợi ích: ${reason.trim()}` });
    });
  }

  /** Refuses (403, naming nothing of it) a person who does not manage the round of the sheet's assignment. */
  async assertManagesRoundOfSheet(ctx: RequestContext, assignmentId: number): Promise<void> {
    const assignment = await this.repo.assignmentOrFail(assignmentId);
    await this.rounds.assertManages(ctx, assignment.roundId);
  }

  /** The secretary reopens a submitted sheet; the member is told on their home page. */
  async reopen(ctx: RequestContext, assignmentId: number): Promise<void> {
    await this.assertManagesRoundOfSheet(ctx, assignmentId);
    await this.uow.run(async () => {
      await this.lockSheet(assignmentId);
      const assignment = await this.repo.assignmentOrFail(assignmentId, true);
      if (assignment.initiative?.status !== InitiativeStatus.UnderReview) throw new BadRequestException('Sáng kiến không còn ở giai đoạn chấm điểm: không mở lại phiếu được.');
      const review = await this.repo.sheet(assignmentId, assignment.initiative?.reviewCycle ?? 1, { status: 'submitted' });
      if (!review) throw new BadRequestException('Phiếu chấm chưa nộp nên không cần mở lại.');
      await this.repo.reopenSheet(review.id);
      await this.notifications.tell([assignment.member?.userId as number], 'reopened', `Thư ký hội đồng đã mở lại phiếu chấm sáng kiến ${assignment.initiative?.code ?? ''} để bạn chấm lại.`, `/reviews/${assignmentId}`);
      await this.audit.log(ctx, {
        action: 'review.reopen',
        entityType: 'initiative',
        entityId: assignment.initiativeId,
        summary: `Mở lại phiếu chấm của thành viên #${assignment.memberId} cho sáng kiến ${assignment.initiative?.code ?? ''}`,
      });
    });
  }

  /**
   * Reminds each member of the round's council who still has sheets to submit (initiatives
   * being scored, the current cycle, no conflict): one notice (and e-mail) each, with the
   * count; audited. The number of members reminded.
   */
  async remindMissingSheets(ctx: RequestContext, roundId: number): Promise<number> {
    await this.rounds.assertManages(ctx, roundId);
    return this.remindMembersOf(ctx, roundId);
  }

  /** The same, for whoever may (the round's manager above, the weekly reminder). */
  remindMembersOf(ctx: RequestContext, roundId: number): Promise<number> {
    return this.uow.run(async () => {
      // A notice and an audit entry: nothing a cache holds.
      this.uow.changes();
      const { round, rows } = await this.results(roundId);
      const left = missingSheets(rows);
      for (const [userId, n] of left) {
        await this.notifications.tell([userId], 'review-reminder', `Đợt xét "${round.name}": bạn còn ${n} phiếu chấm chưa nộp.`, '/reviews');
      }
      if (left.size) {
        await this.audit.log(ctx, { action: 'round.remind-members', entityType: 'round', entityId: roundId, summary: `Nhắc ${left.size} thành viên hội đồng chưa nộp phiếu chấm của đợt xét "${round.name}"` });
      }
      return left.size;
    });
  }

  // ---- results --------------------------------------------------------------------

  /** Statistics per initiative of the round (current cycle, conflicts excluded; not those found duplicates). */
  async results(roundId: number): Promise<{ round: Round; criteria: Criterion[]; rows: ResultRow[]; councilSize: number }> {
    const [round, criteria, members] = await Promise.all([this.rounds.findOne(roundId), this.rounds.criteria(roundId), this.rounds.members(roundId)]);
    const initiatives = await this.initiatives.inRound(roundId);
    const assignments = await this.repo.ofRound(roundId, true);
    const reviews = await this.repo.sheets(assignments.map((a) => a.id), { scores: true });
    // One found to repeat an initiative already filed has left the scoring (its sheets stay on record).
    const rows: ResultRow[] = initiatives
      .filter((i) => i.status !== InitiativeStatus.Duplicate && assignments.some((a) => a.initiativeId === i.id))
      .map((initiative) => {
        const mine = assignments.filter((a) => a.initiativeId === initiative.id);
        const sheets = mine.map((assignment) => ({ assignment, review: reviews.find((r) => r.assignmentId === assignment.id && r.cycle === initiative.reviewCycle) ?? null }));
        const counted: Sheet[] = sheets
          .filter((s) => s.review?.status === 'submitted')
          .map((s) => ({
            memberId: s.assignment.memberId,
            // An author of the initiative never counts, even if added after assignment.
            conflict: s.assignment.conflict || Boolean(initiative.authors?.some((a) => a.userId === s.assignment.member?.userId)),
            points: Object.fromEntries((s.review?.scores ?? []).map((x) => [x.criterionId, x.points])),
          }));
        return { initiative, sheets, stats: aggregate(criteria.map(rule), counted, round.threshold) };
      });
    return { round, criteria, rows, councilSize: members.length };
  }

  /** The statistics of one initiative (for its decision). */
  async statsFor(initiative: Initiative): Promise<{ stats: Statistics | null; councilSize: number; round: Round | null }> {
    if (!initiative.roundId) return { stats: null, councilSize: 0, round: null };
    const { rows, councilSize, round } = await this.results(initiative.roundId);
    return { stats: rows.find((r) => r.initiative.id === initiative.id)?.stats ?? null, councilSize, round };
  }

  // ---- council notes: members and the secretary discuss; never authors or the public --

  /**
   * Council notes are for those who manage the initiative's round (its secretary, the unit
   * administrator above its organiser, the system administrator: the decision page shows them
   * the notes) and the members assigned to the initiative who are not in conflict (never its
   * authors). A secretary of another unit's round is refused as anyone else.
   */
  async mayUseNotes(ctx: RequestContext, initiative: Initiative): Promise<boolean> {
    if (initiative.authors?.some((a) => a.userId === ctx.user.id) || initiative.createdById === ctx.user.id) return false;
    if (hasAnyRole(ctx.user, [Role.CouncilSecretary, Role.DistrictAdmin, Role.UnitAdmin]) && (await this.managesRoundOf(ctx, initiative))) return true;
    return this.repo.assignedWithoutConflict(initiative.id, ctx.user.id);
  }

  /** Whether this person manages the initiative's round (one without a round: as a round without an organiser). */
  private async managesRoundOf(ctx: RequestContext, initiative: Initiative): Promise<boolean> {
    const round = initiative.round ?? (initiative.roundId ? await this.rounds.findOne(initiative.roundId) : null);
    return this.rounds.manages(ctx.user, { organisingUnitId: round?.organisingUnitId ?? null });
  }

  async assertCouncil(ctx: RequestContext, initiative: Initiative): Promise<void> {
    if (!(await this.mayUseNotes(ctx, initiative))) throw new ForbiddenException('Chỉ thư ký và các thành viên hội đồng được giao chấm (không có xung đột lợi ích) được xem trao đổi nội bộ.');
  }

  /** 403 unless this user may take part in the council's notes on the initiative. */
  async assertCouncilOn(ctx: RequestContext, initiativeId: number): Promise<void> {
    await this.assertCouncil(ctx, await this.initiatives.load(initiativeId));
  }

  notes(initiativeId: number): Promise<CouncilNote[]> {
    return this.repo.notes(initiativeId);
  }

  async addNote(ctx: RequestContext, initiativeId: number, body: string, parentId: number | null): Promise<void> {
    const initiative = await this.initiatives.load(initiativeId);
    await this.assertCouncil(ctx, initiative);
    await this.uow.run(async () => {
      this.uow.changes(); // the council's notes: nothing any cache holds
      if (parentId && !(await this.repo.noteExists(parentId, initiativeId))) throw new BadRequestException('Không tìm thấy ý kiến được trả lời.');
      await this.repo.addNote(new CouncilNote({ initiativeId, authorId: ctx.user.id, parentId, body: body.trim() }));
      // Who spoke in the council and when; the note itself stays with the council (the audit is read by admins).
      await this.audit.log(ctx, {
        action: 'review.note',
        entityType: 'initiative',
        entityId: initiativeId,
        summary: `Ghi ý kiến trao đổi trong hội đồng về sáng kiến ${initiative.code ?? `#${initiativeId}`}${parentId ? ' (trả lời một ý kiến)' : ''}`,
      });
    });
  }

}

/** The sheets of a result row still to be submitted: while it is being scored, those not submitted (conflicts need none). */
export function sheetsAwaited<S extends ResultRow['sheets'][number]>(row: { initiative: Pick<ResultRow['initiative'], 'status'>; sheets: S[] }): S[] {
  if (row.initiative.status !== InitiativeStatus.UnderReview) return [];
  return row.sheets.filter((s) => !s.assignment.conflict && s.review?.status !== 'submitted');
}

/** Members (user ids) with sheets still to submit on initiatives being scored, and how many each. */
export function missingSheets(rows: Pick<ResultRow, 'initiative' | 'sheets'>[]): Map<number, number> {
  const left = new Map<number, number>();
  for (const s of rows.flatMap((row) => sheetsAwaited(row))) {
    const userId = s.assignment.member?.userId;
    if (userId !== undefined) left.set(userId, (left.get(userId) ?? 0) + 1);
  }
  return left;
}
