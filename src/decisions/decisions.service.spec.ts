import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthoritiesService } from '../authorities/authorities.service';
import { defaultProfile } from '../authorities/authority-profile';
import { FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewsService } from '../reviews/reviews.service';
import { Statistics } from '../reviews/scoring';
import { CouncilMember, CouncilRole } from '../rounds/council-member.entity';
import { Round } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { Unit } from '../units/unit.entity';
import { UnitKind } from '../units/unit-kinds';
import { UnitsService } from '../units/units.service';
import { Role } from '../users/roles';
import { User } from '../users/user.entity';
import { DecisionsRepository } from './decisions.repository';
import { decisionDue, decisionOverdue, DecisionsService } from './decisions.service';
import { Decision } from './decision.entity';
import { DecisionDto } from './dto/decision.dto';
import { MemberVote, Vote } from './member-vote.entity';
import { adminCtx, ctxOf, person } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';

describe('decision deadlines', () => {
  const round = (submissionEnd: string, entered: string) => ({ submissionEnd, createdAt: new Date(`${entered}T08:00:00+07:00`) });

  it('falls due three months after submissions close, at the end of a shorter month', () => {
    expect(decisionDue({ submissionEnd: '2026-07-31' })).toBe('2026-10-31');
    expect(decisionDue({ submissionEnd: '2016-11-30' })).toBe('2017-02-28');
    expect(decisionDue(null)).toBeNull();
  });

  it('is overdue only when due after the round was entered, never for paper records nor decided initiatives', () => {
    const live = { status: InitiativeStatus.UnderReview, paperRecord: false };
    expect(decisionOverdue({ ...live, round: round('2026-07-31', '2026-01-05') }, '2026-12-04')).toBe(true);
    // A 2016 round entered in 2026: its decision was due in 2016, before the system knew it.
    expect(decisionOverdue({ ...live, round: round('2016-08-30', '2026-12-01') }, '2026-12-04')).toBe(false);
    expect(decisionOverdue({ ...live, paperRecord: true, round: round('2026-07-31', '2026-01-05') }, '2026-12-04')).toBe(false);
    expect(decisionOverdue({ ...live, status: InitiativeStatus.Recognized, round: round('2026-07-31', '2026-01-05') }, '2026-12-04')).toBe(false);
    expect(decisionOverdue({ ...live, round: null }, '2026-12-04')).toBe(false);
  });
});

// ---- the service, on typed mocks --------------------------------------------------------

const ROUND = 1;
const seat = (id: number, userId: number, role: CouncilRole = 'member') => new CouncilMember({ id, roundId: ROUND, userId, role, user: new User({ id: userId, fullName: `Thành viên ${id}` }) });
/** The council of the round: a chair, a secretary and a member (users 101, 102, 103). */
const council3 = () => [seat(11, 101, 'chair'), seat(12, 102, 'secretary'), seat(13, 103)];
const vote = (id: number, memberId: number, v: Vote, recordedBy: MemberVote['recordedBy'] = 'member', cycle = 1) => new MemberVote({ id, initiativeId: 9, memberId, cycle, vote: v, recordedBy, recordedById: 1 });
const stats = (mean: number | null): Statistics => ({ count: 3, mean, min: mean, max: mean, spread: 0, criterionMeans: {}, thresholdMet: true, disagreement: false });

const chairCtx = ctxOf(person(101, [Role.CouncilMember]));
const secretaryCtx = ctxOf(person(500, [Role.CouncilSecretary]));
const outsiderCtx = ctxOf(person(777, [Role.CouncilMember]));
const admin = adminCtx();

interface Options {
  initiative?: Partial<Initiative>;
  seats?: CouncilMember[];
  votes?: MemberVote[];
  /** The mean of the submitted sheets; null: none submitted. */
  mean?: number | null;
  /** Conflicts the rules find, by seat id. */
  conflicts?: Record<number, string>;
  /** Whether the rounds feature says the person manages the round (its organiser's secretary, an administrator). */
  manages?: boolean;
}

/** The organiser of the round: the province, whose council recognises cấp tỉnh. */
const PROVINCE = new Unit({ id: 50, name: 'Tỉnh Quảng Trị', kind: UnitKind.Province, parentId: null, validFrom: null, validTo: null });

