import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { InitiativeStatus } from '../initiatives/initiative-status';
import { InitiativeTransition } from '../initiatives/initiative-transition.entity';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Round } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { Role } from '../users/roles';
import { adminCtx, ctxOf, person } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { DuplicateMark } from './duplicate-mark.entity';
import { DuplicatesService } from './duplicates.service';

const secretary = ctxOf(person(500, [Role.CouncilSecretary]));
const outsider = ctxOf(person(777, [Role.CouncilSecretary]));

function setup(o: { status?: InitiativeStatus; round?: Partial<Round> | null; original?: Partial<Initiative> | null; mark?: DuplicateMark | null; before?: InitiativeStatus } = {}) {
  const initiative = { id: 9, code: 'SK-2026-0009', title: 'Mã QR ở bộ phận một cửa', status: o.status ?? InitiativeStatus.UnderReview, roundId: 3, createdById: 2, authors: [{ userId: 3 }, { userId: null }] } as Initiative;
  const original = o.original === null ? null : ({ id: 1, code: 'SK-2022-0001', title: 'Tra cứu hồ sơ bằng mã QR', status: InitiativeStatus.Recognized, ...o.original } as Initiative);
  const { sut, mock } = newTestService(DuplicatesService);
  const initiatives = mock(InitiativesService);
  initiatives.load.mockResolvedValue(initiative);
  initiatives.byCode.mockImplementation(async (code) => (original && original.code === code ? original : null));
  initiatives.history.mockResolvedValue({
    transitions: [
      { fromStatus: InitiativeStatus.Submitted, toStatus: InitiativeStatus.UnderReview } as InitiativeTransition,
      { fromStatus: o.before ?? InitiativeStatus.UnderReview, toStatus: InitiativeStatus.Duplicate } as InitiativeTransition,
    ],
    revisions: [],
  });
  // As the real one: 403 for whoever does not manage the initiative's round (the secretary 500 and the administrator 1 do).
  mock(DecisionsService).assertManagesRoundOf.mockImplementation(async (c) => {
    if (c.user.id !== 500 && c.user.id !== 1) throw new ForbiddenException('Bạn chỉ xử lý được sáng kiến của đợt xét do đơn vị mình tổ chức.');
  });
  mock(RoundsService).find.mockResolvedValue(o.round === null ? null : ({ id: 3, name: 'Đợt 2026', status: 'evaluating', ...o.round } as Round));
  const repo = mock(DecisionsRepository);
  repo.duplicateMarkOf.mockResolvedValue(o.mark ?? null);
  return { sut, initiatives, repo, notifications: mock(NotificationsService), audit: mock(AuditService), initiative };
}

type Setup = ReturnType<typeof setup>;

function expectNothingWritten(s: Setup) {
  expect(s.initiatives.transition).not.toHaveBeenCalled();
  expect(s.repo.saveDuplicateMark).not.toHaveBeenCalled();
  expect(s.repo.deleteDuplicateMark).not.toHaveBeenCalled();
  expect(s.notifications.tell).not.toHaveBeenCalled();
  expect(s.audit.log).not.toHaveBeenCalled();
}

