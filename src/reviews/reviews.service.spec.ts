import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Viewer, viewerWithScope } from '../common/viewer';
import { FormInvalidException } from '../common/exceptions';
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
import { Review } from './review.entity';
import { ReviewsRepository } from './reviews.repository';
import { missingSheets, ReviewsService } from './reviews.service';
import { ctxOf } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';

const person = (id: number, roles: Role[]): Viewer => viewerWithScope({ id, username: `u${id}`, fullName: '', position: '', unitId: 1, unitName: '', roles, mustChangePassword: false }, [1]);
const member = person(7, [Role.CouncilMember]);
const ctx = ctxOf(member);
const criteria = [
  { id: 1, name: 'Tính mới', maxPoints: 30, weight: 1 },
  { id: 2, name: 'Hiệu quả', maxPoints: 30, weight: 1 },
];

function setup(options: { assignment?: Partial<Assignment>; initiative?: Partial<Initiative>; sheet?: Partial<Review> | null; assigned?: boolean } = {}) {
  const assignment = new Assignment({ id: 3, roundId: 1, initiativeId: 9, memberId: 5, conflict: false, member: new CouncilMember({ id: 5, userId: member.id }), ...options.assignment });
  const initiative = { id: 9, code: 'SK-2026-0003', status: InitiativeStatus.UnderReview, reviewCycle: 1, createdById: 2, authors: [{ userId: 2 }], ...options.initiative } as Initiative;
  const { sut, mock } = newTestService(ReviewsService);
  const repo = mock(ReviewsRepository);
  repo.assignmentOrFail.mockImplementation(async () => assignment);
  repo.sheet.mockImplementation(async () => (options.sheet ? new Review(options.sheet) : null));
  repo.saveSheet.mockImplementation(async (r: Review) => r);
  repo.assignedWithoutConflict.mockImplementation(async () => options.assigned ?? false);
  mock(RoundsService).criteria.mockImplementation(async () => criteria.map((c) => new Criterion(c)));
  mock(InitiativesService).withAuthors.mockImplementation(async () => initiative);
  return { sut, repo, audit: mock(AuditService), notifications: mock(NotificationsService), rounds: mock(RoundsService) };
}

const sheet = (points: Record<string, string>) => ({ points, comments: {}, overallComment: '' });