function setup(o: Options = {}) {
  const initiative = {
    id: 9,
    code: 'SK-2026-0009',
    title: 'Một cửa liên thông',
    status: InitiativeStatus.UnderReview,
    roundId: ROUND,
    reviewCycle: 1,
    paperRecord: false,
    createdById: 2,
    authors: [{ userId: 3 }, { userId: null }],
    round: o.initiative?.roundId === null ? null : { id: ROUND, threshold: 50, organisingUnitId: PROVINCE.id },
    ...o.initiative,
  } as Initiative;
  const seats = o.seats ?? council3();
  const votes = o.votes ?? [];
  const round = { id: ROUND, threshold: 50 } as Round;
  const { sut, mock } = newTestService(DecisionsService);
  const repo = mock(DecisionsRepository);
  const initiatives = mock(InitiativesService);
  const reviews = mock(ReviewsService);
  initiatives.load.mockResolvedValue(initiative);
  initiatives.inRound.mockResolvedValue([initiative]);
  mock(RoundsService).members.mockResolvedValue(seats);
  mock(RoundsService).findOne.mockResolvedValue({ id: ROUND, organisingUnitId: PROVINCE.id } as Round);
  mock(RoundsService).manages.mockImplementation(async (user) => o.manages ?? Boolean(user?.roles.some((r) => r === Role.CouncilSecretary || r === Role.DistrictAdmin)));
  mock(UnitsService).find.mockResolvedValue(PROVINCE);
  const mean = o.mean === undefined ? 80 : o.mean;
  reviews.results.mockResolvedValue({ round, criteria: [], rows: [{ initiative, stats: stats(mean), sheets: [] }], councilSize: seats.length });
  reviews.autoConflict.mockImplementation((_round, member) => o.conflicts?.[member.id] ?? null);
  repo.votesOn.mockResolvedValue(votes);
  repo.forInitiatives.mockResolvedValue([]);
  repo.voteOf.mockImplementation(async (initiativeId, cycle, memberId) => votes.find((v) => v.initiativeId === initiativeId && v.cycle === cycle && v.memberId === memberId) ?? null);
  repo.saveVote.mockImplementation(async (v) => v);
  repo.save.mockImplementation(async (d) => d);
  return { sut, mock, initiative, seats, repo, initiatives, reviews, audit: mock(AuditService), notifications: mock(NotificationsService), uow: mock(UnitOfWork) };
}

type Setup = ReturnType<typeof setup>;

/** Nothing was written: no vote, no decision, no status change, no notice, no audit entry. */
function expectNothingWritten(s: Setup) {
  expect(s.repo.saveVote).not.toHaveBeenCalled();
  expect(s.repo.deleteVote).not.toHaveBeenCalled();
  expect(s.repo.save).not.toHaveBeenCalled();
  expect(s.initiatives.transition).not.toHaveBeenCalled();
  expect(s.notifications.tell).not.toHaveBeenCalled();
  expect(s.audit.log).not.toHaveBeenCalled();
}

const decisionForm = (value: Partial<DecisionDto> = {}, errors: Record<string, string> = {}) => ({
  value: Object.assign(new DecisionDto(), { outcome: 'recognized', level: RecognitionLevel.Province, number: '12/QĐ-UBND', date: '2026-01-15', place: 'Vĩnh Linh', signerTitle: 'CHỦ TỊCH', signerName: 'Lê Văn A', reasons: '' }, value),
  errors,
});

