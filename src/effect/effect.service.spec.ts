import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { DecisionsService } from '../decisions/decisions.service';
import { InitiativeStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AdoptionEvidence } from '../replication/adoption-evidence';
import { ReplicationService } from '../replication/replication.service';
import { CouncilMember } from '../rounds/council-member.entity';
import { Criterion } from '../rounds/criterion.entity';
import { Round } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { UnitsService } from '../units/units.service';
import { UnitKind } from '../units/unit-kinds';
import { Role } from '../users/roles';
import { ctxOf, person } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';
import { EffectDecisionDto } from './dto/effect.dto';
import { EffectItem, EffectSheet, EffectVote } from './effect-item.entity';
import { EffectRepository } from './effect.repository';
import { EffectService } from './effect.service';

const secretary = ctxOf(person(500, [Role.CouncilSecretary]));
const outsider = ctxOf(person(777, [Role.CouncilSecretary]));

const evidence = (level: RecognitionLevel | null): AdoptionEvidence => ({
  adopted: [],
  byKind: [],
  declined: [],
  inProgress: 0,
  indicators: [],
  communesAdopted: 2,
  communesInForce: 32,
  proposal: { level, reason: 'Áp dụng tại 2 đơn vị' },
});

function setup(o: { status?: Round['status']; kind?: string; initiative?: Partial<Initiative> | null; exists?: boolean; inScope?: boolean; outcome?: EffectItem['outcome']; votes?: EffectVote[]; sheets?: EffectSheet[] } = {}) {
  const round = { id: 3, name: 'Đợt xét hiệu quả 2026', kind: o.kind ?? 'effect', status: o.status ?? 'evaluating', organisingUnitId: 1, threshold: 70, voteRule: 'two_thirds', scopeUnits: 2, scopeCommuneShare: 20, conflictSameUnit: false } as Round;
  const initiative = o.initiative === null ? null : ({ id: 9, code: 'SK-2022-0005', title: 'Mã QR', status: InitiativeStatus.Recognized, unitId: 5, createdById: 2, authors: [{ userId: 3 }], ...o.initiative } as Initiative);
  const members = [1, 2, 3, 4, 5].map((k) => ({ id: 10 + k, userId: 100 + k, role: k === 1 ? 'chair' : 'member', user: { fullName: `Thành viên ${k}`, unitId: 1 } }) as unknown as CouncilMember);
  const item = new EffectItem({ id: 40, roundId: 3, initiativeId: 9, round, initiative: initiative ?? undefined, outcome: o.outcome ?? null, evidence: null });
  const criteria = [{ id: 1, name: 'Hiệu quả áp dụng', maxPoints: 40, weight: null }, { id: 2, name: 'Phạm vi ảnh hưởng', maxPoints: 30, weight: null }, { id: 3, name: 'Khả năng nhân rộng', maxPoints: 30, weight: null }] as Criterion[];
  const { sut, mock } = newTestService(EffectService);
  const rounds = mock(RoundsService);
  rounds.findOne.mockResolvedValue(round);
  rounds.manages.mockImplementation(async (user) => user?.id === 500);
  rounds.assertManages.mockImplementation(async (c) => {
    if (c.user.id !== 500) throw new ForbiddenException('Bạn chỉ quản lý được đợt xét do đơn vị mình tổ chức.');
  });
  rounds.criteria.mockResolvedValue(criteria);
  rounds.members.mockResolvedValue(members);
  mock(InitiativesService).byCode.mockImplementation(async (code) => (initiative && initiative.code === code ? initiative : null));
  mock(UnitsService).scopeIds.mockResolvedValue(new Set(o.inScope === false ? [1] : [1, 5]));
  mock(UnitsService).archiveOf.mockResolvedValue([]);
  mock(ReplicationService).evidenceOf.mockResolvedValue(evidence(RecognitionLevel.Province));
  const decisions = mock(DecisionsService);
  decisions.organiser.mockResolvedValue({ id: 1, kind: UnitKind.Province, name: 'Tỉnh Quảng Trị' } as never);
  decisions.authorityOn.mockResolvedValue(null);
  decisions.membersNow.mockResolvedValue([]);
  const repo = mock(EffectRepository);
  repo.exists.mockResolvedValue(o.exists ?? false);
  repo.save.mockImplementation(async (x) => x);
  repo.load.mockResolvedValue(item);
  repo.sheets.mockResolvedValue(o.sheets ?? []);
  repo.votes.mockResolvedValue(o.votes ?? []);
  repo.saveVote.mockImplementation(async (v) => v);
  repo.ofInitiatives.mockResolvedValue([]);
  return { sut, repo, rounds, audit: mock(AuditService), notifications: mock(NotificationsService), item };
}

