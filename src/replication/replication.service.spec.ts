import { ForbiddenException } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { Viewer, viewerWithScope } from '../common/viewer';
import { FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { UnitsService } from '../units/units.service';
import { Role } from '../users/roles';
import { UsersService } from '../users/users.service';
import { User } from '../users/user.entity';
import { AdoptionStatus, NotAdoptedReason } from './adoption-rules';
import { ProgrammeDto, ReportDto } from './dto/programme.dto';
import { Adoption, Programme } from './programme.entity';
import { InitiativeAuthor } from '../initiatives/initiative-author.entity';
import { Unit } from '../units/unit.entity';
import { UnitList } from '../units/unit-list';
import { UnitSuccession } from '../units/unit-succession.entity';
import { ReplicationRepository } from './replication.repository';
import { ReplicationService } from './replication.service';
import { newTestService } from '../../test/utils/mocks';
import { ReceivedFiles } from '../attachments/received-files';
import { ctxOf } from '../../test/utils/context';

const VINH_HOA = 9;
const VINH_THAI = 12;
const person = (id: number, roles: Role[], unitId: number): Viewer => viewerWithScope({ id, username: `u${id}`, fullName: '', position: '', unitId, unitName: '', roles, mustChangePassword: false }, [unitId]);
const focal = person(5, [Role.UnitFocal], VINH_HOA);
const ctx = ctxOf(focal);

function setup(options: { record?: Partial<Adoption>; records?: Partial<Adoption>[] } = {}) {
  const record = new Adoption({ id: 40, programmeId: 1, initiativeId: 2, unitId: VINH_HOA, status: AdoptionStatus.NotStarted, version: 3, indicators: null, unit: { name: 'UBND xã Vĩnh Hòa' } as Adoption['unit'], ...options.record });
  const { sut, mock } = newTestService(ReplicationService);
  const repo = mock(ReplicationRepository);
  repo.recordOrFail.mockResolvedValue(record);
  repo.programmeOrFail.mockResolvedValue(new Programme({ id: 1, title: 'Kế hoạch 2023' }));
  repo.records.mockImplementation(async () => (options.records ?? []).map((r) => new Adoption(r)));
  // What the database counts of the same records: those without a final answer, per unit.
  repo.openByUnit.mockImplementation(async () => {
    const open = new Map<number, number>();
    for (const r of options.records ?? []) if (r.status !== AdoptionStatus.Adopted && r.status !== AdoptionStatus.NotAdopted) open.set(r.unitId as number, (open.get(r.unitId as number) ?? 0) + 1);
    return open;
  });
  repo.initiativeIdsOf.mockResolvedValue([2]);
  repo.unitLinks.mockResolvedValue([]);
  repo.activeUnitLinks.mockResolvedValue([]);
  repo.activeUnitIds.mockResolvedValue([]);
  repo.reportsBefore.mockResolvedValue([]);
  repo.lastReportVersion.mockResolvedValue(record.version);
  const units = mock(UnitsService);
  units.scopeIds.mockImplementation(async (id: number) => new Set([id]));
  units.allExist.mockResolvedValue(true);
  // As the real one: every unit for the system administrator, its own subtree for a unit administrator.
  units.adminScope.mockImplementation(async (c) => (c.user.roles.includes(Role.DistrictAdmin) ? null : c.user.roles.includes(Role.UnitAdmin) ? c.user.scope() : new Set<number>()));
  // Vĩnh Thái (12) was merged into Xã Vĩnh Thái Ô (30) on 01/07/2025.
  units.successions.mockResolvedValue([new UnitSuccession({ predecessorId: VINH_THAI, successorId: 30, kind: 'merge' })]);
  units.all.mockResolvedValue(UnitList.read([new Unit({ id: 30, name: 'Xã Vĩnh Thái Ô' })]));
  // As the real one: built from every unit and every succession edge.
  units.derived.mockImplementation(async (_key, build) => build(await units.all(), await units.successions()));
  units.byId.mockImplementation(async () => new Map((await units.all()).map((u) => [u.id, u])));
  const attachments = mock(AttachmentsService);
  attachments.attach.mockResolvedValue([]);
  // As the real one: the files in place, then the work in a transaction.
  const uow = mock(UnitOfWork);
  attachments.withFiles.mockImplementation((_files, work) => uow.run(work));
  const initiatives = mock(InitiativesService);
  initiatives.withAuthors.mockResolvedValue(new Initiative({ id: 2, title: 'Mã QR', createdById: 20, authors: [new InitiativeAuthor({ userId: 21 })] }));
  initiatives.findMany.mockResolvedValue([]);
  return { sut, repo, audit: mock(AuditService), notifications: mock(NotificationsService), attachments, users: mock(UsersService), uow, units, initiatives };
}

const report = (fields: Partial<ReportDto>) => Object.assign(new ReportDto(), { status: AdoptionStatus.InProgress, ...fields });

describe(ReplicationService.name, () => {
  describe('report', () => {
    it('keeps a report as the next version and tells the authors when the unit adopted', async () => {
      const { sut, repo, notifications, audit } = setup();
      await sut.report(ctx, 40, report({ status: AdoptionStatus.Adopted, adoptedDate: '2023-05-10' }), ReceivedFiles.none());
      expect(repo.addReport).toHaveBeenCalledWith(40, expect.objectContaining({ status: AdoptionStatus.Adopted, adoptedDate: '2023-05-10', version: 4, onBehalf: false }), expect.objectContaining({ version: 4 }));
      expect(notifications.tell).toHaveBeenCalledWith([20, 21], 'adopted', expect.stringContaining('UBND xã Vĩnh Hòa đã áp dụng'), '/initiatives/2');
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'adoption.report' }));
    });

    it("numbers a report after the record's last kept report when the record's version lags behind it (rows loaded from outside)", async () => {
      const { sut, repo } = setup({ record: { version: 0 } });
      repo.lastReportVersion.mockResolvedValue(1);
      await sut.report(ctx, 40, report({ status: AdoptionStatus.InProgress }), ReceivedFiles.none());
      expect(repo.lockAdoptions).toHaveBeenCalledWith([40]);
      expect(repo.lastReportVersion).toHaveBeenCalledWith(40);
      expect(repo.lockAdoptions.mock.invocationCallOrder[0]).toBeLessThan(repo.lastReportVersion.mock.invocationCallOrder[0]);
      expect(repo.addReport).toHaveBeenCalledWith(40, expect.objectContaining({ version: 2 }), expect.objectContaining({ adoptionId: 40, version: 2 }));
    });

    it("declares that it changes its unit's records in its programme alone, so the read cache keeps the catalogue, the searches and the grid's other pages", async () => {
      const { sut, uow } = setup();
      await sut.report(ctx, 40, report({ status: AdoptionStatus.InProgress }), ReceivedFiles.none());
      expect(uow.changes.mock.calls.flat()).toEqual([`programme:1:records:${VINH_HOA}`]);
    });

    it('stamps the record and its report with the same instant, so both readings judge lateness alike', async () => {
      const { sut, repo } = setup();
      await sut.report(ctx, 40, report({ status: AdoptionStatus.Adopted, adoptedDate: '2023-05-10' }), ReceivedFiles.none());
      const [, record, kept] = repo.addReport.mock.calls[0] as [number, { reportedAt: Date }, { createdAt: Date }];
      expect(record.reportedAt).toBeInstanceOf(Date);
      expect(kept.createdAt).toBe(record.reportedAt);
    });

    it('refuses "not adopted" without a reason, placing no evidence file and saving no report (the route keeps the files for the form)', async () => {
      const { sut, repo, attachments } = setup();
      await expect(sut.report(ctx, 40, report({ status: AdoptionStatus.NotAdopted }), ReceivedFiles.none())).rejects.toBeInstanceOf(FormInvalidException);
      expect(attachments.withFiles).not.toHaveBeenCalled();
      expect(repo.addReport).not.toHaveBeenCalled();
    });

    it('refuses "other" without an explanation', async () => {
      const { sut, repo } = setup();
      await expect(sut.report(ctx, 40, report({ status: AdoptionStatus.NotAdopted, reason: NotAdoptedReason.Other }), ReceivedFiles.none())).rejects.toMatchObject({ errors: { explanation: expect.any(String) } });
      expect(repo.addReport).not.toHaveBeenCalled();
    });

    it('refuses (403) a focal point of another unit, whatever they send, before anything else', async () => {
      const { sut, repo, attachments } = setup({ record: { unitId: VINH_THAI } });
      await expect(sut.report(ctx, 40, report({ status: 'x' }), ReceivedFiles.none())).rejects.toBeInstanceOf(ForbiddenException);
      expect(attachments.withFiles).not.toHaveBeenCalled();
      expect(repo.addReport).not.toHaveBeenCalled();
    });

    it('refuses an adoption dated after the unit ended, naming its successor, and saves nothing', async () => {
      const { sut, repo, attachments } = setup({ record: { unitId: VINH_THAI, unit: { id: VINH_THAI, name: 'UBND xã Vĩnh Thái', validFrom: null, validTo: '2025-06-30' } as Adoption['unit'] } });
      const admin = person(1, [Role.DistrictAdmin], 3);
      await expect(sut.report(ctxOf(admin), 40, report({ status: AdoptionStatus.Adopted, adoptedDate: '2025-09-01' }), ReceivedFiles.none())).rejects.toMatchObject({ errors: { adoptedDate: expect.stringContaining('báo cáo cho đơn vị kế thừa: Xã Vĩnh Thái Ô') } });
      expect(attachments.withFiles).not.toHaveBeenCalled();
      expect(repo.addReport).not.toHaveBeenCalled();
    });

    it('marks a report made by the district for the unit as made on its behalf', async () => {
      const { sut, repo, uow } = setup({ record: { unitId: VINH_THAI } });
      await sut.report(ctxOf(person(1, [Role.DistrictAdmin], 3)), 40, report({}), ReceivedFiles.none());
      expect(repo.addReport).toHaveBeenCalledWith(40, expect.objectContaining({ onBehalf: true }), expect.anything());
      // The record's unit (its row of the grid), not the unit of the one who reported.
      expect(uow.changes.mock.calls.flat()).toEqual([`programme:1:records:${VINH_THAI}`]);
    });
  });

  describe('remind', () => {
    const overdue = { records: [{ id: 40, unitId: VINH_HOA, initiativeId: 2, status: AdoptionStatus.NotStarted }, { id: 41, unitId: VINH_THAI, initiativeId: 2, status: AdoptionStatus.NotStarted }] };
    const focalOf = (id: number, unitId: number) => new User({ id, unitId, fullName: `Đầu mối ${id}`, roles: [Role.UnitFocal], active: true });
    const remindedAt = new Date();

    function withReminderToday() {
      const ctx = setup(overdue);
      ctx.repo.programmeOrFail.mockResolvedValue(new Programme({ id: 1, title: 'Kế hoạch 2023', reportDeadline: '2023-11-30' }));
      ctx.users.inUnits.mockResolvedValue([focalOf(7, VINH_HOA), focalOf(8, VINH_THAI)]);
      // Vĩnh Thái was reminded earlier today.
      ctx.audit.forRecord.mockResolvedValue([{ action: 'programme.remind', at: remindedAt, changes: [{ field: 'unitIds', before: null, after: [VINH_THAI] }] }] as never);
      ctx.notifications.tell.mockResolvedValue({ progress: { enabled: false, sent: 0, failed: 0 }, email: Promise.resolve({ sent: 0, failed: 0 }) } as never);
      return ctx;
    }

    it('skips a unit reminded today, reading the day\'s reminders after locking the programme', async () => {
      const { sut, audit, notifications, repo, uow } = withReminderToday();
      const outcome = await sut.remind(ctx, 1, [VINH_HOA, VINH_THAI], '');
      // Notifications and the audit entry: nothing cached changes (the read cache keeps the programme's figures and grid).
      expect(uow.changes).toHaveBeenCalledTimes(1);
      expect(uow.changes.mock.calls.flat()).toEqual([]);
      expect(repo.lockProgrammes).toHaveBeenCalledWith([1]);
      expect(repo.lockProgrammes.mock.invocationCallOrder[0]).toBeLessThan(audit.forRecord.mock.invocationCallOrder[0]);
      expect(notifications.tell).toHaveBeenCalledTimes(1);
      expect(notifications.tell).toHaveBeenCalledWith([7], 'reminder', expect.any(String), `/units/${VINH_HOA}/adoptions`);
      expect(outcome).toMatchObject({ units: 1, skipped: [{ at: remindedAt }], again: null });
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ changes: [{ field: 'unitIds', before: null, after: [VINH_HOA] }] }));
    });

    it('reminds again with a reason, kept in the audit', async () => {
      const { sut, audit, notifications } = withReminderToday();
      const outcome = await sut.remind(ctx, 1, [VINH_THAI], 'Sắp họp giao ban');
      expect(notifications.tell).toHaveBeenCalledWith([8], 'reminder', expect.any(String), `/units/${VINH_THAI}/adoptions`);
      expect(outcome).toMatchObject({ units: 1, skipped: [], again: { units: 1, reason: 'Sắp họp giao ban' } });
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ changes: expect.arrayContaining([{ field: 'reason', before: null, after: 'Sắp họp giao ban' }]) }));
    });

    it('sends and records nothing when every unit chosen was reminded today', async () => {
      const { sut, audit, notifications } = withReminderToday();
      const outcome = await sut.remind(ctx, 1, [VINH_THAI], '  ');
      expect(notifications.tell).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
      expect(outcome.units).toBe(0);
    });
  });

  describe('ofInitiativePage', () => {
    const records = [
      new Adoption({ id: 3, programmeId: 1, initiativeId: 2, unitId: VINH_HOA, status: AdoptionStatus.Adopted, adoptedDate: '2024-05-02', unit: new Unit({ id: VINH_HOA, name: 'UBND xã Vĩnh Hòa' }) }),
      new Adoption({ id: 4, programmeId: 1, initiativeId: 2, unitId: 44, status: AdoptionStatus.NotAdopted, reason: NotAdoptedReason.NoBudget, unit: new Unit({ id: 44, name: 'UBND xã Vĩnh Giang' }) }),
      new Adoption({ id: 5, programmeId: 1, initiativeId: 2, unitId: 30, status: AdoptionStatus.Adopted, adoptedDate: '2023-11-20', unit: new Unit({ id: 30, name: 'Xã Vĩnh Thái Ô' }) }),
    ];

    it('reads the records once for those who judge: the units that adopted (by date) and the evidence from the same reading', async () => {
      const { sut, repo } = setup();
      repo.ofInitiative.mockResolvedValue(records);
      const { adopted, evidence } = await sut.ofInitiativePage(2, true);
      expect(repo.ofInitiative).toHaveBeenCalledTimes(1);
      expect(repo.adoptedAt).not.toHaveBeenCalled();
      expect(adopted.map((a) => a.id)).toEqual([5, 3]);
      expect(evidence?.adopted).toHaveLength(2);
      expect(evidence?.declined).toHaveLength(1);
    });

    it('reads only the adopted records for anyone else, and no evidence', async () => {
      const { sut, repo } = setup();
      repo.adoptedAt.mockResolvedValue([records[2], records[0]]);
      await expect(sut.ofInitiativePage(2, false)).resolves.toEqual({ adopted: [records[2], records[0]], evidence: null });
      expect(repo.ofInitiative).not.toHaveBeenCalled();
    });
  });

  describe('mayReportForUnit', () => {
    it('lets the district and the unit\'s focal point report for a unit, not a plain author of it nor another unit\'s focal point', async () => {
      const { sut } = setup();
      expect(await sut.mayReportForUnit(ctxOf(focal), VINH_HOA)).toBe(true);
      expect(await sut.mayReportForUnit(ctxOf(person(1, [Role.DistrictAdmin], 3)), VINH_HOA)).toBe(true);
      expect(await sut.mayReportForUnit(ctxOf(person(6, [Role.Author], VINH_HOA)), VINH_HOA)).toBe(false);
      expect(await sut.mayReportForUnit(ctxOf(focal), VINH_THAI)).toBe(false);
      await expect(sut.assertCanReportForUnit(ctxOf(person(6, [Role.Author], VINH_HOA)), VINH_HOA)).rejects.toBeInstanceOf(ForbiddenException);
    });
  });

  describe('assertCanReport', () => {
    const COMMUNE = 50;
    it("lets whoever runs the programme report on a unit's behalf: the system administrator, a unit administrator of the issuing unit; not another unit's administrator nor an author", async () => {
      const { sut } = setup({ record: { programme: new Programme({ id: 1, issuingUnitId: COMMUNE }) } });
      const record = await sut.loadRecord(40);
      expect(await sut.assertCanReport(ctxOf(focal), record)).toEqual({ onBehalf: false });
      expect(await sut.assertCanReport(ctxOf(person(1, [Role.DistrictAdmin], 3)), record)).toEqual({ onBehalf: true });
      const communeAdmin = viewerWithScope({ id: 7, username: 'u7', fullName: '', position: '', unitId: COMMUNE, unitName: '', roles: [Role.UnitAdmin], mustChangePassword: false }, [COMMUNE, VINH_HOA]);
      expect(await sut.assertCanReport(ctxOf(communeAdmin), record)).toEqual({ onBehalf: true });
      await expect(sut.assertCanReport(ctxOf(person(8, [Role.UnitAdmin], 60)), record)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.assertCanReport(ctxOf(person(6, [Role.Author], VINH_HOA)), record)).rejects.toBeInstanceOf(ForbiddenException);
    });

    it('creates a programme only for an issuer within a unit administrator\'s scope, saving nothing otherwise', async () => {
      const { sut, repo, units, initiatives } = setup();
      const communeAdmin = ctxOf(person(7, [Role.UnitAdmin], COMMUNE));
      units.find.mockResolvedValue(new Unit({ id: 3, name: 'Tỉnh', validTo: null }));
      initiatives.findMany.mockResolvedValue([new Initiative({ id: 2, status: 'recognized' as Initiative['status'] })]);
      await expect(sut.create(communeAdmin, Object.assign(new ProgrammeDto(), { year: 2026, title: 'T', issuingUnitId: 3, initiativeIds: [2], unitIds: [COMMUNE] }))).rejects.toMatchObject({ errors: { issuingUnitId: expect.stringContaining('đơn vị mình hoặc đơn vị trực thuộc') } });
      expect(repo.saveProgramme).not.toHaveBeenCalled();
    });
  });

  describe('change', () => {
    it('asks for confirmation before removing a unit that has reported, and changes nothing without it', async () => {
      const { sut, repo } = setup({ records: [{ id: 40, unitId: VINH_THAI, version: 2, removedAt: null }] });
      await expect(sut.change(ctx, 1, { initiativeIds: [], unitIds: [] }, [VINH_THAI], false)).rejects.toMatchObject({ errors: { removeUnitIds: expect.stringContaining('Tôi xác nhận') } });
      expect(repo.setUnitLinkRemoved).not.toHaveBeenCalled();
      expect(repo.removeUnitRecords).not.toHaveBeenCalled();
    });
  });

  describe('rates', () => {
    it('counts a programme both ways: its units as they were, and merged units rolled up into their successor', () => {
      const { sut } = setup();
      // Units 1 and 2 were merged into 9 after the programme; only 1 adopted.
      const cells = [1, 2, 3, 4].map((unitId) => ({ initiativeId: 7, unitId, status: unitId === 1 ? AdoptionStatus.Adopted : AdoptionStatus.NotStarted }));
      const rates = sut.rates(cells, cells, (u) => (u === 1 || u === 2 ? 9 : u));
      expect(Object.keys(rates).sort()).toEqual(['now', 'then']);
      expect(rates.then.overall).toEqual({ adopted: 1, total: 4, rate: 25 });
      expect(rates.now.overall).toEqual({ adopted: 1, total: 3, rate: 33.3 });
      expect(rates.now.rows.get(7)).toEqual({ adopted: 1, total: 3, rate: 33.3 });
      expect(rates.now.columns.get(9)).toEqual({ adopted: 1, total: 1, rate: 100 });
    });

    it('reads report time from the records as they stood at the deadline, and today from every report', async () => {
      const { sut, repo } = setup();
      // Deadline 30/06/2017. Unit 1 adopted in time; unit 2 reported "adopted" on 05/12/2026 (late), "in progress" in time; unit 3 only late.
      const inTime = new Date('2017-06-01T03:00:00Z');
      const late = new Date('2026-12-05T03:00:00Z');
      const records = [
        { id: 1, initiativeId: 7, unitId: 1, status: AdoptionStatus.Adopted, reportedAt: inTime },
        { id: 2, initiativeId: 7, unitId: 2, status: AdoptionStatus.Adopted, reportedAt: late },
        { id: 3, initiativeId: 7, unitId: 3, status: AdoptionStatus.Adopted, reportedAt: late },
        { id: 4, initiativeId: 7, unitId: 4, status: AdoptionStatus.NotStarted, reportedAt: null },
      ];
      repo.reportsBefore.mockResolvedValue([{ adoptionId: 2, version: 1, status: AdoptionStatus.InProgress }]);
      const then = await sut.atDeadline({ id: 1, reportDeadline: '2017-06-30' }, records);
      expect(repo.reportsBefore).toHaveBeenCalledWith(1, new Date('2017-06-30T17:00:00Z'));
      expect(then.map((c) => c.status)).toEqual([AdoptionStatus.Adopted, AdoptionStatus.InProgress, AdoptionStatus.NotStarted, AdoptionStatus.NotStarted]);
      const rates = sut.rates(records, then, (u) => u);
      expect(rates.then.overall).toEqual({ adopted: 1, total: 4, rate: 25 });
      expect(rates.now.overall).toEqual({ adopted: 3, total: 4, rate: 75 });
    });

    it('reads no report when no record is late', async () => {
      const { sut, repo } = setup();
      const records = [{ id: 1, initiativeId: 7, unitId: 1, status: AdoptionStatus.Adopted, reportedAt: new Date('2017-06-01T03:00:00Z') }];
      expect((await sut.atDeadline({ id: 1, reportDeadline: '2017-06-30' }, records)).map((c) => c.status)).toEqual([AdoptionStatus.Adopted]);
      expect((await sut.atDeadline({ id: 1, reportDeadline: null }, records)).map((c) => c.status)).toEqual([AdoptionStatus.Adopted]);
      expect(repo.reportsBefore).not.toHaveBeenCalled();
    });
  });
});