describe(DecisionsService.name, () => {
  describe('who may act', () => {
    it('lets only the chair and secretary seats, council secretaries and admins read the documents', async () => {
      const { sut } = setup();
      await expect(sut.assertDocuments(chairCtx, ROUND)).resolves.toBeUndefined();
      await expect(sut.assertDocuments(ctxOf(person(102, [Role.CouncilMember])), ROUND)).resolves.toBeUndefined();
      await expect(sut.assertDocuments(secretaryCtx, ROUND)).resolves.toBeUndefined();
      await expect(sut.assertDocuments(adminCtx(), ROUND)).resolves.toBeUndefined();
      await expect(sut.assertDocuments(ctxOf(person(103, [Role.CouncilMember])), ROUND)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.assertDocuments(outsiderCtx, ROUND)).rejects.toBeInstanceOf(ForbiddenException);
    });

    it("gives a member their own seat, and refuses someone without one", async () => {
      const { sut } = setup();
      await expect(sut.seatOf(ctxOf(person(103, [Role.CouncilMember])), ROUND)).resolves.toMatchObject({ id: 13 });
      await expect(sut.seatOf(outsiderCtx, ROUND)).rejects.toBeInstanceOf(ForbiddenException);
      // A council secretary by role still has no seat to vote from.
      await expect(sut.seatOf(secretaryCtx, ROUND)).rejects.toBeInstanceOf(ForbiddenException);
    });

    it("keeps a paper record's decision for administrators; any manager may decide a live one", async () => {
      const paper = setup({ initiative: { paperRecord: true } });
      await expect(paper.sut.assertMayDecide(secretaryCtx, 9)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(paper.sut.assertMayDecide(admin, 9)).resolves.toBeUndefined();
      await expect(setup().sut.assertMayDecide(secretaryCtx, 9)).resolves.toBeUndefined();
    });

    it("refuses the documents and the decision of a round the person does not manage (another unit's), unless seated as its chair or secretary", async () => {
      const other = setup({ manages: false });
      await expect(other.sut.assertDocuments(secretaryCtx, ROUND)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(other.sut.assertMayDecide(secretaryCtx, 9)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(other.sut.assertManagesRoundOf(secretaryCtx, 9)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(other.sut.assertDocuments(chairCtx, ROUND)).resolves.toBeUndefined();
    });
  });

  describe('the level follows the organiser', () => {
    it("gives the level of the round's organiser when the form names none, and refuses another with the organiser named", async () => {
      const s = setup({ votes: [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'for')] });
      await s.sut.decide(secretaryCtx, 9, decisionForm({ level: '' }));
      expect(s.repo.save).toHaveBeenCalledWith(expect.objectContaining({ level: RecognitionLevel.Province }));
      const commune = setup({ votes: [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'for')] });
      commune.mock(UnitsService).find.mockResolvedValue(new Unit({ id: 50, name: 'UBND xã Vĩnh Hòa', kind: UnitKind.Commune, parentId: null, validFrom: null, validTo: null }));
      await expect(commune.sut.decide(secretaryCtx, 9, decisionForm({ level: RecognitionLevel.Province }))).rejects.toMatchObject({
        errors: { level: 'Hội đồng do UBND xã Vĩnh Hòa tổ chức chỉ công nhận sáng kiến ở phạm vi Cấp cơ sở, không phải "Cấp tỉnh".' },
      });
      expectNothingWritten(commune);
    });

  });

  describe('castVote', () => {
    const memberCtx = ctxOf(person(103, [Role.CouncilMember]));

    it('records the member’s own vote on the current cycle, under a lock, and audits it', async () => {
      const s = setup({ initiative: { reviewCycle: 2 } });
      const saved = await s.sut.castVote(memberCtx, ROUND, 9, 'for');
      expect(saved).toBeInstanceOf(MemberVote);
      expect(s.repo.saveVote).toHaveBeenCalledTimes(1);
      expect(s.repo.saveVote).toHaveBeenCalledWith(expect.objectContaining({ initiativeId: 9, memberId: 13, cycle: 2, vote: 'for', recordedBy: 'member', recordedById: 103 }));
      expect(s.repo.voteOf).toHaveBeenCalledWith(9, 2, 13);
      expect(s.initiatives.lockForUpdate).toHaveBeenCalledWith([9]);
      expect(s.uow.run).toHaveBeenCalledTimes(1);
      expect(s.audit.log).toHaveBeenCalledWith(memberCtx, { action: 'vote.cast', entityType: 'initiative', entityId: 9, summary: 'Biểu quyết sáng kiến SK-2026-0009: Đồng ý' });
    });

    it('changes the member’s existing vote in place', async () => {
      const s = setup({ votes: [vote(40, 13, 'for')] });
      await s.sut.castVote(memberCtx, ROUND, 9, 'against');
      expect(s.repo.saveVote).toHaveBeenCalledWith(expect.objectContaining({ id: 40, vote: 'against', recordedBy: 'member' }));
      expect(s.audit.log).toHaveBeenCalledWith(memberCtx, expect.objectContaining({ summary: 'Biểu quyết sáng kiến SK-2026-0009: Không đồng ý' }));
    });

    it('refuses someone without a seat (403) before writing anything', async () => {
      const s = setup();
      await expect(s.sut.castVote(outsiderCtx, ROUND, 9, 'for')).rejects.toBeInstanceOf(ForbiddenException);
      expectNothingWritten(s);
    });

    it('refuses a member in conflict of interest, naming the conflict', async () => {
      const s = setup({ conflicts: { 13: 'Là tác giả của sáng kiến' } });
      await expect(s.sut.castVote(memberCtx, ROUND, 9, 'for')).rejects.toThrow(new BadRequestException('Bạn không biểu quyết sáng kiến này vì xung đột lợi ích (Là tác giả của sáng kiến).'));
      expectNothingWritten(s);
    });

    it('refuses an initiative of another round (404), one no longer under review, and a paper record', async () => {
      const other = setup({ initiative: { roundId: 2 } });
      await expect(other.sut.castVote(memberCtx, ROUND, 9, 'for')).rejects.toBeInstanceOf(NotFoundException);
      expectNothingWritten(other);
      const decided = setup({ initiative: { status: InitiativeStatus.Recognized } });
      await expect(decided.sut.castVote(memberCtx, ROUND, 9, 'for')).rejects.toThrow('không còn ở giai đoạn biểu quyết');
      expectNothingWritten(decided);
      const paper = setup({ initiative: { paperRecord: true } });
      await expect(paper.sut.castVote(memberCtx, ROUND, 9, 'for')).rejects.toThrow('hồ sơ giấy');
      expectNothingWritten(paper);
    });
  });

  describe('recordVotes', () => {
    it("records the meeting's votes for the seats given, leaves a member's own vote alone, and audits each change", async () => {
      const s = setup({ votes: [vote(41, 11, 'against', 'member')] });
      // The chair voted themselves: the secretary's "for" does not override it.
      await expect(s.sut.recordVotes(secretaryCtx, 9, { m11: 'for', m12: ' for ', m13: 'abstain' })).resolves.toBe(2);
      expect(s.repo.saveVote.mock.calls.map(([v]) => [v.memberId, v.vote, v.recordedBy, v.recordedById])).toEqual([
        [12, 'for', 'secretary', 500],
        [13, 'abstain', 'secretary', 500],
      ]);
      expect(s.audit.log).toHaveBeenCalledWith(secretaryCtx, {
        action: 'vote.record',
        entityType: 'initiative',
        entityId: 9,
        summary: 'Ghi biểu quyết theo biên bản họp cho sáng kiến SK-2026-0009: Thành viên 12 — Đồng ý; Thành viên 13 — Không biểu quyết',
      });
    });

    it("takes back only a vote the secretary recorded, when its choice is posted empty; a seat missing from the form is left alone", async () => {
      const s = setup({ votes: [vote(41, 11, 'for', 'member'), vote(42, 12, 'against', 'secretary'), vote(43, 13, 'for', 'secretary')] });
      await expect(s.sut.recordVotes(secretaryCtx, 9, { m11: '', m12: '' })).resolves.toBe(1);
      expect(s.repo.deleteVote.mock.calls).toEqual([[42]]);
      expect(s.repo.saveVote).not.toHaveBeenCalled();
      expect(s.audit.log).toHaveBeenCalledWith(secretaryCtx, expect.objectContaining({ summary: expect.stringContaining('Thành viên 12 — bỏ biểu quyết đã ghi (Không đồng ý), nay chưa biểu quyết') }));
    });

    it('changes nothing and audits nothing when the form repeats what is on record', async () => {
      const s = setup({ votes: [vote(42, 12, 'for', 'secretary')] });
      await expect(s.sut.recordVotes(secretaryCtx, 9, { m12: 'for' })).resolves.toBe(0);
      expectNothingWritten(s);
    });

    it('refuses an unknown choice and a vote for a seat in conflict, recording none of the others', async () => {
      const s = setup({ conflicts: { 13: 'Cùng đơn vị với tác giả' } });
      const refusal = s.sut.recordVotes(secretaryCtx, 9, { m11: 'for', m12: 'maybe', m13: 'for' });
      await expect(refusal).rejects.toBeInstanceOf(FormInvalidException);
      await expect(refusal).rejects.toMatchObject({ errors: { 'votes.m12': 'Lựa chọn không hợp lệ.', 'votes.m13': 'Thành viên 13 không biểu quyết vì xung đột lợi ích (Cùng đơn vị với tác giả).' } });
      expectNothingWritten(s);
    });

    it('refuses a round without a council, and an initiative past voting', async () => {
      const empty = setup({ seats: [] });
      await expect(empty.sut.recordVotes(secretaryCtx, 9, { m11: 'for' })).rejects.toThrow('Đợt xét chưa có hội đồng');
      expectNothingWritten(empty);
      const decided = setup({ initiative: { status: InitiativeStatus.NotRecognized } });
      await expect(decided.sut.recordVotes(secretaryCtx, 9, { m11: 'for' })).rejects.toBeInstanceOf(BadRequestException);
      expectNothingWritten(decided);
    });
  });

  describe('decide: the 2/3 rule', () => {
    const four = () => [...council3(), seat(14, 104)];

    it('refuses recognition with 2 of 4 members for (2/3 of 4 needs 3), saying to record the votes first, and writes nothing', async () => {
      const s = setup({ seats: four(), votes: [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'against')] });
      const refusal = s.sut.decide(secretaryCtx, 9, decisionForm());
      await expect(refusal).rejects.toBeInstanceOf(FormInvalidException);
      await expect(refusal).rejects.toMatchObject({ errors: { outcome: expect.stringContaining('cần ít nhất 3 trên 4 thành viên hội đồng (2/3) đồng ý, hiện có 2.') } });
      await expect(refusal).rejects.toMatchObject({ errors: { outcome: expect.stringContaining('Hãy chọn biểu quyết của từng thành viên ở bảng trên.') } });
      expectNothingWritten(s);
    });

    it('recognises with 3 of 4 for: saves the counts, moves the initiative to Recognized with its level, tells the authors and audits', async () => {
      const s = setup({ seats: four(), votes: [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'for'), vote(4, 14, 'abstain'), vote(5, 14, 'against', 'member', 0)] });
      const decision = await s.sut.decide(secretaryCtx, 9, decisionForm({ number: ' 12/QĐ-UBND', reasons: '  ' }));
      expect(decision).toBeInstanceOf(Decision);
      expect(s.repo.save).toHaveBeenCalledWith(
        expect.objectContaining({ initiativeId: 9, roundId: ROUND, outcome: 'recognized', level: RecognitionLevel.Province, votesFor: 3, votesAgainst: 0, votesAbstain: 1, councilSize: 4, meanTotal: 80, paperRecord: false, decidedById: 500, reasons: '' }),
      );
      expect(s.initiatives.transition.mock.calls).toEqual([[secretaryCtx, 9, InitiativeStatus.Recognized, 'Quyết định  12/QĐ-UBND', { level: RecognitionLevel.Province }]]);
      expect(s.notifications.tell).toHaveBeenCalledWith([2, 3], 'decision', expect.stringContaining('đã được công nhận'), '/initiatives/9');
      expect(s.audit.log).toHaveBeenCalledWith(secretaryCtx, {
        action: 'initiative.decision',
        entityType: 'initiative',
        entityId: 9,
        summary: 'Công nhận sáng kiến SK-2026-0009 (quyết định  12/QĐ-UBND, 3 trên 4 thành viên đồng ý)',
      });
      expect(s.initiatives.lockForUpdate).toHaveBeenCalledWith([9]);
    });

    it('does not count the vote of a member in conflict', async () => {
      const s = setup({ votes: [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'for')], conflicts: { 13: 'Là tác giả của sáng kiến' } });
      await expect(s.sut.decide(secretaryCtx, 9, decisionForm())).resolves.toMatchObject({ votesFor: 2, councilSize: 3 });
      const lost = setup({ votes: [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'for')], conflicts: { 12: 'x', 13: 'y' } });
      await expect(lost.sut.decide(secretaryCtx, 9, decisionForm())).rejects.toMatchObject({ errors: { outcome: expect.stringContaining('hiện có 1') } });
      expectNothingWritten(lost);
    });

    it("refuses recognition below the round's threshold, or without a submitted sheet", async () => {
      const allFor = [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'for')];
      const low = setup({ votes: allFor, mean: 49.5 });
      await expect(low.sut.decide(secretaryCtx, 9, decisionForm())).rejects.toMatchObject({ errors: { outcome: expect.stringContaining('thấp hơn ngưỡng') } });
      expectNothingWritten(low);
      const none = setup({ votes: allFor, mean: null });
      await expect(none.sut.decide(secretaryCtx, 9, decisionForm())).rejects.toMatchObject({ errors: { outcome: 'Chưa có phiếu chấm hợp lệ nào nên chưa thể công nhận.' } });
      expectNothingWritten(none);
    });

    it('refuses a refusal without reasons; with them, moves the initiative to NotRecognized giving the reasons', async () => {
      const bare = setup();
      await expect(bare.sut.decide(secretaryCtx, 9, decisionForm({ outcome: 'not_recognized', reasons: ' ' }))).rejects.toMatchObject({ errors: { reasons: expect.any(String) } });
      expectNothingWritten(bare);
      const s = setup({ votes: [vote(1, 11, 'against')] });
      await s.sut.decide(secretaryCtx, 9, decisionForm({ outcome: 'not_recognized', level: 'district', reasons: ' Chưa có hiệu quả ' }));
      expect(s.repo.save).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'not_recognized', level: null, reasons: 'Chưa có hiệu quả', votesAgainst: 1 }));
      expect(s.initiatives.transition.mock.calls).toEqual([[secretaryCtx, 9, InitiativeStatus.NotRecognized, 'Quyết định 12/QĐ-UBND: Chưa có hiệu quả', { level: null }]]);
      expect(s.notifications.tell).toHaveBeenCalledWith([2, 3], 'decision', expect.stringContaining('không được công nhận'), '/initiatives/9');
      expect(s.audit.log).toHaveBeenCalledWith(secretaryCtx, expect.objectContaining({ action: 'initiative.decision', summary: expect.stringMatching(/^Không công nhận sáng kiến SK-2026-0009/) }));
    });

    it('refuses recognition without a level, a future date, and keeps the errors the form already had', async () => {
      const allFor = [vote(1, 11, 'for'), vote(2, 12, 'for'), vote(3, 13, 'for')];
      // A round without an organiser (entered before they were required) gives no level by itself.
      const s = setup({ votes: allFor, initiative: { round: { id: ROUND, threshold: 50, organisingUnitId: null } as Round } });
      const refusal = s.sut.decide(secretaryCtx, 9, decisionForm({ level: '', date: '2999-01-01' }, { signerName: 'Vui lòng nhập họ tên người ký.' }));
      await expect(refusal).rejects.toMatchObject({ errors: { level: 'Vui lòng chọn phạm vi ảnh hưởng.', date: 'Ngày quyết định không được ở tương lai.', signerName: 'Vui lòng nhập họ tên người ký.' } });
      expectNothingWritten(s);
    });

    it('refuses an initiative not under review, and one whose round has no council', async () => {
      const submitted = setup({ initiative: { status: InitiativeStatus.Submitted } });
      await expect(submitted.sut.decide(secretaryCtx, 9, decisionForm())).rejects.toThrow('Chỉ ra quyết định cho sáng kiến đang được hội đồng xét.');
      expectNothingWritten(submitted);
      const empty = setup({ seats: [] });
      await expect(empty.sut.decide(secretaryCtx, 9, decisionForm())).rejects.toMatchObject({ errors: { outcome: expect.stringContaining('Đợt xét chưa có hội đồng') } });
      expectNothingWritten(empty);
    });
  });

  describe('decide: a paper record', () => {
    const typed = { votesFor: '5', votesAgainst: '1', votesAbstain: '1', councilSize: '7', meanTotal: '82,5' };

    it('takes the typed totals, passes a submitted record through UnderReview to Recognized, and tells nobody', async () => {
      const s = setup({ initiative: { paperRecord: true, status: InitiativeStatus.Submitted, roundId: null }, seats: [] });
      const unit = new Unit({ id: 5, name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District, validFrom: null, validTo: null });
      s.mock(UnitsService).find.mockResolvedValue(unit);
      s.mock(AuthoritiesService).on.mockResolvedValue({ ...defaultProfile(unit), unitId: 5, unit, versionFrom: null });
      await s.sut.decide(admin, 9, decisionForm({ ...typed, level: RecognitionLevel.District, authorityUnitId: '5', signingMode: 'kt', headTitle: 'Chủ tịch', signerTitle: 'Phó Chủ tịch' }));
      expect(s.repo.save).toHaveBeenCalledWith(expect.objectContaining({ votesFor: 5, votesAgainst: 1, votesAbstain: 1, councilSize: 7, meanTotal: 82.5, paperRecord: true, decidedById: 1, authorityUnitId: 5, signerTitle: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH' }));
      const saved = s.repo.save.mock.calls[0][0];
      expect(JSON.parse(saved.snapshot as string)).toMatchObject({ authority: { unitId: 5, lines: ['UBND HUYỆN VĨNH LINH'] }, signer: { mode: 'kt', lines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] }, members: [] });
      expect(s.initiatives.transition.mock.calls.map((c) => c[2])).toEqual([InitiativeStatus.UnderReview, InitiativeStatus.Recognized]);
      expect(s.initiatives.transition.mock.calls[1][3]).toBe('Quyết định 12/QĐ-UBND (nhập từ hồ sơ giấy)');
      expect(s.notifications.tell).not.toHaveBeenCalled();
      expect(s.audit.log).toHaveBeenCalledWith(admin, expect.objectContaining({ summary: 'Công nhận sáng kiến SK-2026-0009 (quyết định 12/QĐ-UBND, 5 trên 7 thành viên đồng ý, nhập từ hồ sơ giấy)' }));
    });

    it('asks which authority decided a record without a round, and holds an ended unit to its years, writing nothing', async () => {
      const s = setup({ initiative: { paperRecord: true, status: InitiativeStatus.Submitted, roundId: null }, seats: [] });
      await expect(s.sut.decide(admin, 9, decisionForm(typed))).rejects.toMatchObject({ errors: { authorityUnitId: 'Vui lòng chọn cơ quan ra quyết định.' } });
      s.mock(UnitsService).find.mockResolvedValue(new Unit({ id: 5, name: 'UBND xã Vĩnh Ô', kind: UnitKind.Commune, validFrom: null, validTo: '2025-06-30' }));
      await expect(s.sut.decide(admin, 9, decisionForm({ ...typed, authorityUnitId: '5', date: '2025-08-01' }))).rejects.toMatchObject({ errors: { authorityUnitId: 'UBND xã Vĩnh Ô chỉ hoạt động đến 30/06/2025: không ra quyết định ngày 01/08/2025.' } });
      expectNothingWritten(s);
    });

    it('applies the 2/3 rule to the typed totals too (4 of 7 is short of 5)', async () => {
      const s = setup({ initiative: { paperRecord: true, roundId: null }, seats: [] });
      await expect(s.sut.decide(admin, 9, decisionForm({ ...typed, votesFor: '4', votesAbstain: '2' }))).rejects.toMatchObject({ errors: { outcome: expect.stringContaining('cần ít nhất 5 trên 7') } });
      expectNothingWritten(s);
    });

    it('refuses typed totals that are not whole numbers, writing nothing', async () => {
      const bad = setup({ initiative: { paperRecord: true, roundId: null }, seats: [] });
      await expect(bad.sut.decide(admin, 9, decisionForm({ ...typed, votesFor: '2,5', councilSize: '' }))).rejects.toMatchObject({
        errors: { votesFor: 'Số phiếu đồng ý phải là số nguyên không âm.', councilSize: 'Vui lòng nhập số thành viên hội đồng.' },
      });
      expectNothingWritten(bad);
    });
  });

  describe("decide: a paper record in a round with a council takes each member's vote from the paper minutes", () => {
    const paper = { paperRecord: true, status: InitiativeStatus.Submitted };

    it('counts the totals from the votes (typed totals ignored), the council being the round’s, and keeps each vote as recorded from the minutes', async () => {
      const s = setup({ initiative: paper });
      await s.sut.decide(admin, 9, decisionForm({ votesFor: '7', councilSize: '9', meanTotal: '82,5', votes: { m11: 'for', m12: 'for', m13: 'abstain' } }));
      expect(s.repo.save).toHaveBeenCalledWith(expect.objectContaining({ votesFor: 2, votesAgainst: 0, votesAbstain: 1, councilSize: 3, meanTotal: 82.5, paperRecord: true }));
      expect(s.repo.saveVote.mock.calls.map(([v]) => [v.memberId, v.vote, v.recordedBy, v.recordedById])).toEqual([
        [11, 'for', 'secretary', 1],
        [12, 'for', 'secretary', 1],
        [13, 'abstain', 'secretary', 1],
      ]);
    });

    it('applies the 2/3 rule to the votes (a member left blank did not vote), writing nothing', async () => {
      const s = setup({ initiative: paper });
      await expect(s.sut.decide(admin, 9, decisionForm({ meanTotal: '80', votes: { m11: 'for', m12: '', m13: 'against' } }))).rejects.toMatchObject({ errors: { outcome: expect.stringContaining('cần ít nhất 2 trên 3') } });
      expectNothingWritten(s);
    });

    it('refuses beside the member a vote that is not one, or a vote of a member in conflict, writing nothing', async () => {
      const s = setup({ initiative: paper, conflicts: { 13: 'Là tác giả của sáng kiến' } });
      await expect(s.sut.decide(admin, 9, decisionForm({ meanTotal: '80', votes: { m11: 'có', m12: 'for', m13: 'for' } }))).rejects.toMatchObject({
        errors: { 'votes.m11': 'Lựa chọn không hợp lệ.', 'votes.m13': expect.stringContaining('không biểu quyết vì xung đột lợi ích (Là tác giả của sáng kiến)') },
      });
      expectNothingWritten(s);
    });
  });

  describe('returnForRevision', () => {
    it('returns the initiative for a new scoring cycle, tells the authors and audits', async () => {
      const s = setup({ initiative: { reviewCycle: 2 } });
      await s.sut.returnForRevision(secretaryCtx, 9, 'Bổ sung số liệu');
      expect(s.initiatives.transition).toHaveBeenCalledWith(secretaryCtx, 9, InitiativeStatus.Returned, 'Bổ sung số liệu', { reviewCycle: 3 });
      expect(s.notifications.tell).toHaveBeenCalledWith([2, 3], 'returned', 'Sáng kiến "Một cửa liên thông" được trả lại để bổ sung. Nội dung cần bổ sung: Bổ sung số liệu.', '/initiatives/9');
      expect(s.audit.log).toHaveBeenCalledWith(secretaryCtx, { action: 'initiative.return', entityType: 'initiative', entityId: 9, summary: 'Trả lại sáng kiến SK-2026-0009 để bổ sung: Bổ sung số liệu' });
      expect(s.uow.run).toHaveBeenCalledTimes(1);
    });

    it('refuses an initiative neither submitted nor under review, writing nothing', async () => {
      for (const status of [InitiativeStatus.Recognized, InitiativeStatus.Returned]) {
        const s = setup({ initiative: { status } });
        await expect(s.sut.returnForRevision(secretaryCtx, 9, 'x')).rejects.toThrow('Chỉ trả lại được sáng kiến đã nộp hoặc đang xét.');
        expectNothingWritten(s);
      }
    });
  });

  describe('the council seats (ROUND_SCORES)', () => {
    it('keeps a seat that has voted on the council, and never freezes the criteria', async () => {
      const s = setup();
      s.repo.memberHasVotes.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
      await expect(s.sut.unassignUnlessSubmitted(13)).resolves.toBe(false);
      await expect(s.sut.unassignUnlessSubmitted(14)).resolves.toBe(true);
      expect(s.repo.memberHasVotes.mock.calls).toEqual([[13], [14]]);
      await expect(s.sut.scoresExist()).resolves.toBe(false);
    });
  });
});
