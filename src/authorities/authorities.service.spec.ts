import { AuditService } from '../audit/audit.service';
import { EntityNotFound } from '../common/exceptions';
import { ChangeSet } from '../database/data-changes';
import { UnitOfWork } from '../database/unit-of-work';
import { Unit } from '../units/unit.entity';
import { UnitKind } from '../units/unit-kinds';
import { UnitsService } from '../units/units.service';
import { Role } from '../users/roles';
import { AuthoritiesRepository } from './authorities.repository';
import { AuthoritiesService } from './authorities.service';
import { AuthorityProfile } from './authority-profile.entity';
import { AuthorityProfileDto } from './dto/authority-profile.dto';
import { ctxOf, person } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';
import { refusal } from '../../test/utils/refusal';

const PROVINCE = new Unit({ id: 50, name: 'UBND tỉnh Quảng Trị', kind: UnitKind.Province, parentId: null, validFrom: null, validTo: null });
/** A department of the province, read without its parent (as UnitsService.find gives it). */
const DEPARTMENT = new Unit({ id: 61, name: 'Sở Nội vụ', kind: UnitKind.Department, parentId: PROVINCE.id, validFrom: null, validTo: null });

const profile = (id: number, validFrom: string, headingLines: string) =>
  new AuthorityProfile({ id, unitId: PROVINCE.id, validFrom, headingLines, name: `Ủy ban nhân dân (${validFrom})`, place: 'Đồng Hới', symbol: 'QĐ-UBND.QT', headTitle: 'CHỦ TỊCH', recipients: 'Chánh Văn phòng\nGiám đốc Sở Nội vụ' });

const admin = ctxOf(person(1, [Role.DistrictAdmin]));

/** The service with the units above, the profile versions given (latest first) and the version of a day found among them. */
function setup(versions: AuthorityProfile[] = []) {
  const { sut, mock } = newTestService(AuthoritiesService);
  const units = mock(UnitsService);
  // A fresh copy each time, as a read from the database: the parent is not loaded with it.
  units.find.mockImplementation(async (id) => {
    const unit = [PROVINCE, DEPARTMENT].find((u) => u.id === id);
    return unit ? new Unit({ ...unit }) : null;
  });
  const repo = mock(AuthoritiesRepository);
  repo.versions.mockResolvedValue(versions);
  repo.version.mockImplementation(async (unitId, validFrom) => versions.find((v) => v.unitId === unitId && v.validFrom === validFrom) ?? null);
  repo.save.mockImplementation(async (p) => p);
  const uow = mock(UnitOfWork);
  const ended: ChangeSet[] = [];
  uow.onTransactionEnd((changed) => ended.push(changed));
  return { sut, units, repo, uow, ended, audit: mock(AuditService) };
}

const dto = (fields: Partial<AuthorityProfileDto> = {}): AuthorityProfileDto =>
  Object.assign(new AuthorityProfileDto(), {
    validFrom: '2026-01-01',
    headingLines: 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ',
    name: 'Ủy ban nhân dân tỉnh Quảng Trị',
    place: 'Quảng Trị',
    symbol: 'QĐ-UBND',
    headTitle: 'CHỦ TỊCH',
    recipients: '',
    ...fields,
  });

