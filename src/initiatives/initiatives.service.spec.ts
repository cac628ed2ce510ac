import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { FormInvalidException } from '../common/exceptions';
import { AuditService } from '../audit/audit.service';
import { Viewer, viewerWithScope } from '../common/viewer';
import { ReadCache } from '../database/read-cache';
import { RoundsService } from '../rounds/rounds.service';
import { UnitsService } from '../units/units.service';
import { Role } from '../users/roles';
import { InitiativeStatus as S } from './initiative-status';
import { Initiative } from './initiative.entity';
import { InitiativesRepository } from './initiatives.repository';
import { COUNT_CAP, InitiativesService, RANK_CANDIDATES } from './initiatives.service';
import { ctxOf } from '../../test/utils/context';
import { fakeUnitOfWork, newTestService, provide } from '../../test/utils/mocks';
import { InitiativeAuthor } from './initiative-author.entity';
import { Round } from '../rounds/round.entity';

const VINH_HOA = 9;
const person = (id: number, roles: Role[], unitId = VINH_HOA): Viewer => viewerWithScope({ id, username: `u${id}`, fullName: '', position: '', unitId, unitName: '', roles, mustChangePassword: false }, [unitId, 90]);
const author = person(3, [Role.Author]);
const ctx = ctxOf(author);

const complete = new Initiative({
  id: 40,
  title: 'Mã QR',
  unitId: VINH_HOA,
  createdById: author.id,
  status: S.Draft,
  code: null,
  year: 2026,
  reviewCycle: 1,
  problem: 'Thực trạng',
  solution: 'Giải pháp',
  novelty: 'Tính mới',
  effects: 'Hiệu quả',
  firstAppliedDate: '2026-10-01',
  authors: [new InitiativeAuthor({ userId: author.id, share: 100, fullName: 'Ngô Thị Thanh Hà', position: 0 })],
  indicators: [],
  round: null,
});

/** The service on typed mocks; `cache` replaces the pass-through read cache (to test what it keeps). */
function setup(initiative: Partial<Initiative> = {}, cache?: ReadCache) {
  const current = new Initiative({ ...complete, ...initiative });
  const { sut, mock } = newTestService(InitiativesService, cache ? [provide(ReadCache, cache)] : []);
  const repo = mock(InitiativesRepository);
  repo.load.mockResolvedValue(current);
  repo.plainOrFail.mockResolvedValue(current);
  repo.nextCode.mockResolvedValue('SK-2026-0007');
  repo.list.mockResolvedValue({ count: 0, ids: [] });
  repo.shortRows.mockResolvedValue([]);
  mock(UnitsService).scopeIds.mockImplementation(async (id: number) => new Set([id, 90]));
  const rounds = mock(RoundsService);
  rounds.isCouncilMember.mockResolvedValue(false);
  rounds.receivingFor.mockResolvedValue([]);
  return { sut, repo, audit: mock(AuditService), rounds };
}

