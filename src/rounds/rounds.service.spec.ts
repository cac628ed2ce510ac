import { EFFECT_CRITERIA } from './round-kind';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { Extensions, ROUND_INITIATIVES, ROUND_SCORES, RoundInitiativesContribution, RoundScoresContribution, UndecidedInitiative } from '../common/extensions';
import { UnitOfWork } from '../database/unit-of-work';
import { UnitsService } from '../units/units.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { CouncilMember } from './council-member.entity';
import { Criterion, DEFAULT_CRITERIA } from './criterion.entity';
import { CriterionRowDto, NewRoundFormDto, RoundFormDto } from './dto/round-form.dto';
import { Round } from './round.entity';
import { RoundsRepository } from './rounds.repository';
import { RoundsService } from './rounds.service';
import { adminCtx, ctxOf, person } from '../../test/utils/context';
import { Role } from '../users/roles';
import { Unit } from '../units/unit.entity';
import { UnitKind } from '../units/unit-kinds';
import { newTestService } from '../../test/utils/mocks';
import { LegalBasis } from '../legal-bases/legal-basis.entity';
import { inForceIn } from '../legal-bases/legal-basis-rules';
import { LegalBasesService } from '../legal-bases/legal-bases.service';

const ctx = adminCtx();
const thisYear = new Date().getFullYear();

interface Options {
  round?: Partial<Round>;
  /** Sheets exist in the round (ROUND_SCORES). */
  scores?: boolean;
  /** Votes exist in the round (ROUND_SCORES). */
  votes?: boolean;
  /** Initiatives the round holds (ROUND_INITIATIVES). */
  held?: number;
  undecided?: UndecidedInitiative[];
  /** The seat being removed submitted a sheet. */
  submitted?: boolean;
  criteria?: Partial<Criterion>[];
}

function setup(o: Options = {}) {
  const stored = { id: 4, year: thisYear, name: 'Đợt xét năm nay', organisingUnitId: null, submissionStart: null, submissionEnd: null, threshold: 70, voteRule: 'two_thirds' as const, conflictSameUnit: false, status: 'open' as const, ...o.round };
  const { sut, mock } = newTestService(RoundsService);
  const repo = mock(RoundsRepository);
  repo.findOrFail.mockImplementation(async () => new Round({ ...stored }));
  repo.save.mockImplementation(async (r) => Object.assign(r, { id: r.id ?? 4 }));
  repo.criteria.mockResolvedValue((o.criteria ?? []).map((c) => new Criterion(c)));
  repo.replaceCriteria.mockImplementation(async (roundId, rows) => rows.map((r, i) => new Criterion({ ...r, id: i + 1, roundId })));
  repo.seated.mockResolvedValue(false);
  repo.hasChair.mockResolvedValue(false);
  repo.saveMember.mockImplementation(async (m) => Object.assign(m, { id: 30 }));
  repo.memberOrFail.mockResolvedValue(new CouncilMember({ id: 30, roundId: 4, userId: 8, role: 'member', user: new User({ id: 8, fullName: 'Trần Thị B' }) }));
  mock(UnitsService).exists.mockResolvedValue(true);
  mock(UnitsService).find.mockImplementation(async (id) => new Unit({ id, name: `Đơn vị ${id}`, validFrom: null, validTo: null }));
  mock(UnitsService).keepersOf.mockResolvedValue([]);
  mock(UsersService).findActive.mockResolvedValue(new User({ id: 8, fullName: 'Trần Thị B', active: true }));
  // The register: the decree on initiatives (cited by default), and a provincial regulation replaced on 30/06/2025.
  const decree = new LegalBasis({ id: 1, docType: 'Nghị định', number: '13/2012/NĐ-CP', issuedOn: '2012-03-02', issuer: 'Chính phủ', title: 'ban hành Điều lệ Sáng kiến', validFrom: '2012-04-20', validTo: null, byDefault: true, position: 20 });
  const regulation = new LegalBasis({ id: 2, docType: 'Quyết định', number: '05/2018/QĐ-UBND', issuedOn: '2018-03-01', issuer: 'UBND tỉnh', title: 'ban hành Quy chế xét công nhận sáng kiến', validFrom: null, validTo: '2025-06-30', byDefault: false, position: 40 });
  const legalBases = mock(LegalBasesService);
  legalBases.defaultsFor.mockResolvedValue([decree]);
  legalBases.ofRound.mockResolvedValue([decree]);
  legalBases.checkedFor.mockImplementation(async (ids, year) => {
    const bases = [decree, regulation].filter((b) => ids.includes(b.id));
    const refused = bases.filter((b) => !inForceIn(b, year));
    const errors: FieldErrors = refused.length ? { legalBasisIds: `${refused[0].number} không còn hiệu lực` } : {};
    return { bases, errors };
  });
  const scores = {
    scoresExist: jest.fn(async () => o.scores ?? false),
    votesExist: jest.fn(async () => o.votes ?? false),
    unassignUnlessSubmitted: jest.fn(async () => !o.submitted),
  } satisfies RoundScoresContribution;
  const initiatives = {
    undecided: jest.fn(async () => o.undecided ?? []),
    held: jest.fn(async () => o.held ?? 0),
  } satisfies RoundInitiativesContribution;
  mock(Extensions).of.mockImplementation((point) => (point === ROUND_SCORES ? [scores] : point === ROUND_INITIATIVES ? [initiatives] : []));
  return { sut, repo, audit: mock(AuditService), uow: mock(UnitOfWork), units: mock(UnitsService), users: mock(UsersService), scores, initiatives, legalBases };
}