describe(DuplicatesService.name, () => {
  describe('mark', () => {
    it('takes the initiative out of scoring, keeps the finding, tells the authors once each and audits it', async () => {
      const s = setup();
      await s.sut.mark(secretary, 9, { originalCode: ' sk-2022-1 ', reason: '  Cùng giải pháp mã QR  ' });
      expect(s.initiatives.lockForUpdate).toHaveBeenCalledWith([9]);
      expect(s.initiatives.transition).toHaveBeenCalledWith(secretary, 9, InitiativeStatus.Duplicate, 'Trùng với sáng kiến SK-2022-0001: Cùng giải pháp mã QR');
      expect(s.repo.saveDuplicateMark).toHaveBeenCalledWith(expect.objectContaining({ initiativeId: 9, originalId: 1, reason: 'Cùng giải pháp mã QR', markedById: 500 }));
      expect(s.notifications.tell).toHaveBeenCalledWith([2, 3], 'duplicate', expect.stringContaining('trùng với sáng kiến SK-2022-0001'), '/initiatives/9');
      expect(s.audit.log).toHaveBeenCalledWith(secretary, expect.objectContaining({ action: 'initiative.duplicate', entityId: 9, changes: [{ field: 'status', before: 'under_review', after: 'duplicate' }] }));
    });

    it('refuses (403) one who does not manage the round, before reading the form', async () => {
      const s = setup({ original: null });
      await expect(s.sut.mark(outsider, 9, { originalCode: '', reason: '' })).rejects.toBeInstanceOf(ForbiddenException);
      expect(s.initiatives.byCode).not.toHaveBeenCalled();
      expectNothingWritten(s);
    });

    it('sends the form back with a message per field, and writes nothing', async () => {
      const s = setup({ original: null });
      const refused = s.sut.mark(secretary, 9, { originalCode: 'SK-2022-0404', reason: '' });
      await expect(refused).rejects.toBeInstanceOf(FormInvalidException);
      await expect(refused).rejects.toMatchObject({ errors: { originalCode: 'Không có sáng kiến nào mang mã SK-2022-0404.', reason: 'Nêu lý do: hai sáng kiến trùng nhau ở điểm nào.' } });
      expectNothingWritten(s);
    });

    it('names the initiative a duplicate repeats', async () => {
      const root = { code: 'SK-2021-0002' } as Initiative;
      const s = setup({ original: { id: 5, code: 'SK-2025-0005', status: InitiativeStatus.Duplicate }, mark: new DuplicateMark({ initiativeId: 5, originalId: 2, original: root }) });
      await expect(s.sut.mark(secretary, 9, { originalCode: 'SK-2025-0005', reason: 'Như nhau' })).rejects.toMatchObject({ errors: { originalCode: 'Sáng kiến SK-2025-0005 cũng đã được xác định trùng với SK-2021-0002: hãy ghi SK-2021-0002.' } });
      expectNothingWritten(s);
    });

    it('refuses an initiative already decided, returned or a draft', async () => {
      for (const status of [InitiativeStatus.Recognized, InitiativeStatus.Returned, InitiativeStatus.Draft, InitiativeStatus.Duplicate]) {
        const s = setup({ status });
        await expect(s.sut.mark(secretary, 9, { originalCode: 'SK-2022-0001', reason: 'x' })).rejects.toBeInstanceOf(BadRequestException);
        expectNothingWritten(s);
      }
    });
  });

  describe('undo', () => {
    const mark = () => new DuplicateMark({ id: 70, initiativeId: 9, originalId: 1, reason: 'Cùng giải pháp', original: { id: 1, code: 'SK-2022-0001' } as Initiative });

    it('puts it back where it was while its round is open, and deletes the finding', async () => {
      const s = setup({ status: InitiativeStatus.Duplicate, mark: mark(), before: InitiativeStatus.UnderReview });
      await expect(s.sut.undo(secretary, 9, 'Khác phạm vi áp dụng')).resolves.toEqual({ status: InitiativeStatus.UnderReview, leftRound: false });
      expect(s.initiatives.transition).toHaveBeenCalledWith(secretary, 9, InitiativeStatus.UnderReview, 'Bỏ xác định trùng với sáng kiến SK-2022-0001: Khác phạm vi áp dụng', {});
      expect(s.repo.deleteDuplicateMark).toHaveBeenCalledWith(70);
      expect(s.audit.log).toHaveBeenCalledWith(secretary, expect.objectContaining({ action: 'initiative.duplicate.undo' }));
      expect(s.notifications.tell).toHaveBeenCalledWith([2, 3], 'duplicate-undone', expect.any(String), '/initiatives/9');
    });

    it('sends it to the queue of submissions waiting for a round once its round has closed', async () => {
      const s = setup({ status: InitiativeStatus.Duplicate, mark: mark(), round: { status: 'closed' } });
      await expect(s.sut.undo(adminCtx(), 9, 'Nhầm mã')).resolves.toEqual({ status: InitiativeStatus.Submitted, leftRound: true });
      expect(s.initiatives.transition).toHaveBeenCalledWith(expect.anything(), 9, InitiativeStatus.Submitted, expect.stringContaining('chờ đưa vào đợt xét mới'), { roundId: null });
    });

    it('asks for a reason, refuses one not found a duplicate, and refuses (403) one who does not manage the round', async () => {
      const s = setup({ status: InitiativeStatus.Duplicate, mark: mark() });
      await expect(s.sut.undo(secretary, 9, '  ')).rejects.toMatchObject({ errors: { undoNote: 'Nêu lý do bỏ xác định trùng.' } });
      await expect(s.sut.undo(outsider, 9, 'Nhầm')).rejects.toBeInstanceOf(ForbiddenException);
      const t = setup({ status: InitiativeStatus.UnderReview });
      await expect(t.sut.undo(secretary, 9, 'Nhầm')).rejects.toBeInstanceOf(BadRequestException);
      expectNothingWritten(s);
      expectNothingWritten(t);
    });
  });
});