const sheet = (memberId: number, points: number[]) => new EffectSheet({ itemId: 40, memberId, status: 'submitted', points: { 1: points[0], 2: points[1], 3: points[2] } });
const decisionForm = (over: Partial<EffectDecisionDto> = {}) => ({
  value: Object.assign(new EffectDecisionDto(), { outcome: 'recognized', level: 'province', number: '45/QĐ-UBND', date: '2026-12-01', place: 'Quảng Trị', signingMode: 'own', headTitle: 'CHỦ TỊCH', signerName: 'Lê Văn A', votes: {}, ...over }),
  errors: {},
});

describe(EffectService.name, () => {
  describe('add', () => {
    it('keeps the scope the round’s rule proposes from the evidence, and audits it', async () => {
      const s = setup();
      const item = await s.sut.add(secretary, 3, ' sk-2022-5 ');
      expect(item).toMatchObject({ roundId: 3, initiativeId: 9, proposedLevel: RecognitionLevel.Province });
      expect(s.audit.log).toHaveBeenCalledWith(secretary, expect.objectContaining({ action: 'effect.add', entityType: 'round', entityId: 3 }));
    });
    it('refuses beside the field an initiative not recognised, already there, or outside the organiser’s units', async () => {
      for (const [o, message] of [
        [{ initiative: { status: InitiativeStatus.Submitted } }, 'chưa được công nhận'],
        [{ exists: true }, 'đã có trong đợt xét này'],
        [{ inScope: false }, 'Không tìm thấy sáng kiến có mã "SK-2022-0005"'],
      ] as const) {
        const s = setup(o);
        const refused = await s.sut.add(secretary, 3, 'SK-2022-0005').catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(FormInvalidException);
        expect((refused as FormInvalidException).errors.code).toContain(message);
        expect(s.repo.save).not.toHaveBeenCalled();
      }
    });
    it('refuses a round of recognition, and anyone who does not manage the round', async () => {
      await expect(setup({ kind: 'recognition' }).sut.add(secretary, 3, 'SK-2022-0005')).rejects.toBeInstanceOf(BadRequestException);
      const s = setup();
      await expect(s.sut.add(outsider, 3, 'SK-2022-0005')).rejects.toBeInstanceOf(ForbiddenException);
      expect(s.repo.save).not.toHaveBeenCalled();
    });
  });

  it('refuses an initiative still waiting for a decision in another round of effect and scope', async () => {
    const s = setup();
    s.repo.ofInitiatives.mockResolvedValue([new EffectItem({ id: 7, roundId: 2, initiativeId: 9, outcome: null, round: { name: 'Đợt xét hiệu quả 2025', status: 'evaluating' } as Round })]);
    const refused = await s.sut.add(secretary, 3, 'SK-2022-0005').catch((e: unknown) => e);
    expect((refused as FormInvalidException).errors.code).toContain('đang chờ quyết định ở đợt xét "Đợt xét hiệu quả 2025"');
    expect(s.repo.save).not.toHaveBeenCalled();
  });

  it('lets a seat leave the council with its draft sheets, not once it submitted or voted', async () => {
    const s = setup();
    s.repo.memberHasWork.mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    await expect(s.sut.unassignUnlessSubmitted(12)).resolves.toBe(true);
    expect(s.repo.deleteDraftSheetsOf).toHaveBeenCalledWith(12);
    await expect(s.sut.unassignUnlessSubmitted(13)).resolves.toBe(false);
    expect(s.repo.deleteDraftSheetsOf).toHaveBeenCalledTimes(1);
  });

  describe('decide', () => {
    const fourFor = { m11: 'for', m12: 'for', m13: 'for', m14: 'for', m15: 'against' };
    it('records the scope, the tally, the mean and the evidence of the day, tells the authors and audits', async () => {
      const s = setup({ sheets: [sheet(11, [35, 25, 25]), sheet(12, [33, 24, 23])] });
      const saved = await s.sut.decide(secretary, 40, decisionForm({ votes: fourFor }));
      expect(saved).toMatchObject({ outcome: 'recognized', level: RecognitionLevel.Province, votesFor: 4, votesAgainst: 1, councilSize: 5, meanTotal: 82.5, number: '45/QĐ-UBND' });
      expect(JSON.parse(saved.evidence as string).proposal.level).toBe('province');
      expect(s.repo.saveVote).toHaveBeenCalledTimes(5);
      expect(s.notifications.tell).toHaveBeenCalledWith([2, 3], 'effect-decision', expect.stringContaining('phạm vi ảnh hưởng cấp tỉnh'), '/initiatives/9');
      expect(s.audit.log).toHaveBeenCalledWith(secretary, expect.objectContaining({ action: 'effect.decision', entityId: 9 }));
    });
    it('refuses a recognition the vote rule does not carry, with the reason beside the result', async () => {
      const s = setup({ sheets: [sheet(11, [35, 25, 25])] });
      const refused = await s.sut.decide(secretary, 40, decisionForm({ votes: { m11: 'for', m12: 'for', m13: 'for' } })).catch((e: unknown) => e);
      expect((refused as FormInvalidException).errors.outcome).toContain('cần ít nhất 4 trên 5');
      expect(s.repo.save).not.toHaveBeenCalled();
      expect(s.notifications.tell).not.toHaveBeenCalled();
    });
    it('refuses an item already decided, or in a round not being scored', async () => {
      await expect(setup({ outcome: 'recognized' }).sut.decide(secretary, 40, decisionForm())).rejects.toBeInstanceOf(BadRequestException);
      await expect(setup({ status: 'open' }).sut.decide(secretary, 40, decisionForm())).rejects.toBeInstanceOf(BadRequestException);
    });
    it('gives an author on the council no vote', async () => {
      const s = setup({ initiative: { authors: [{ userId: 103 }] as Initiative['authors'] } });
      const refused = await s.sut.decide(secretary, 40, decisionForm({ votes: fourFor })).catch((e: unknown) => e);
      expect((refused as FormInvalidException).errors['votes.m13']).toContain('xung đột lợi ích');
      expect(s.repo.save).not.toHaveBeenCalled();
    });
  });

  describe('saveSheet', () => {
    it('takes a member’s complete sheet, and refuses a score over the criterion’s maximum beside its box', async () => {
      const member = ctxOf(person(102, [Role.CouncilMember]));
      const s = setup();
      s.repo.saveSheet.mockImplementation(async (x) => x);
      const saved = await s.sut.saveSheet(member, 40, { points: { c1: '35', c2: '25,5', c3: '25' }, comment: ' Tốt ', submit: '1' });
      expect(saved).toMatchObject({ memberId: 12, status: 'submitted', comment: 'Tốt', points: { 1: 35, 2: 25.5, 3: 25 } });
      const refused = await s.sut.saveSheet(member, 40, { points: { c1: '45', c2: '25', c3: '25' }, comment: '', submit: '1' }).catch((e: unknown) => e);
      expect((refused as FormInvalidException).errors['points.c1']).toBe('Hiệu quả áp dụng: điểm phải từ 0 đến 40.');
      expect(s.repo.saveSheet).toHaveBeenCalledTimes(1);
    });
    it('refuses someone not on the council', async () => {
      await expect(setup().sut.saveSheet(outsider, 40, { points: {}, comment: '', submit: '' })).rejects.toBeInstanceOf(ForbiddenException);
    });
  });
});