describe(ReviewsService.name, () => {
  describe('saveSheet', () => {
    it('submits a complete sheet within the maxima and audits it', async () => {
      const { sut, repo, audit } = setup();
      await expect(sut.saveSheet(ctx, 3, sheet({ c1: '27', c2: '28,5' }), true)).resolves.toMatchObject({ status: 'submitted' });
      expect(repo.saveSheet).toHaveBeenCalledWith(expect.objectContaining({ status: 'submitted' }), [
        { criterionId: 1, points: 27, comment: '' },
        { criterionId: 2, points: 28.5, comment: '' },
      ]);
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'review.submit' }));
    });

    it('refuses points over a maximum with a message beside the criterion, saving nothing', async () => {
      const { sut, repo, audit } = setup();
      await expect(sut.saveSheet(ctx, 3, sheet({ c1: '31', c2: '10' }), true)).rejects.toBeInstanceOf(FormInvalidException);
      await expect(sut.saveSheet(ctx, 3, sheet({ c1: '31', c2: '10' }), true)).rejects.toMatchObject({ errors: { 'points.c1': expect.any(String) } });
      expect(repo.saveSheet).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('keeps a member who became an author from scoring, marking the conflict', async () => {
      const { sut, repo } = setup({ initiative: { authors: [{ userId: member.id }] as Initiative['authors'] } });
      await expect(sut.saveSheet(ctx, 3, sheet({ c1: '20', c2: '20' }), true)).rejects.toBeInstanceOf(BadRequestException);
      expect(repo.updateAssignment).toHaveBeenCalledWith(3, expect.objectContaining({ conflict: true, conflictAuto: true }));
      expect(repo.saveSheet).not.toHaveBeenCalled();
    });

    it('refuses a sheet already submitted, or an initiative no longer under review', async () => {
      const submitted = setup({ sheet: { id: 4, status: 'submitted' } });
      await expect(submitted.sut.saveSheet(ctx, 3, sheet({ c1: '20', c2: '20' }), false)).rejects.toThrow('chỉ thư ký hội đồng mới mở lại được');
      expect(submitted.repo.saveSheet).not.toHaveBeenCalled();
      const decided = setup({ initiative: { status: InitiativeStatus.Recognized } });
      await expect(decided.sut.saveSheet(ctx, 3, sheet({ c1: '20', c2: '20' }), false)).rejects.toThrow('không còn ở giai đoạn chấm điểm');
      expect(decided.repo.saveSheet).not.toHaveBeenCalled();
    });
  });

  describe('declareConflict', () => {
    it('needs a reason, and records nothing without one', async () => {
      const { sut, repo, audit } = setup();
      await expect(sut.declareConflict(ctx, 3, '  ')).rejects.toMatchObject({ errors: { conflictReason: expect.any(String) } });
      expect(repo.updateAssignment).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });

  describe('reopen', () => {
    it('reopens only a submitted sheet, and tells the member', async () => {
      const none = setup({ assignment: { initiative: { status: InitiativeStatus.UnderReview, reviewCycle: 1 } as Initiative } });
      await expect(none.sut.reopen(ctx, 3)).rejects.toThrow('chưa nộp');
      expect(none.repo.reopenSheet).not.toHaveBeenCalled();
      const done = setup({ assignment: { initiative: { status: InitiativeStatus.UnderReview, reviewCycle: 1 } as Initiative }, sheet: { id: 4, status: 'submitted' } });
      await done.sut.reopen(ctx, 3);
      expect(done.repo.reopenSheet).toHaveBeenCalledWith(4);
      expect(done.notifications.tell).toHaveBeenCalledWith([member.id], 'reopened', expect.any(String), '/reviews/3');
    });
  });

  describe("a round's managers only", () => {
    it('refuses (403) saving assignments, assigning all or reopening a sheet to a person who does not manage the round, before anything is read', async () => {
      const { sut, repo, rounds } = setup({ sheet: { id: 4, status: 'submitted' } });
      rounds.assertManages.mockRejectedValue(new ForbiddenException());
      await expect(sut.saveMatrix(ctx, 1, {})).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.assignAll(ctx, 1)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.reopen(ctx, 3)).rejects.toBeInstanceOf(ForbiddenException);
      expect(rounds.assertManages).toHaveBeenCalledWith(ctx, 1);
      expect(repo.ofRound).not.toHaveBeenCalled();
      expect(repo.reopenSheet).not.toHaveBeenCalled();
    });

    it("lets into the council's notes only those who manage the initiative's round (and members assigned)", async () => {
      const initiative = { id: 9, roundId: 1, createdById: 2, authors: [{ userId: 3 }] } as Initiative;
      const secretary = ctxOf(person(8, [Role.CouncilSecretary]));
      const { sut, rounds } = setup({ assigned: false });
      rounds.findOne.mockResolvedValue(new Round({ id: 1, organisingUnitId: 4 }));
      rounds.manages.mockResolvedValue(false);
      await expect(sut.mayUseNotes(secretary, initiative)).resolves.toBe(false);
      rounds.manages.mockResolvedValue(true);
      await expect(sut.mayUseNotes(secretary, initiative)).resolves.toBe(true);
      expect(rounds.manages).toHaveBeenCalledWith(secretary.user, { organisingUnitId: 4 });
      // The unit administrator managing the round too; a plain member not assigned, never.
      await expect(sut.mayUseNotes(ctxOf(person(9, [Role.UnitAdmin])), initiative)).resolves.toBe(true);
      await expect(sut.mayUseNotes(ctxOf(person(10, [Role.CouncilMember])), initiative)).resolves.toBe(false);
    });
  });

  describe('council notes and conflicts', () => {
    it('never lets an author or the creator into the notes; lets the secretary and a member assigned without conflict', async () => {
      const initiative = { id: 9, createdById: 2, authors: [{ userId: 3 }] } as Initiative;
      const { sut } = setup({ assigned: true });
      await expect(sut.mayUseNotes(ctxOf(person(3, [Role.CouncilMember])), initiative)).resolves.toBe(false);
      await expect(sut.mayUseNotes(ctxOf(person(2, [Role.CouncilSecretary])), initiative)).resolves.toBe(false);
      await expect(sut.mayUseNotes(ctxOf(person(8, [Role.CouncilSecretary])), initiative)).resolves.toBe(true);
      await expect(sut.mayUseNotes(ctxOf(member), initiative)).resolves.toBe(true);
      await expect(setup({ assigned: false }).sut.mayUseNotes(ctxOf(member), initiative)).resolves.toBe(false);
    });

    it('marks an author in conflict, and a colleague of the same unit only when the round says so', () => {
      const { sut } = setup();
      const seat = new CouncilMember({ userId: 7, user: { unitId: 4 } as CouncilMember['user'] });
      const initiative = { unitId: 4, authors: [{ userId: 7 }] } as Initiative;
      expect(sut.autoConflict({ conflictSameUnit: false } as Round, seat, initiative)).toBe('Là tác giả của sáng kiến');
      const colleague = { unitId: 4, authors: [{ userId: 2 }] } as Initiative;
      expect(sut.autoConflict({ conflictSameUnit: false } as Round, seat, colleague)).toBeNull();
      expect(sut.autoConflict({ conflictSameUnit: true } as Round, seat, colleague)).toBe('Cùng đơn vị với tác giả');
    });
  });
});

describe(missingSheets.name, () => {
  const sheet = (userId: number, status: 'submitted' | 'draft' | null, conflict = false) => ({
    assignment: new Assignment({ conflict, member: new CouncilMember({ userId }) }),
    review: status ? new Review({ status }) : null,
  });
  const row = (status: InitiativeStatus, sheets: ReturnType<typeof sheet>[]) => ({ initiative: new Initiative({ status }), sheets });

  it('counts, per member, the sheets not submitted on initiatives being scored; conflicts and decided initiatives need none', () => {
    const left = missingSheets([
      row(InitiativeStatus.UnderReview, [sheet(1, 'submitted'), sheet(2, 'draft'), sheet(3, null), sheet(4, null, true)]),
      row(InitiativeStatus.UnderReview, [sheet(2, null), sheet(3, 'submitted')]),
      row(InitiativeStatus.Recognized, [sheet(5, null)]),
      row(InitiativeStatus.Duplicate, [sheet(6, null)]),
    ]);
    expect([...left]).toEqual([[2, 2], [3, 1]]);
  });
});
