import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { UnitOfWork } from '../database/unit-of-work';
import { Assignment } from './assignment.entity';
import { CouncilNote } from './council-note.entity';
import { Review, ReviewScore } from './review.entity';
import { EntityNotFound } from '../common/exceptions';
import { findByKey } from '../database/find-by-key';

/**
 * Every query on the council's work: `assignments`, `reviews`, `review_scores`,
 * `council_notes`. Inside the current unit of work when there is one.
 */
@Injectable()
export class ReviewsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get assignments() {
    return this.uow.repository(Assignment);
  }

  private get reviews() {
    return this.uow.repository(Review);
  }

  /** Locks these assignments' rows until the current transaction ends (see UnitOfWork.lockRows). */
  lockAssignments(ids: number[]): Promise<void> {
    return this.uow.lockRows(Assignment, ids);
  }

  /** Whether any sheet (even a draft) exists in the round. */
  async sheetsExistInRound(roundId: number): Promise<boolean> {
    const [row] = await rawQuery<{ n: number | string }>(this.uow.manager, 'SELECT COUNT(*) AS "n" FROM "reviews" r JOIN "assignments" a ON a."id" = r."assignmentId" WHERE a."roundId" = :roundId', { roundId });
    return Number(row.n) > 0;
  }

  /** The assignment with its seat (and, asked, the initiative); EntityNotFound (404) if there is none. */
  async assignmentOrFail(id: number, withInitiative = false): Promise<Assignment> {
    const a = await findByKey(this.assignments, { id }, withInitiative ? { member: true, initiative: true } : { member: true });
    if (!a) throw new EntityNotFound('assignment', id);
    return a;
  }

  ofRound(roundId: number, withMembers = false): Promise<Assignment[]> {
    return this.assignments.find({ where: { roundId }, relations: withMembers ? { member: { user: true } } : {} });
  }

  ofInitiative(initiativeId: number): Promise<Assignment[]> {
    return this.assignments.find({ where: { initiativeId }, relations: { member: { user: true } } });
  }

  /** A member's assignments, newest round first, with the initiative and its unit. */
  ofUser(userId: number): Promise<Assignment[]> {
    return this.assignments
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.member', 'member')
      .innerJoinAndSelect('a.initiative', 'initiative')
      .leftJoinAndSelect('initiative.unit', 'unit')
      .where('member.userId = :me', { me: userId })
      .orderBy('a.roundId', 'DESC')
      .addOrderBy('initiative.code', 'ASC')
      .getMany();
  }

  /** Whether the user has an assignment of the initiative without a conflict. */
  assignedWithoutConflict(initiativeId: number, userId: number): Promise<boolean> {
    return this.assignments
      .createQueryBuilder('a')
      .innerJoin('a.member', 'member')
      .where('a.initiativeId = :id AND a.conflict = :no AND member.userId = :me', { id: initiativeId, no: false, me: userId })
      .getExists();
  }

  /** Whether a seat has submitted any sheet. */
  async submittedByMember(memberId: number): Promise<boolean> {
    const [row] = await rawQuery<{ n: number | string }>(
      this.uow.manager,
      'SELECT COUNT(*) AS "n" FROM "reviews" r JOIN "assignments" a ON a."id" = r."assignmentId" WHERE a."memberId" = :memberId AND r."status" = \'submitted\'',
      { memberId },
    );
    return Number(row.n) > 0;
  }

  ofMember(memberId: number): Promise<Assignment[]> {
    return this.assignments.find({ where: { memberId } });
  }

  async deleteAssignmentsOf(memberId: number): Promise<void> {
    await this.assignments.delete({ memberId });
  }

  saveAssignment(a: Assignment): Promise<Assignment> {
    return this.assignments.save(a);
  }

  async updateAssignment(id: number, changes: Partial<Pick<Assignment, 'conflict' | 'conflictAuto' | 'conflictReason'>>): Promise<void> {
    await this.assignments.update({ id }, changes);
  }

  async deleteAssignment(id: number): Promise<void> {
    await this.assignments.delete({ id });
  }

  /** Sheets of these assignments (with their scores when asked), optionally of one cycle and status. */
  sheets(assignmentIds: number[], options: { scores?: boolean; cycle?: number; status?: Review['status'] } = {}): Promise<Review[]> {
    if (assignmentIds.length === 0) return Promise.resolve([]);
    const where = { assignmentId: In(assignmentIds), ...(options.cycle ? { cycle: options.cycle } : {}), ...(options.status ? { status: options.status } : {}) };
    return this.reviews.find({ where, relations: options.scores ? { scores: true } : {} });
  }

  sheet(assignmentId: number, cycle: number, options: { scores?: boolean; status?: Review['status'] } = {}): Promise<Review | null> {
    return this.reviews.findOne({ where: { assignmentId, cycle, ...(options.status ? { status: options.status } : {}) }, relations: options.scores ? { scores: true } : {} });
  }

  submittedExists(assignmentId: number): Promise<boolean> {
    return this.reviews.exists({ where: { assignmentId, status: 'submitted' } });
  }

  /** Saves a sheet and replaces its scores. */
  async saveSheet(review: Review, scores: Omit<ReviewScore, 'id' | 'reviewId' | 'review'>[]): Promise<Review> {
    const saved = await this.reviews.save(review);
    const repo = this.uow.repository(ReviewScore);
    await repo.delete({ reviewId: saved.id });
    for (const s of scores) await repo.save(new ReviewScore({ ...s, reviewId: saved.id }));
    return saved;
  }

  async reopenSheet(id: number): Promise<void> {
    await this.reviews.update({ id }, { status: 'draft', submittedAt: null });
  }

  notes(initiativeId: number): Promise<CouncilNote[]> {
    return this.uow.repository(CouncilNote).find({ where: { initiativeId }, relations: { author: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  noteExists(id: number, initiativeId: number): Promise<boolean> {
    return this.uow.repository(CouncilNote).exists({ where: { id, initiativeId } });
  }

  async addNote(note: CouncilNote): Promise<void> {
    await this.uow.repository(CouncilNote).save(note);
  }
}