describe(AuthoritiesService.name, () => {
  describe('the authority on a day', () => {
    it('prints the version in force on the day asked: the latest from that day or before, its lines and recipients one per line', async () => {
      const { sut } = setup([profile(2, '2026-01-01', 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ'), profile(1, '2019-01-01', 'UBND TỈNH QUẢNG TRỊ')]);
      expect(await sut.on(PROVINCE.id, '2025-12-31')).toEqual(
        expect.objectContaining({ unitId: PROVINCE.id, versionFrom: '2019-01-01', lines: ['UBND TỈNH QUẢNG TRỊ'], name: 'Ủy ban nhân dân (2019-01-01)', place: 'Đồng Hới', symbol: 'QĐ-UBND.QT', headTitle: 'CHỦ TỊCH', recipients: ['Chánh Văn phòng', 'Giám đốc Sở Nội vụ'] }),
      );
      expect(await sut.on(PROVINCE.id, '2026-01-01')).toEqual(expect.objectContaining({ versionFrom: '2026-01-01', lines: ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ'] }));
    });

    it('prints the defaults derived from the unit before its first version, with no version named', async () => {
      const { sut } = setup([profile(1, '2019-01-01', 'UBND TỈNH QUẢNG TRỊ')]);
      const before = await sut.on(PROVINCE.id, '2018-12-31');
      expect(before).toEqual({
        unitId: PROVINCE.id,
        unit: expect.objectContaining({ id: PROVINCE.id }),
        versionFrom: null,
        lines: ['UBND TỈNH QUẢNG TRỊ'],
        name: 'Ủy ban nhân dân tỉnh Quảng Trị',
        place: 'Quảng Trị',
        symbol: 'QĐ-UBND',
        headTitle: 'CHỦ TỊCH',
        recipients: ['Chánh Văn phòng', 'Thủ trưởng các cơ quan, đơn vị có liên quan'],
      });
    });

    it('takes today when no day is given: a version dated in the future is not yet in force', async () => {
      const { sut } = setup([profile(2, '2999-01-01', 'TƯƠNG LAI'), profile(1, '2000-01-01', 'UBND TỈNH QUẢNG TRỊ')]);
      expect((await sut.on(PROVINCE.id)).versionFrom).toBe('2000-01-01');
      const { sut: none } = setup([profile(2, '2999-01-01', 'TƯƠNG LAI')]);
      expect((await none.on(PROVINCE.id)).versionFrom).toBeNull();
    });

    it('derives the defaults of a department under its committee, reading the parent the unit came without', async () => {
      const { sut, units } = setup();
      expect(await sut.defaults(DEPARTMENT.id)).toEqual({
        lines: ['UBND TỈNH QUẢNG TRỊ', 'SỞ NỘI VỤ'],
        name: 'Sở Nội vụ',
        place: 'Quảng Trị',
        symbol: 'QĐ',
        headTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
        recipients: ['Thủ trưởng các bộ phận, đơn vị có liên quan'],
      });
      expect(units.find).toHaveBeenCalledWith(DEPARTMENT.id);
      expect(units.find).toHaveBeenCalledWith(PROVINCE.id);
    });

    it('answers an unknown unit as not found', async () => {
      const { sut } = setup();
      await expect(sut.on(999)).rejects.toEqual(new EntityNotFound('unit', 999));
      await expect(sut.defaults(999)).rejects.toBeInstanceOf(EntityNotFound);
    });
  });

  describe('recording a version', () => {
    it('records a new version from its day: heading lines and head title in capitals, blank lines dropped, fields trimmed; audited as "Ghi", with the lines as stored', async () => {
      const { sut, repo, audit, uow } = setup();
      const saved = await sut.save(
        admin,
        PROVINCE.id,
        dto({ headingLines: '  Ủy ban  nhân dân \n\n tỉnh Quảng Trị\n', name: ' Ủy ban nhân dân tỉnh Quảng Trị ', place: ' Đồng Hới ', symbol: ' QĐ-UBND.QT ', headTitle: ' Chủ tịch ', recipients: ' Chánh Văn phòng \r\n\r\nGiám đốc Sở Nội vụ ' }),
      );
      expect(uow.run).toHaveBeenCalledTimes(1);
      expect(repo.version).toHaveBeenCalledWith(PROVINCE.id, '2026-01-01');
      expect(repo.save).toHaveBeenCalledTimes(1);
      expect(repo.save).toHaveBeenCalledWith(
        new AuthorityProfile({ unitId: PROVINCE.id, validFrom: '2026-01-01', headingLines: 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ', name: 'Ủy ban nhân dân tỉnh Quảng Trị', place: 'Đồng Hới', symbol: 'QĐ-UBND.QT', headTitle: 'CHỦ TỊCH', recipients: 'Chánh Văn phòng\nGiám đốc Sở Nội vụ' }),
      );
      expect(saved).toBe(repo.save.mock.calls[0][0]);
      expect(audit.log).toHaveBeenCalledTimes(1);
      expect(audit.log).toHaveBeenCalledWith(admin, {
        action: 'unit.update',
        entityType: 'unit',
        entityId: PROVINCE.id,
        summary: 'Ghi thông tin cơ quan ban hành của UBND tỉnh Quảng Trị từ ngày 01/01/2026: ỦY BAN NHÂN DÂN / TỈNH QUẢNG TRỊ',
      });
    });

    it('replaces the version of the same day instead of adding one; audited as "Sửa"', async () => {
      const existing = profile(7, '2026-01-01', 'UBND TỈNH QUẢNG TRỊ');
      const { sut, repo, audit } = setup([existing]);
      const saved = await sut.save(admin, PROVINCE.id, dto({ symbol: 'QĐ-UBND' }));
      expect(repo.save).toHaveBeenCalledTimes(1);
      expect(repo.save.mock.calls[0][0]).toBe(existing);
      expect(saved).toEqual(expect.objectContaining({ id: 7, validFrom: '2026-01-01', headingLines: 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ', symbol: 'QĐ-UBND', recipients: '' }));
      expect(audit.log).toHaveBeenCalledWith(admin, expect.objectContaining({ summary: 'Sửa thông tin cơ quan ban hành của UBND tỉnh Quảng Trị từ ngày 01/01/2026: ỦY BAN NHÂN DÂN / TỈNH QUẢNG TRỊ' }));
    });

    it('refuses more than four heading lines beside the field, before any version is read or written', async () => {
      const { sut, repo, audit } = setup();
      expect(await refusal(sut.save(admin, PROVINCE.id, dto({ headingLines: 'A\nB\nC\nD\nE' })))).toEqual({ headingLines: 'Tên cơ quan ở đầu văn bản có nhiều nhất 4 dòng.' });
      expect(repo.version).not.toHaveBeenCalled();
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('counts only the lines with text against the four: blank lines between them do not refuse the form', async () => {
      const { sut, repo } = setup();
      await sut.save(admin, PROVINCE.id, dto({ headingLines: 'A\n\nB\n \nC\n\nD\n' }));
      expect(repo.save).toHaveBeenCalledWith(expect.objectContaining({ headingLines: 'A\nB\nC\nD' }));
    });

    it('refuses a unit that does not exist as not found, writing nothing', async () => {
      const { sut, repo, audit } = setup();
      await expect(sut.save(admin, 999, dto())).rejects.toEqual(new EntityNotFound('unit', 999));
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('declares that a profile changes nothing cached (documents read it fresh)', async () => {
      const { sut, uow, ended } = setup();
      await sut.save(admin, PROVINCE.id, dto());
      expect(uow.changes).toHaveBeenCalledTimes(1);
      expect(uow.changes).toHaveBeenCalledWith();
      expect(ended).toEqual([new Set()]);
    });
  });
});