describe(InitiativesService.name, () => {
  describe('submit', () => {
    it('gives a complete draft its code at the first submission, with the transition, a first revision and the audit', async () => {
      const { sut, repo, audit } = setup();
      await sut.submit(ctx, 40, '');
      expect(repo.nextCode).toHaveBeenCalledWith(expect.any(Number));
      expect(repo.update).toHaveBeenCalledWith(40, expect.objectContaining({ status: S.Submitted, code: 'SK-2026-0007' }));
      expect(repo.addTransition).toHaveBeenCalledWith(expect.objectContaining({ fromStatus: S.Draft, toStatus: S.Submitted, note: expect.stringMatching(/^Nộp lần đầu/) }));
      expect(repo.addRevision).toHaveBeenCalledWith(40, expect.objectContaining({ changes: null }));
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'initiative.submit' }));
    });

    it('says what is missing from an incomplete one, and changes nothing', async () => {
      const { sut, repo } = setup({ novelty: '', authors: [{ userId: author.id, share: 60 }] as Initiative['authors'] });
      await expect(sut.submit(ctx, 40, '')).rejects.toThrow(/cần điền tính mới/);
      expect(repo.update).not.toHaveBeenCalled();
      expect(repo.nextCode).not.toHaveBeenCalled();
    });

    it('refuses someone of another side (403), and an initiative already submitted (400)', async () => {
      const other = setup({ createdById: 77, authors: [] });
      await expect(other.sut.submit(ctxOf(person(8, [Role.Author], 12)), 40, '')).rejects.toBeInstanceOf(ForbiddenException);
      expect(other.repo.update).not.toHaveBeenCalled();
      const submitted = setup({ status: S.Submitted, code: 'SK-2026-0001' });
      await expect(submitted.sut.submit(ctx, 40, '')).rejects.toBeInstanceOf(BadRequestException);
      expect(submitted.repo.update).not.toHaveBeenCalled();
    });

    it('joins the only open round receiving for the unit, in that round\'s year', async () => {
      const { sut, repo, rounds } = setup({ firstAppliedDate: '2016-03-01' });
      rounds.receivingFor.mockResolvedValueOnce([new Round({ id: 5, year: 2016, name: 'Đợt 2016', status: 'open' })]);
      await sut.submit(ctx, 40, '');
      expect(rounds.receivingFor).toHaveBeenCalledWith(VINH_HOA, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
      expect(repo.nextCode).toHaveBeenCalledWith(2016);
      expect(repo.update).toHaveBeenCalledWith(40, expect.objectContaining({ status: S.Submitted, roundId: 5, year: 2016 }));
      expect(repo.addTransition).toHaveBeenCalledWith(expect.objectContaining({ note: expect.stringContaining('Đưa vào đợt xét "Đợt 2016"') }));
    });

    it('waits without a round when several rounds (or none) could take it', async () => {
      const { sut, repo, rounds } = setup();
      rounds.receivingFor.mockResolvedValueOnce([new Round({ id: 5, year: 2026, name: 'Đợt A' }), new Round({ id: 6, year: 2026, name: 'Đợt B' })]);
      await sut.submit(ctx, 40, '');
      expect(repo.update).toHaveBeenCalledWith(40, expect.objectContaining({ status: S.Submitted, roundId: null }));
      // Why it waits, on the timeline (and, from there, in the secretary's queue).
      expect(repo.addTransition).toHaveBeenCalledWith(expect.objectContaining({ note: expect.stringContaining('Chờ Thư ký hội đồng đưa vào đợt xét: ngày nộp') }));
      expect(repo.addTransition).toHaveBeenCalledWith(expect.objectContaining({ note: expect.stringContaining('có 2 đợt xét cùng nhận hồ sơ của đơn vị ("Đợt A"; "Đợt B")') }));
    });

    it('refuses a submission to a round outside its receiving dates; the admin needs a reason, which is kept', async () => {
      const late = { id: 5, year: 2020, name: 'Đợt 2020', status: 'open', submissionStart: '2020-01-01', submissionEnd: '2020-02-01' };
      const refused = setup({ round: late, roundId: 5, firstAppliedDate: '2019-10-01' } as Partial<Initiative>);
      await expect(refused.sut.submit(ctx, 40, '')).rejects.toThrow(/ngoài thời gian nhận hồ sơ/);
      expect(refused.repo.update).not.toHaveBeenCalled();
      const admin = ctxOf(person(1, [Role.DistrictAdmin], 2));
      const noReason = setup({ round: late, roundId: 5, firstAppliedDate: '2019-10-01' } as Partial<Initiative>);
      await expect(noReason.sut.submit(admin, 40, '', '  ')).rejects.toBeInstanceOf(FormInvalidException);
      expect(noReason.repo.update).not.toHaveBeenCalled();
      const allowed = setup({ round: late, roundId: 5, firstAppliedDate: '2019-10-01' } as Partial<Initiative>);
      await allowed.sut.submit(admin, 40, '', 'Xã gửi hồ sơ giấy đúng hạn, nhập chậm');
      expect(allowed.repo.update).toHaveBeenCalledWith(40, expect.objectContaining({ status: S.Submitted, roundId: 5, year: 2020 }));
      expect(allowed.repo.addTransition).toHaveBeenCalledWith(expect.objectContaining({ note: expect.stringContaining('Lý do: Xã gửi hồ sơ giấy đúng hạn, nhập chậm') }));
      expect(allowed.audit.log).toHaveBeenCalledWith(admin, expect.objectContaining({ action: 'initiative.submit_override' }));
    });

    it('sends a supplemented initiative straight back to the council', async () => {
      const { sut, repo } = setup({ status: S.Returned, code: 'SK-2026-0002', reviewCycle: 2 });
      await sut.submit(ctx, 40, '');
      expect(repo.nextCode).not.toHaveBeenCalled();
      expect(repo.update).toHaveBeenLastCalledWith(40, { status: S.UnderReview });
      expect(repo.addRevision).not.toHaveBeenCalled();
    });
  });

  it('refuses an illegal transition, changing nothing', async () => {
    const { sut, repo } = setup({ status: S.Recognized });
    await expect(sut.transition(ctx, 40, S.UnderReview, '')).rejects.toBeInstanceOf(BadRequestException);
    expect(repo.update).not.toHaveBeenCalled();
    expect(repo.addTransition).not.toHaveBeenCalled();
  });

  describe('a round of a year before the initiative began', () => {
    const round2018 = new Round({ id: 18, name: 'Đợt xét năm 2018', year: 2018, status: 'open', submissionStart: null, submissionEnd: null, organisingUnitId: null });

    it('is refused when the secretary attaches a waiting submission to it, beside the field, and nothing is written', async () => {
      const { sut, repo, audit, rounds } = setup({ status: S.Submitted, code: 'SK-2026-0007', roundId: null, firstAppliedDate: '2025-08-01' });
      rounds.find.mockResolvedValue(round2018);
      await expect(sut.attachToRound(ctx, 40, 18)).rejects.toMatchObject({ errors: { roundId: expect.stringContaining('là của năm 2018, trước năm 2025') } });
      await expect(sut.attachToRound(ctx, 40, 18)).rejects.toBeInstanceOf(FormInvalidException);
      expect(repo.update).not.toHaveBeenCalled();
      expect(repo.nextCode).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('is not joined by a submission, which waits saying why', async () => {
      const { sut, repo, rounds } = setup({ firstAppliedDate: '2025-08-01' });
      rounds.receivingFor.mockResolvedValue([round2018]);
      await sut.submit(ctx, 40, '');
      expect(repo.update).toHaveBeenCalledWith(40, expect.objectContaining({ status: S.Submitted, roundId: null }));
      expect(repo.addTransition).toHaveBeenCalledWith(expect.objectContaining({ note: expect.stringContaining('chỉ có đợt xét "Đợt xét năm 2018" đang nhận hồ sơ của đơn vị, nhưng không đưa sáng kiến vào được') }));
    });

    it('is refused when it was chosen on the draft, and nothing is written', async () => {
      const { sut, repo } = setup({ firstAppliedDate: '2025-08-01', roundId: 18, round: round2018 });
      await expect(sut.submit(ctx, 40, '')).rejects.toBeInstanceOf(BadRequestException);
      expect(repo.update).not.toHaveBeenCalled();
      expect(repo.nextCode).not.toHaveBeenCalled();
    });
  });

  describe('list', () => {
    it('keeps a page found for an audience and a filter, for that audience, filter and page only', async () => {
      const { sut, repo } = setup({}, new ReadCache(fakeUnitOfWork(), { ttlMs: 10_000 }));
      const focal = { user: person(5, [Role.UnitFocal]) };
      await sut.list({ q: 'dich vu' }, { public: true }, 1, 20);
      await sut.list({ q: 'dich vu' }, { public: true }, 1, 20);
      expect(repo.list).toHaveBeenCalledTimes(1);
      expect(repo.shortRows).toHaveBeenCalledTimes(2);
      await sut.list({ q: 'dich vu' }, focal, 1, 20);
      await sut.list({ q: 'dich vu' }, { user: person(6, [Role.UnitFocal]) }, 1, 20);
      await sut.list({ q: 'dich vu' }, { public: true }, 2, 20);
      await sut.list({ q: 'dich vu', sort: 'newest' }, { public: true }, 1, 20);
      await sut.list({ q: 'dich vu', unitId: 9 }, { public: true }, 1, 20);
      expect(repo.list).toHaveBeenCalledTimes(6);
      await sut.list({ q: 'dich vu' }, focal, 1, 20);
      expect(repo.list).toHaveBeenCalledTimes(6);
    });

    it('ranks a search among its newest candidates always (all of them when fewer), and says so only when there were more than counted', async () => {
      const { sut, repo } = setup();
      repo.list.mockResolvedValueOnce({ count: 12, ids: [] });
      expect((await sut.list({ q: 'dich vu' }, { public: true }, 1, 20)).rankedWithin).toBeNull();
      // The count is told the bound too: it may find the candidates for the page.
      expect(repo.list).toHaveBeenLastCalledWith({ q: 'dich vu' }, { public: true }, { page: 1, pageSize: 20, cap: COUNT_CAP }, RANK_CANDIDATES);
      repo.list.mockResolvedValueOnce({ count: COUNT_CAP + 1, ids: [] });
      expect((await sut.list({ q: 'dich vu' }, { public: true }, 2, 20)).rankedWithin).toBe(RANK_CANDIDATES);
      expect(repo.list).toHaveBeenLastCalledWith({ q: 'dich vu' }, { public: true }, { page: 2, pageSize: 20, cap: COUNT_CAP }, RANK_CANDIDATES);
      repo.list.mockResolvedValueOnce({ count: COUNT_CAP + 1, ids: [] });
      await sut.list({ q: 'dich vu', sort: 'newest' }, { public: true }, 1, 20);
      expect(repo.list).toHaveBeenLastCalledWith({ q: 'dich vu', sort: 'newest' }, { public: true }, { page: 1, pageSize: 20, cap: COUNT_CAP }, undefined);
    });

    it('shows the count and the page of one reading, asked once per page', async () => {
      const { sut, repo } = setup();
      repo.list.mockResolvedValueOnce({ count: COUNT_CAP + 1, ids: [7, 3] });
      repo.shortRows.mockImplementationOnce(async (ids: number[]) => ids.map((id) => ({ id }) as Initiative));
      const page = await sut.list({ q: 'dich vu', year: 2024 }, { public: true }, 3, 2);
      expect(page).toEqual({ initiatives: [{ id: 7 }, { id: 3 }], total: COUNT_CAP, capped: true, rankedWithin: RANK_CANDIDATES });
      expect(repo.list).toHaveBeenCalledTimes(1);
      expect(repo.shortRows).toHaveBeenCalledWith([7, 3]);
    });

    it('exports every match from one reading, in batches', async () => {
      const { sut, repo } = setup();
      repo.list.mockResolvedValueOnce({ count: 3, ids: [5, 4, 1] });
      repo.shortRows.mockImplementation(async (ids: number[]) => ids.map((id) => ({ id }) as Initiative));
      const batches: number[][] = [];
      for await (const rows of sut.each({ q: 'dich vu' }, { public: true }, 2)) batches.push(rows.map((r) => r.id));
      expect(batches).toEqual([[5, 4], [1]]);
      expect(repo.list).toHaveBeenCalledTimes(1);
      expect(repo.list).toHaveBeenCalledWith({ q: 'dich vu' }, { public: true });
    });

    it('lists only what each audience may see: public, everything for the district, else the user’s scope', async () => {
      const { sut, repo } = setup();
      await sut.list({}, { public: true }, 1, 20);
      expect(repo.list).toHaveBeenLastCalledWith({}, { public: true }, expect.any(Object), undefined);
      await sut.list({}, { user: person(1, [Role.DistrictAdmin], 2) }, 1, 20);
      expect(repo.list).toHaveBeenLastCalledWith({}, { everything: true }, expect.any(Object), undefined);
      await sut.list({ unitId: 9 }, { user: person(5, [Role.UnitFocal]) }, 1, 20);
      expect(repo.list).toHaveBeenLastCalledWith({ unitId: 9, unitIds: [9, 90] }, { userId: 5, scope: [VINH_HOA, 90], focal: true, council: false }, expect.any(Object), undefined);
    });
  });
});