const form = (value: Partial<NewRoundFormDto> = {}): NewRoundFormDto => Object.assign(new NewRoundFormDto(), { year: thisYear, name: 'Đợt xét năm nay', threshold: '70', conflictSameUnit: '' }, value);
const editForm = (value: Partial<RoundFormDto> = {}): RoundFormDto => Object.assign(new RoundFormDto(), { year: thisYear, name: 'Đợt xét năm nay', threshold: '70', conflictSameUnit: '' }, value);
const row = (value: Partial<CriterionRowDto>): CriterionRowDto => Object.assign(new CriterionRowDto(), value);

describe(RoundsService.name, () => {
  describe('create', () => {
    it("refuses an organiser that did not exist in the round's year (an abolished district in 2026), taking its earlier years", async () => {
      const { sut, repo, units } = setup();
      units.find.mockResolvedValue(new Unit({ id: 2, name: 'UBND huyện Vĩnh Linh', validFrom: null, validTo: '2025-06-30' }));
      await expect(sut.create(ctx, form({ organisingUnitId: 2, year: 2026 }))).rejects.toMatchObject({ errors: { organisingUnitId: 'UBND huyện Vĩnh Linh đã chấm dứt hoạt động từ 01/07/2025: chỉ tổ chức được đợt xét đến năm 2025.' } });
      expect(repo.save).not.toHaveBeenCalled();
      await expect(sut.create(ctx, form({ organisingUnitId: 2, year: 2019, status: 'closed' }))).resolves.toMatchObject({ year: 2019 });
    });

    it('opens a round with the common sheet, in one unit of work, and audits its fields', async () => {
      const { sut, repo, audit, uow } = setup();
      const round = await sut.create(ctx, form({ threshold: '72,5', organisingUnitId: 3, conflictSameUnit: '1' }));
      expect(round).toMatchObject({ id: 4, status: 'open', threshold: 72.5, organisingUnitId: 3, conflictSameUnit: true });
      expect(repo.replaceCriteria).toHaveBeenCalledWith(4, DEFAULT_CRITERIA);
      expect(uow.run).toHaveBeenCalledTimes(1);
      expect(audit.log).toHaveBeenCalledWith(ctx, {
        action: 'round.create',
        entityType: 'round',
        entityId: 4,
        summary: 'Tạo đợt xét "Đợt xét năm nay"',
        changes: [
          { field: 'year', before: null, after: thisYear },
          { field: 'name', before: null, after: 'Đợt xét năm nay' },
          { field: 'kind', before: null, after: 'recognition' },
          { field: 'organisingUnitId', before: null, after: 3 },
          { field: 'threshold', before: null, after: 72.5 },
          { field: 'voteRule', before: null, after: 'two_thirds' },
          { field: 'conflictSameUnit', before: null, after: true },
          { field: 'status', before: null, after: 'open' },
          { field: 'legalBases', before: null, after: 'Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ ban hành Điều lệ Sáng kiến' },
        ],
      });
    });

    it('opens a round of effect and scope with its own sheet and the rule of its proposed scope', async () => {
      const { sut, repo } = setup();
      const round = await sut.create(ctx, form({ kind: 'effect', scopeUnits: '5', scopeCommuneShare: '12,5' }));
      expect(round).toMatchObject({ kind: 'effect', scopeUnits: 5, scopeCommuneShare: 12.5 });
      expect(repo.replaceCriteria).toHaveBeenCalledWith(4, EFFECT_CRITERIA);
      await expect(sut.create(ctx, form({ kind: 'effect', scopeCommuneShare: '120' }))).rejects.toMatchObject({ errors: { scopeCommuneShare: 'Tỷ lệ phải từ trên 0 đến 100 (%), ví dụ 20.' } });
    });

    it('cites the default documents in force in its year unless the form chose; a document out of force that year is refused beside the field', async () => {
      const plain = setup();
      await plain.sut.create(ctx, form());
      expect(plain.legalBases.defaultsFor).toHaveBeenCalledWith(thisYear, 'recognition');
      expect(plain.legalBases.setForRound).toHaveBeenCalledWith(4, [1]);
      const chosen = setup();
      await chosen.sut.create(ctx, form({ year: 2024, status: 'closed', legalBasesShown: '1', legalBasisIds: ['2', '1'] }));
      // In the order they print.
      expect(chosen.legalBases.setForRound).toHaveBeenCalledWith(4, [1, 2]);
      const refused = setup();
      await expect(refused.sut.create(ctx, form({ legalBasesShown: '1', legalBasisIds: ['2'] }))).rejects.toMatchObject({ errors: { legalBasisIds: '05/2018/QĐ-UBND không còn hiệu lực' } });
      expect(refused.repo.save).not.toHaveBeenCalled();
      expect(refused.legalBases.setForRound).not.toHaveBeenCalled();
    });

    it('starts a round of this year only open; one of an earlier year may start evaluating (paper records)', async () => {
      const now = setup();
      await expect(now.sut.create(ctx, form({ status: 'evaluating' }))).rejects.toMatchObject({ errors: { status: expect.stringContaining(`Đợt xét năm ${thisYear} bắt đầu ở trạng thái`) } });
      expect(now.repo.save).not.toHaveBeenCalled();
      expect(now.audit.log).not.toHaveBeenCalled();
      const earlier = setup();
      await expect(earlier.sut.create(ctx, form({ year: thisYear - 5, status: 'evaluating' }))).resolves.toMatchObject({ status: 'evaluating', year: thisYear - 5 });
    });

    it('refuses a bad threshold, an unknown unit and receiving dates out of order together, saving nothing', async () => {
      const { sut, repo, audit, units } = setup();
      units.find.mockResolvedValue(null);
      await expect(sut.create(ctx, form({ threshold: '' }))).rejects.toMatchObject({ errors: { threshold: 'Vui lòng nhập ngưỡng điểm công nhận (ví dụ 70).' } });
      const refusal = sut.create(ctx, form({ threshold: '-1', organisingUnitId: 404, submissionStart: '2026-05-01', submissionEnd: '2026-04-30' }));
      await expect(refusal).rejects.toBeInstanceOf(FormInvalidException);
      await expect(refusal).rejects.toMatchObject({ errors: { threshold: 'Ngưỡng điểm phải là một số không âm.', organisingUnitId: 'Đơn vị không tồn tại.', submissionEnd: 'Ngày kết thúc phải sau ngày bắt đầu nhận hồ sơ.' } });
      expect(repo.save).not.toHaveBeenCalled();
      expect(repo.replaceCriteria).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    it('saves the fields and audits only what changed; a save that changes nothing is not audited', async () => {
      const { sut, repo, audit } = setup({ round: { organisingUnit: { id: 2 } as Round['organisingUnit'], organisingUnitId: 2 } });
      const round = await sut.update(ctx, 4, editForm({ name: 'Đợt xét đầu năm', threshold: '75', organisingUnitId: 2 }));
      expect(round).toMatchObject({ name: 'Đợt xét đầu năm', threshold: 75 });
      // The loaded relation is dropped, so the save cannot put the old unit back.
      expect(repo.save).toHaveBeenCalledWith(expect.not.objectContaining({ organisingUnit: expect.anything() }));
      expect(audit.log).toHaveBeenCalledWith(ctx, {
        action: 'round.update',
        entityType: 'round',
        entityId: 4,
        summary: 'Sửa đợt xét "Đợt xét đầu năm"',
        changes: [
          { field: 'name', before: 'Đợt xét năm nay', after: 'Đợt xét đầu năm' },
          { field: 'threshold', before: 70, after: 75 },
        ],
      });
      const same = setup();
      await same.sut.update(ctx, 4, editForm());
      expect(same.repo.save).toHaveBeenCalledTimes(1);
      expect(same.audit.log).not.toHaveBeenCalled();
    });

    it('keeps the threshold of a closed round', async () => {
      const { sut, repo, audit } = setup({ round: { status: 'closed' } });
      await expect(sut.update(ctx, 4, editForm({ threshold: '60' }))).rejects.toMatchObject({ errors: { threshold: 'Đợt xét đã kết thúc: không đổi ngưỡng công nhận được nữa.' } });
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
      // Other fields of a closed round may still be corrected.
      await expect(sut.update(ctx, 4, editForm({ name: 'Tên đúng' }))).resolves.toMatchObject({ name: 'Tên đúng', status: 'closed' });
    });

    it('locks the same-unit conflict rule once sheets or votes exist', async () => {
      for (const work of [{ scores: true }, { votes: true }]) {
        const s = setup(work);
        await expect(s.sut.update(ctx, 4, editForm({ conflictSameUnit: '1' }))).rejects.toMatchObject({ errors: { conflictSameUnit: expect.stringContaining('không đổi quy tắc xung đột lợi ích') } });
        expect(s.repo.save).not.toHaveBeenCalled();
        // Keeping the rule as it is stays possible.
        await expect(s.sut.update(ctx, 4, editForm({ name: 'Tên mới' }))).resolves.toMatchObject({ conflictSameUnit: false });
      }
      const fresh = setup();
      await expect(fresh.sut.update(ctx, 4, editForm({ conflictSameUnit: '1' }))).resolves.toMatchObject({ conflictSameUnit: true });
      expect(fresh.scores.scoresExist).toHaveBeenCalledWith(4);
      expect(fresh.scores.votesExist).toHaveBeenCalledWith(4);
    });

    it('replaces the legal bases when the form showed them, auditing the change; a form without them leaves them', async () => {
      const s = setup();
      await s.sut.update(ctx, 4, editForm({ year: 2024, legalBasesShown: '1', legalBasisIds: ['1', '2'] }));
      expect(s.legalBases.setForRound).toHaveBeenCalledWith(4, [1, 2]);
      expect(s.audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ changes: expect.arrayContaining([expect.objectContaining({ field: 'legalBases', after: expect.stringContaining('05/2018/QĐ-UBND') })]) }));
      const untouched = setup();
      await untouched.sut.update(ctx, 4, editForm({ name: 'Tên mới' }));
      expect(untouched.legalBases.setForRound).not.toHaveBeenCalled();
    });

    it('locks the vote rule once sheets or votes exist; a form without it keeps today\'s two thirds', async () => {
      for (const work of [{ scores: true }, { votes: true }]) {
        const s = setup(work);
        await expect(s.sut.update(ctx, 4, editForm({ voteRule: 'more_than_half' }))).rejects.toMatchObject({ errors: { voteRule: 'Đợt xét đã có phiếu chấm hoặc biểu quyết: không đổi quy tắc biểu quyết được nữa.' } });
        expect(s.repo.save).not.toHaveBeenCalled();
        await expect(s.sut.update(ctx, 4, editForm({ name: 'Tên mới' }))).resolves.toMatchObject({ voteRule: 'two_thirds' });
      }
      await expect(setup().sut.update(ctx, 4, editForm({ voteRule: 'more_than_half' }))).resolves.toMatchObject({ voteRule: 'more_than_half' });
    });

    it("keeps the year of a round that holds initiatives (their codes carry it)", async () => {
      const held = setup({ held: 2 });
      await expect(held.sut.update(ctx, 4, editForm({ year: thisYear - 1 }))).rejects.toMatchObject({ errors: { year: `Đợt xét đã có 2 sáng kiến, mã và năm của chúng theo năm ${thisYear} của đợt: không đổi năm của đợt được nữa.` } });
      expect(held.repo.save).not.toHaveBeenCalled();
      expect(held.initiatives.held).toHaveBeenCalledWith(4);
      const empty = setup({ held: 0 });
      await expect(empty.sut.update(ctx, 4, editForm({ year: thisYear - 1 }))).resolves.toMatchObject({ year: thisYear - 1 });
    });
  });

  describe('advance', () => {
    it('moves an open round to evaluating under a lock, and audits the transition', async () => {
      const { sut, repo, audit } = setup();
      await expect(sut.advance(ctx, 4)).resolves.toMatchObject({ id: 4, status: 'evaluating' });
      expect(repo.lockForUpdate).toHaveBeenCalledWith([4]);
      expect(repo.lockForUpdate.mock.invocationCallOrder[0]).toBeLessThan(repo.findOrFail.mock.invocationCallOrder[0]);
      expect(repo.setStatus).toHaveBeenCalledWith(4, 'evaluating');
      expect(audit.log).toHaveBeenCalledWith(ctx, {
        action: 'round.status',
        entityType: 'round',
        entityId: 4,
        summary: 'Đợt xét "Đợt xét năm nay": Đang nhận hồ sơ → Đang chấm',
        changes: [{ field: 'status', before: 'open', after: 'evaluating' }],
      });
    });

    it('closes an evaluating round only once every initiative has its decision, listing those waiting', async () => {
      const waiting = setup({ round: { status: 'evaluating' }, undecided: [{ id: 5, code: 'SK-2026-0001', title: 'A' }, { id: 6, code: null, title: 'B' }] });
      await expect(waiting.sut.advance(ctx, 4)).rejects.toMatchObject({ errors: { advance: expect.stringContaining('2 sáng kiến chưa có quyết định (SK-2026-0001, #6)') } });
      expect(waiting.repo.setStatus).not.toHaveBeenCalled();
      expect(waiting.audit.log).not.toHaveBeenCalled();
      const done = setup({ round: { status: 'evaluating' } });
      await expect(done.sut.advance(ctx, 4)).resolves.toMatchObject({ status: 'closed' });
      expect(done.repo.setStatus).toHaveBeenCalledWith(4, 'closed');
      expect(done.audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ summary: 'Đợt xét "Đợt xét năm nay": Đang chấm → Đã kết thúc' }));
    });

    it('does not ask for undecided initiatives when a round only starts evaluating', async () => {
      const { sut, initiatives } = setup({ undecided: [{ id: 5, code: 'SK-2026-0001', title: 'A' }] });
      await expect(sut.advance(ctx, 4)).resolves.toMatchObject({ status: 'evaluating' });
      expect(initiatives.undecided).not.toHaveBeenCalled();
    });

    it('refuses to move a closed round on', async () => {
      const { sut, repo, audit } = setup({ round: { status: 'closed' } });
      await expect(sut.advance(ctx, 4)).rejects.toThrow(new BadRequestException('Đợt xét đã kết thúc.'));
      expect(repo.setStatus).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });

  describe('saveCriteria', () => {
    it('reads decimal commas, a blank weight as none and bands high to low, skips empty rows, and audits before and after', async () => {
      const { sut, repo, audit } = setup({ criteria: [{ name: 'Cũ', maxPoints: 100, weight: null, bands: null }] });
      const saved = await sut.saveCriteria(ctx, 4, [
        row({ name: 'Tính mới', maxPoints: '30', weight: '', bands: '0-15: ít; 16-30: nhiều' }),
        row({}),
        row({ name: 'Hiệu quả', description: 'Tiết kiệm', maxPoints: '12,5', weight: '1,5' }),
      ]);
      expect(repo.replaceCriteria).toHaveBeenCalledWith(4, [
        { roundId: 4, position: 0, name: 'Tính mới', description: '', maxPoints: 30, weight: null, bands: [{ min: 16, max: 30, label: 'nhiều' }, { min: 0, max: 15, label: 'ít' }] },
        { roundId: 4, position: 1, name: 'Hiệu quả', description: 'Tiết kiệm', maxPoints: 12.5, weight: 1.5, bands: null },
      ]);
      expect(saved).toHaveLength(2);
      expect(audit.log).toHaveBeenCalledWith(ctx, {
        action: 'round.criteria',
        entityType: 'round',
        entityId: 4,
        summary: 'Tiêu chí chấm của "Đợt xét năm nay": Tính mới (30), Hiệu quả (12.5)',
        changes: [{ field: 'criteria', before: ['Cũ: 100'], after: ['Tính mới: 30 [16-30: nhiều; 0-15: ít]', 'Hiệu quả: 12.5 ×1.5'] }],
      });
    });

    it('refuses each bad cell beside its row, and replaces nothing', async () => {
      const { sut, repo, audit } = setup();
      const refusal = sut.saveCriteria(ctx, 4, [
        row({ name: '', maxPoints: '0', weight: '0' }),
        row({ name: 'B', maxPoints: '10', bands: 'nhiều điểm' }),
        row({ name: 'C', maxPoints: '10', bands: '8-12: tốt' }),
        row({ name: 'D', maxPoints: '1001', weight: '101' }),
      ]);
      await expect(refusal).rejects.toBeInstanceOf(FormInvalidException);
      await expect(refusal).rejects.toMatchObject({
        errors: {
          'criteria.0.name': 'Vui lòng nhập tên tiêu chí.',
          'criteria.0.maxPoints': 'Điểm tối đa phải là số lớn hơn 0.',
          'criteria.0.weight': expect.stringContaining('Trọng số phải là số lớn hơn 0'),
          'criteria.1.bands': expect.stringContaining('Ghi mỗi mức theo dạng'),
          'criteria.2.bands': 'Mức điểm không được vượt quá điểm tối đa 10.',
          'criteria.3.maxPoints': 'Điểm tối đa phải là số lớn hơn 0.',
          'criteria.3.weight': expect.any(String),
        },
      });
      expect(repo.replaceCriteria).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('needs at least one criterion', async () => {
      const { sut, repo } = setup();
      await expect(sut.saveCriteria(ctx, 4, [row({}), row({ name: '' })])).rejects.toMatchObject({ errors: { criteria: 'Cần ít nhất một tiêu chí.' } });
      expect(repo.replaceCriteria).not.toHaveBeenCalled();
    });

    it('freezes the criteria once a sheet exists in the round', async () => {
      const { sut, repo, audit, scores } = setup({ scores: true });
      await expect(sut.saveCriteria(ctx, 4, [row({ name: 'A', maxPoints: '10' })])).rejects.toMatchObject({ errors: { criteria: 'Đã có điểm chấm trong đợt này: tiêu chí không sửa được nữa.' } });
      expect(scores.scoresExist).toHaveBeenCalledWith(4);
      expect(repo.replaceCriteria).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });

  describe('copyCriteria', () => {
    it("copies another round's criteria as they were (weights, bands) over this round's", async () => {
      const source = [
        { id: 1, roundId: 2, position: 0, name: 'Tính mới', description: 'Mô tả', maxPoints: 12.5, weight: null, bands: [{ min: 10.5, max: 12.5, label: 'cao' }, { min: 0, max: 0, label: 'không' }] },
        { id: 2, roundId: 2, position: 1, name: 'Hiệu quả', description: '', maxPoints: 70, weight: 2, bands: null },
      ];
      const { sut, repo } = setup({ criteria: source });
      await sut.copyCriteria(ctx, 4, 2);
      expect(repo.criteria).toHaveBeenCalledWith(2);
      expect(repo.replaceCriteria).toHaveBeenCalledWith(4, [
        { roundId: 4, position: 0, name: 'Tính mới', description: 'Mô tả', maxPoints: 12.5, weight: null, bands: source[0].bands },
        { roundId: 4, position: 1, name: 'Hiệu quả', description: '', maxPoints: 70, weight: 2, bands: null },
      ]);
    });

    it('refuses the round itself and a round without criteria, replacing nothing', async () => {
      const same = setup({ criteria: [{ name: 'A', maxPoints: 10, weight: null, bands: null }] });
      await expect(same.sut.copyCriteria(ctx, 4, 4)).rejects.toMatchObject({ errors: { sourceRoundId: 'Hãy chọn một đợt xét khác.' } });
      expect(same.repo.replaceCriteria).not.toHaveBeenCalled();
      const empty = setup();
      await expect(empty.sut.copyCriteria(ctx, 4, 2)).rejects.toMatchObject({ errors: { sourceRoundId: 'Đợt xét được chọn chưa có tiêu chí.' } });
      expect(empty.repo.replaceCriteria).not.toHaveBeenCalled();
    });
  });

  describe('the council', () => {
    it('seats an active user in a role and audits it', async () => {
      const { sut, repo, audit } = setup();
      await expect(sut.addMember(ctx, 4, 8, 'chair')).resolves.toMatchObject({ id: 30, roundId: 4, userId: 8, role: 'chair' });
      expect(repo.saveMember).toHaveBeenCalledWith(expect.objectContaining({ roundId: 4, userId: 8, role: 'chair' }));
      expect(audit.log).toHaveBeenCalledWith(ctx, { action: 'round.council', entityType: 'round', entityId: 4, summary: 'Thêm Trần Thị B vào hội đồng "Đợt xét năm nay" (Chủ tịch hội đồng)' });
    });

    it('refuses an inactive or unknown user, a user already seated and a second chair, saving nothing', async () => {
      const gone = setup();
      gone.users.findActive.mockResolvedValue(null);
      await expect(gone.sut.addMember(ctx, 4, 8, 'member')).rejects.toMatchObject({ errors: { userId: 'Người dùng không tồn tại hoặc đã bị khóa.' } });
      const seated = setup();
      seated.repo.seated.mockResolvedValue(true);
      await expect(seated.sut.addMember(ctx, 4, 8, 'member')).rejects.toMatchObject({ errors: { userId: 'Trần Thị B đã có trong hội đồng.' } });
      expect(seated.repo.seated).toHaveBeenCalledWith(4, 8);
      const chaired = setup();
      chaired.repo.hasChair.mockResolvedValue(true);
      await expect(chaired.sut.addMember(ctx, 4, 8, 'chair')).rejects.toMatchObject({ errors: { role: 'Hội đồng đã có Chủ tịch.' } });
      // A second member is fine when the council has its chair.
      await expect(chaired.sut.addMember(ctx, 4, 8, 'member')).resolves.toMatchObject({ role: 'member' });
      for (const s of [gone, seated]) {
        expect(s.repo.saveMember).not.toHaveBeenCalled();
        expect(s.audit.log).not.toHaveBeenCalled();
      }
      expect(chaired.repo.saveMember).toHaveBeenCalledTimes(1);
    });

    it('removes a seat with its assignments and audits it', async () => {
      const { sut, repo, audit, scores } = setup();
      await sut.removeMember(ctx, 4, 30);
      expect(repo.memberOrFail).toHaveBeenCalledWith(4, 30);
      expect(scores.unassignUnlessSubmitted).toHaveBeenCalledWith(30);
      expect(repo.removeMember).toHaveBeenCalledWith(30);
      expect(audit.log).toHaveBeenCalledWith(ctx, { action: 'round.council', entityType: 'round', entityId: 4, summary: 'Bỏ Trần Thị B khỏi hội đồng "Đợt xét năm nay"' });
    });

    it('keeps a seat that submitted a sheet', async () => {
      const { sut, repo, audit } = setup({ submitted: true });
      await expect(sut.removeMember(ctx, 4, 30)).rejects.toThrow(new BadRequestException('Trần Thị B đã nộp phiếu chấm nên không bỏ khỏi hội đồng được.'));
      expect(repo.removeMember).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });

  describe('who manages a round', () => {
    // The province (1) with Sở Nội vụ (2) and xã Vĩnh Hòa (3), whose village office is 30.
    const units: Record<number, Unit> = {
      1: new Unit({ id: 1, name: 'Tỉnh Quảng Trị', kind: UnitKind.Province, parentId: null }),
      2: new Unit({ id: 2, name: 'Sở Nội vụ', kind: UnitKind.Department, parentId: 1 }),
      3: new Unit({ id: 3, name: 'UBND xã Vĩnh Hòa', kind: UnitKind.Commune, parentId: 1 }),
    };
    const provinceSecretary = () => ctxOf(person(20, [Role.CouncilSecretary], 2, [2]));
    const communeSecretary = () => ctxOf(person(30, [Role.CouncilSecretary], 3, [3, 30]));
    const communeAdmin = () => ctxOf(person(31, [Role.UnitAdmin], 3, [3, 30]));
    const rounds = [new Round({ id: 1, organisingUnitId: 1 }), new Round({ id: 2, organisingUnitId: 3 }), new Round({ id: 3, organisingUnitId: 30 }), new Round({ id: 4, organisingUnitId: null })];

    function scoped(o: Options = {}) {
      const s = setup(o);
      s.units.find.mockImplementation(async (id) => units[id] ?? null);
      s.repo.all.mockResolvedValue(rounds);
      s.repo.seatedRoundIds.mockResolvedValue(new Set());
      return s;
    }

    it("shows each only its own rounds: the province's secretary the province's, the commune's the commune's, its admin the commune's subtree", async () => {
      const s = scoped();
      expect((await s.sut.visible(provinceSecretary())).map((r) => r.id)).toEqual([1, 4]);
      expect((await s.sut.visible(communeSecretary())).map((r) => r.id)).toEqual([2, 4]);
      expect((await s.sut.visible(communeAdmin())).map((r) => r.id)).toEqual([2, 3]);
      expect((await s.sut.visible(adminCtx())).map((r) => r.id)).toEqual([1, 2, 3, 4]);
      // A council member sees the rounds whose council they sit on.
      s.repo.seatedRoundIds.mockResolvedValue(new Set([2]));
      expect((await s.sut.visible(ctxOf(person(40, [Role.CouncilMember], 1, [1])))).map((r) => r.id)).toEqual([2]);
    });

    it("refuses (403) another unit's round, and a round for an organiser the person does not run, saving nothing", async () => {
      const s = scoped({ round: { organisingUnitId: 1 } });
      await expect(s.sut.assertManages(communeSecretary(), 4)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(s.sut.assertSees(communeAdmin(), 4)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(s.sut.assertManages(provinceSecretary(), 4)).resolves.toBeUndefined();
      const dto = Object.assign(new NewRoundFormDto(), { year: thisYear, name: 'Đợt xét của tỉnh', threshold: '70', organisingUnitId: 1 });
      await expect(s.sut.create(communeSecretary(), dto)).rejects.toBeInstanceOf(ForbiddenException);
      expect(s.repo.save).not.toHaveBeenCalled();
    });

    it('gives a new round the authority its creator serves when the form names none: Sở Nội vụ runs the province\'s', async () => {
      const s = scoped();
      await s.sut.create(provinceSecretary(), Object.assign(new NewRoundFormDto(), { year: thisYear, name: 'Đợt xét của tỉnh', threshold: '70' }));
      expect(s.repo.save).toHaveBeenCalledWith(expect.objectContaining({ organisingUnitId: 1 }));
      const c = scoped();
      await c.sut.create(communeSecretary(), Object.assign(new NewRoundFormDto(), { year: thisYear, name: 'Đợt xét của xã', threshold: '70' }));
      expect(c.repo.save).toHaveBeenCalledWith(expect.objectContaining({ organisingUnitId: 3 }));
    });

    it("seats on a commune's council only people of the commune and the units below it", async () => {
      const s = scoped({ round: { organisingUnitId: 3 } });
      s.units.scopeIds.mockResolvedValue(new Set([3, 30]));
      s.users.findActive.mockResolvedValue(new User({ id: 8, fullName: 'Trần Thị B', active: true, unitId: 1 }));
      await expect(s.sut.addMember(communeSecretary(), 4, 8, 'member')).rejects.toMatchObject({ errors: { userId: 'Người dùng không tồn tại hoặc đã bị khóa.' } });
      expect(s.repo.saveMember).not.toHaveBeenCalled();
      s.users.findActive.mockResolvedValue(new User({ id: 8, fullName: 'Trần Thị B', active: true, unitId: 30 }));
      await expect(s.sut.addMember(communeSecretary(), 4, 8, 'member')).resolves.toMatchObject({ id: 30 });
      // A round of an abolished district seats the people of the province that keeps its records.
      s.units.keepersOf.mockResolvedValue([1]);
      s.units.scopeIds.mockImplementation(async (id) => new Set(id === 1 ? [1, 10, 11] : [3, 30]));
      s.users.findActive.mockResolvedValue(new User({ id: 9, fullName: 'Lê Văn C', active: true, unitId: 10 }));
      await expect(s.sut.addMember(communeSecretary(), 4, 9, 'member')).resolves.toMatchObject({ id: 30 });
    });
  });
});
