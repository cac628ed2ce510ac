import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Attachment } from '../attachments/attachment.entity';
import { Decision } from '../decisions/decision.entity';
import { DecisionsService } from '../decisions/decisions.service';
import { Field } from '../fields/field.entity';
import { InitiativeAuthor } from '../initiatives/initiative-author.entity';
import { InitiativeIndicator } from '../initiatives/initiative-indicator.entity';
import { InitiativeStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { Programme } from '../replication/programme.entity';
import { ReplicationService, unitHistoryOf } from '../replication/replication.service';
import { Round } from '../rounds/round.entity';
import { Unit } from '../units/unit.entity';
import { Role } from '../users/roles';
import { ctxOf, person } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';
import { ApiListQuery } from './api-rules';
import { ApiService } from './api.service';

const VINH_THAI = 11;
const VINH_LINH = 30;
const FIELD = new Field({ id: 3, name: 'Cải cách thủ tục hành chính' });
const vinhThai = new Unit({ id: VINH_THAI, name: 'UBND xã Vĩnh Thái', validFrom: null, validTo: '2025-06-30' });
// Vĩnh Thái was merged into Vĩnh Linh on 01/07/2025: the API names the unit of today beside the one of the record.
const history = unitHistoryOf([vinhThai, new Unit({ id: VINH_LINH, name: 'UBND xã Vĩnh Linh', validFrom: '2025-07-01', validTo: null })], [{ predecessorId: VINH_THAI, successorId: VINH_LINH, kind: 'merge' }], '2026-12-06');

/** What the API must never give: an author's date of birth, the confidential information, the people who took part, qualifications, internal files. */
const PRIVATE = ['birthDate', '1985-04-12', 'Cử nhân luật', 'confidential', 'Kinh phí in và thay mã QR', 'participants', 'Nguyễn Văn Tham Gia', 'Nhà đầu tư riêng', 'bien-ban-noi-bo.pdf'];

const initiative = (init: Partial<Initiative> = {}) =>
  new Initiative({
    id: 5,
    code: 'SK-2022-0005',
    year: 2022,
    title: 'Mã QR tra cứu thủ tục hành chính',
    unitId: VINH_THAI,
    unit: vinhThai,
    fieldId: FIELD.id,
    field: FIELD,
    status: InitiativeStatus.Recognized,
    level: RecognitionLevel.Unit,
    problem: 'Người dân phải hỏi nhiều lần',
    solution: 'Mỗi thủ tục có một mã QR',
    novelty: 'Lần đầu ở xã',
    conditions: 'Có máy in',
    applicability: 'Mọi xã',
    effects: 'Giảm thời gian tra cứu',
    firstAppliedDate: '2022-05-01',
    confidentialInfo: 'Kinh phí in và thay mã QR',
    participants: 'Nguyễn Văn Tham Gia',
    investorName: 'Nhà đầu tư riêng',
    authors: [new InitiativeAuthor({ fullName: 'Võ Thị Thu', birthDate: '1985-04-12', jobTitle: 'Công chức Tư pháp - Hộ tịch', workplace: 'UBND xã Vĩnh Thái', qualification: 'Cử nhân luật', share: 100, userId: 40 })],
    indicators: [new InitiativeIndicator({ name: 'Thời gian tra cứu', unitOfMeasure: 'phút', before: 15, after: 2 })],
    ...init,
  });

const query = (q: Partial<ApiListQuery> = {}): ApiListQuery => ({ page: 1, pageSize: 25, ...q });
const progress = { adopted: 2, byKind: [{ kind: 'Xã', count: 2 }], inProgress: 1, programmes: [] };
const focal = person(12, [Role.UnitFocal, Role.Author], VINH_LINH, [VINH_LINH, VINH_THAI]);
const ctx = ctxOf(focal);

function setup(listed: Initiative[] = [initiative()], total = listed.length, capped = false) {
  const t = newTestService(ApiService);
  const initiatives = t.mock(InitiativesService);
  initiatives.list.mockResolvedValue({ initiatives: listed, total, capped, rankedWithin: null });
  initiatives.loadPublic.mockResolvedValue(initiative());
  initiatives.loadFor.mockResolvedValue({ initiative: initiative(), viewer: { user: focal, scope: new Set([VINH_LINH, VINH_THAI]), linked: false } });
  initiatives.attachmentsOf.mockResolvedValue([
    new Attachment({ id: 40, originalName: 'mau-ma-qr.pdf', mediaType: 'application/pdf', size: 1234, visibility: 'public' }),
    new Attachment({ id: 41, originalName: 'bien-ban-noi-bo.pdf', mediaType: 'application/pdf', size: 99, visibility: 'internal' }),
  ]);
  const decisions = t.mock(DecisionsService);
  // Latest first, as the service gives them.
  decisions.forInitiative.mockResolvedValue([new Decision({ outcome: 'recognized', number: '20/QĐ-UBND', date: '2022-12-20' }), new Decision({ outcome: 'not_recognized', number: '9/QĐ-UBND', date: '2022-06-01' })]);
  const replication = t.mock(ReplicationService);
  replication.unitHistory.mockResolvedValue(history);
  replication.publicProgressOf.mockResolvedValue(progress);
  return { ...t, initiatives, decisions, replication };
}

describe(ApiService.name, () => {
  describe('the public list', () => {
    it('asks for the public catalogue with the filters given, and no status', async () => {
      const { sut, initiatives } = setup();
      await sut.initiativesPage(query({ q: 'ma qr', year: 2022, unit: 7, field: 3, level: 'unit', page: 2, pageSize: 10 }));
      expect(initiatives.list).toHaveBeenCalledWith({ q: 'ma qr', year: 2022, unitId: 7, fieldId: 3, level: 'unit' }, { public: true }, 2, 10);
      expect(initiatives.list.mock.calls[0][0]).not.toHaveProperty('status');
    });

    it('gives each initiative as the catalogue does, with the unit of today, and nothing personal', async () => {
      const { sut } = setup();
      const page = await sut.initiativesPage(query());
      expect(page.data).toEqual([
        { id: 5, code: 'SK-2022-0005', year: 2022, title: 'Mã QR tra cứu thủ tục hành chính', unit: 'UBND xã Vĩnh Thái', unitNow: 'UBND xã Vĩnh Linh', field: 'Cải cách thủ tục hành chính', level: 'unit', levelLabel: 'Cấp cơ sở', url: '/catalogue/5' },
      ]);
      for (const secret of PRIVATE) expect(JSON.stringify(page)).not.toContain(secret);
    });

    it('fills what an initiative lacks with empty values rather than leaving it out', async () => {
      const { sut } = setup([initiative({ code: null, level: null, unit: undefined, field: undefined, unitId: 99 })]);
      const [item] = (await sut.initiativesPage(query())).data;
      expect(item).toMatchObject({ code: '', unit: '', unitNow: '', field: '', level: null, levelLabel: '' });
    });

    it('links the next page with the same filters, the page size only when it is not 25', async () => {
      const { sut } = setup([initiative()], 60);
      expect(await sut.initiativesPage(query({ q: 'ma qr', year: 2022, level: 'unit' }))).toMatchObject({ page: 1, pageSize: 25, total: 60, totalCapped: false, next: '/api/v1/initiatives?q=ma+qr&year=2022&level=unit&page=2' });
      expect((await sut.initiativesPage(query({ page: 2, pageSize: 10 }))).next).toBe('/api/v1/initiatives?page=3&pageSize=10');
    });

    it('links no page after the last one, nor after an empty page', async () => {
      const { sut, initiatives } = setup([initiative()], 60);
      expect((await sut.initiativesPage(query({ page: 3 }))).next).toBeNull();
      expect((await sut.initiativesPage(query({ page: 2, pageSize: 30 }))).next).toBeNull();
      initiatives.list.mockResolvedValue({ initiatives: [], total: 60, capped: true, rankedWithin: null });
      expect((await sut.initiativesPage(query({ page: 9 }))).next).toBeNull();
    });

    it('links a next page when the count stopped short (capped), though the count is reached', async () => {
      const { sut } = setup([initiative()], 50, true);
      expect(await sut.initiativesPage(query({ page: 2 }))).toMatchObject({ total: 50, totalCapped: true, next: '/api/v1/initiatives?page=3' });
    });
  });

  describe('a public initiative', () => {
    it('gives a recognised initiative with its content, its recognition, its public files only and its replication', async () => {
      const { sut, initiatives } = setup();
      const detail = await sut.initiative(5);
      expect(initiatives.loadPublic).toHaveBeenCalledWith(5);
      expect(detail).toMatchObject({
        id: 5,
        url: '/catalogue/5',
        unitNow: 'UBND xã Vĩnh Linh',
        problem: 'Người dân phải hỏi nhiều lần',
        conditions: 'Có máy in',
        applicability: 'Mọi xã',
        firstAppliedDate: '2022-05-01',
        decisionNumber: '20/QĐ-UBND',
        decisionDate: '2022-12-20',
        progress,
      });
      expect(detail.files).toEqual([{ id: 40, name: 'mau-ma-qr.pdf', mediaType: 'application/pdf', size: 1234, url: '/attachments/40' }]);
      expect(detail.indicators).toEqual([{ name: 'Thời gian tra cứu', unitOfMeasure: 'phút', before: 15, after: 2 }]);
    });

    it('names the authors without their dates of birth, and gives nothing confidential', async () => {
      const { sut } = setup();
      const detail = await sut.initiative(5);
      expect(detail.authors).toEqual([{ fullName: 'Võ Thị Thu', jobTitle: 'Công chức Tư pháp - Hộ tịch', workplace: 'UBND xã Vĩnh Thái', share: 100 }]);
      for (const secret of PRIVATE) expect(JSON.stringify(detail)).not.toContain(secret);
    });

    it('gives the latest recognition decision, and none when there is no recognition', async () => {
      const { sut, decisions } = setup();
      decisions.forInitiative.mockResolvedValue([new Decision({ outcome: 'recognized', number: '31/QĐ-UBND', date: '2023-03-01' }), new Decision({ outcome: 'recognized', number: '20/QĐ-UBND', date: '2022-12-20' })]);
      expect(await sut.initiative(5)).toMatchObject({ decisionNumber: '31/QĐ-UBND', decisionDate: '2023-03-01' });
      decisions.forInitiative.mockResolvedValue([new Decision({ outcome: 'not_recognized', number: '9/QĐ-UBND', date: '2022-06-01' })]);
      expect(await sut.initiative(5)).toMatchObject({ decisionNumber: '', decisionDate: null });
    });

    it('answers 404 for an initiative not recognised, reading nothing more of it', async () => {
      const { sut, initiatives, decisions, replication } = setup();
      initiatives.loadPublic.mockRejectedValue(new NotFoundException('Không tìm thấy sáng kiến.'));
      await expect(sut.initiative(6)).rejects.toEqual(new NotFoundException('Không tìm thấy sáng kiến.'));
      expect(initiatives.attachmentsOf).not.toHaveBeenCalled();
      expect(decisions.forInitiative).not.toHaveBeenCalled();
      expect(replication.publicProgressOf).not.toHaveBeenCalled();
    });
  });

  describe('the programmes', () => {
    it('gives each programme its issuer, its counts and its adoption rate to four decimals, none without records', async () => {
      const { sut, replication } = setup();
      replication.openDataFigures.mockResolvedValue({
        programmes: [
          { programme: new Programme({ id: 2, year: 2023, title: 'Nhân rộng 2023', issuingUnit: new Unit({ name: 'UBND huyện Vĩnh Linh' }), decisionNumber: '12/KH-UBND', decisionDate: '2023-02-01', reportDeadline: '2023-11-30' }), records: 9, adopted: 5, units: 3, initiatives: 3 },
          { programme: new Programme({ id: 3, year: 2024, title: 'Nhân rộng 2024', decisionNumber: '4/KH-UBND', decisionDate: null, reportDeadline: null }), records: 0, adopted: 0, units: 0, initiatives: 0 },
        ],
        adoptedUnits: new Map(),
      });
      expect(await sut.programmes()).toEqual([
        { id: 2, year: 2023, title: 'Nhân rộng 2023', issuer: 'UBND huyện Vĩnh Linh', decisionNumber: '12/KH-UBND', decisionDate: '2023-02-01', reportDeadline: '2023-11-30', records: 9, adopted: 5, units: 3, initiatives: 3, rate: 0.5556 },
        { id: 3, year: 2024, title: 'Nhân rộng 2024', issuer: '', decisionNumber: '4/KH-UBND', decisionDate: null, reportDeadline: null, records: 0, adopted: 0, units: 0, initiatives: 0, rate: null },
      ]);
    });
  });

  describe("with a token: its owner's access", () => {
    it("names the token's owner, their unit and their roles in words, and nothing more", () => {
      const { sut } = setup();
      const owner = person(12, [Role.UnitFocal, Role.Author], VINH_LINH);
      Object.assign(owner, { fullName: 'Dương Thị Kim Thoa', username: 'daumoi.vinhthai', unitName: 'UBND xã Vĩnh Linh' });
      expect(sut.me(ctxOf(owner))).toEqual({ id: 12, username: 'daumoi.vinhthai', fullName: 'Dương Thị Kim Thoa', unit: 'UBND xã Vĩnh Linh', roles: ['Đầu mối CCHC của đơn vị', 'Tác giả / cán bộ đề xuất'] });
    });

    it("lists the initiatives as the owner's own list gives them (their access rules, not the public's), with the status filter", async () => {
      const { sut, initiatives } = setup();
      await sut.myInitiativesPage(ctx, query({ status: 'submitted', unit: VINH_THAI, page: 2, pageSize: 50 }));
      expect(initiatives.list).toHaveBeenCalledWith({ q: undefined, year: undefined, unitId: VINH_THAI, fieldId: undefined, level: undefined, status: 'submitted' }, { user: focal }, 2, 50);
      expect(initiatives.list.mock.calls[0][1]).not.toHaveProperty('public');
    });

    it('gives each initiative its status, its round and its page in the system', async () => {
      const submitted = initiative({ id: 17, code: null, status: InitiativeStatus.Submitted, level: null, round: new Round({ name: 'Đợt xét sáng kiến năm 2026', year: 2026 }) });
      const { sut } = setup([submitted, initiative({ round: null })], 80);
      const page = await sut.myInitiativesPage(ctx, query({ status: 'submitted' }));
      expect(page.data[0]).toEqual({ id: 17, code: '', year: 2022, title: 'Mã QR tra cứu thủ tục hành chính', unit: 'UBND xã Vĩnh Thái', unitNow: 'UBND xã Vĩnh Linh', field: 'Cải cách thủ tục hành chính', level: null, levelLabel: '', status: 'submitted', statusLabel: 'Đã nộp', round: 'Đợt xét sáng kiến năm 2026', url: '/initiatives/17' });
      expect(page.data[1]).toMatchObject({ round: '', statusLabel: 'Được công nhận', url: '/initiatives/5' });
      expect(page.next).toBe('/api/v1/internal/initiatives?status=submitted&page=2');
      for (const secret of PRIVATE) expect(JSON.stringify(page)).not.toContain(secret);
    });

    it('gives an initiative the owner may see through their access rule (every text the public detail has too), without dates of birth or confidential text', async () => {
      const { sut, initiatives } = setup();
      const detail = await sut.myInitiative(ctx, 5);
      expect(initiatives.loadFor).toHaveBeenCalledWith(ctx, 5);
      expect(initiatives.loadPublic).not.toHaveBeenCalled();
      expect(detail).toMatchObject({ id: 5, status: 'recognized', url: '/initiatives/5', problem: 'Người dân phải hỏi nhiều lần', conditions: 'Có máy in', applicability: 'Mọi xã', effects: 'Giảm thời gian tra cứu', firstAppliedDate: '2022-05-01' });
      expect(detail.authors).toEqual([{ fullName: 'Võ Thị Thu', jobTitle: 'Công chức Tư pháp - Hộ tịch', workplace: 'UBND xã Vĩnh Thái', share: 100 }]);
      for (const secret of PRIVATE) expect(JSON.stringify(detail)).not.toContain(secret);
    });

    it('refuses an initiative the owner may not see with the rule’s 403, naming nothing of it', async () => {
      const { sut, initiatives, replication } = setup();
      initiatives.loadFor.mockRejectedValue(new ForbiddenException('Bạn không có quyền xem sáng kiến này.'));
      const refused = sut.myInitiative(ctx, 8);
      await expect(refused).rejects.toEqual(new ForbiddenException('Bạn không có quyền xem sáng kiến này.'));
      expect(replication.unitHistory).not.toHaveBeenCalled();
    });
  });
});
