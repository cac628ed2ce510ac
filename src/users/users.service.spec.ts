import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DatabaseSessionStore } from '../auth/session-store';
import { FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from './roles';
import { User } from './user.entity';
import { UnitsService } from '../units/units.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { adminCtx, ctxOf, person } from '../../test/utils/context';
import { Unit } from '../units/unit.entity';
import { UnitList } from '../units/unit-list';
import { newTestService } from '../../test/utils/mocks';

const adminUser = new User({ id: 1, username: 'admin', fullName: 'Quản trị', roles: [Role.DistrictAdmin], active: true, unitId: 1 });
const ctx = adminCtx();

/** The service over a users' repository holding the admin account, with `activeAdmins` active admins in all. */
function setup(activeAdmins: number) {
  const { sut, mock } = newTestService(UsersService);
  const repo = mock(UsersRepository);
  repo.findOrFail.mockImplementation(async () => new User({ ...adminUser, roles: [...adminUser.roles] }));
  repo.activeAdminIds.mockImplementation(async () => Array.from({ length: activeAdmins }, (_, i) => i + 1));
  repo.save.mockImplementation(async (u: User) => u);
  mock(UnitsService).exists.mockResolvedValue(true);
  mock(UnitsService).find.mockImplementation(async (id) => new Unit({ id, name: `Đơn vị ${id}`, validTo: null }));
  return { sut, repo, uow: mock(UnitOfWork), audit: mock(AuditService), sessions: mock(DatabaseSessionStore), units: mock(UnitsService) };
}

describe(UsersService.name, () => {
  it('refuses to let an admin deactivate themselves, and changes nothing', async () => {
    const { sut, repo, audit, sessions } = setup(2);
    await expect(sut.setActive(ctx, 1, false)).rejects.toBeInstanceOf(BadRequestException);
    expect(repo.save).not.toHaveBeenCalled();
    expect(audit.log).not.toHaveBeenCalled();
    expect(sessions.destroyForUser).not.toHaveBeenCalled();
  });

  it('refuses to deactivate the last active administrator', async () => {
    const { sut, repo } = setup(1);
    await expect(sut.setActive(adminCtx(99), 1, false)).rejects.toThrow('quản trị viên cuối cùng');
    expect(repo.save).not.toHaveBeenCalled();
  });

  it('deactivates another admin when one remains, and signs them out everywhere', async () => {
    const { sut, repo, sessions } = setup(2);
    await sut.setActive(adminCtx(99), 1, false);
    expect(repo.save).toHaveBeenCalledWith(expect.objectContaining({ active: false }));
    expect(sessions.destroyForUser).toHaveBeenCalledWith(1);
    // The active admins were locked before being counted (two admins locking each other at once).
    expect(repo.lockForUpdate).toHaveBeenCalledWith([1, 2]);
  });

  it('places no one in an ended unit, beside the field and saving nothing; a person already there keeps it until moved', async () => {
    const { sut, repo, units } = setup(2);
    units.find.mockResolvedValue(new Unit({ id: 7, name: 'UBND xã Vĩnh Hòa', validTo: '2025-06-30' }));
    const dto = { username: 'moi', password: 'Moi@Khau2026', fullName: 'Người mới', position: '', unitId: 7, roles: [Role.Author] };
    await expect(sut.create(adminCtx(99), dto)).rejects.toMatchObject({ errors: { unitId: 'UBND xã Vĩnh Hòa đã chấm dứt hoạt động từ 01/07/2025: hãy chọn đơn vị hiện nay.' } });
    expect(repo.save).not.toHaveBeenCalled();
    repo.findOrFail.mockResolvedValue(new User({ id: 5, username: 'cu', fullName: 'Người cũ', position: '', unitId: 7, roles: [Role.Author], active: true }));
    await expect(sut.update(adminCtx(99), 5, { fullName: 'Người cũ', position: 'Công chức', unitId: 7, roles: [Role.Author] })).resolves.toMatchObject({ position: 'Công chức' });
  });

  it('refuses to remove the administrator role from oneself', async () => {
    const { sut, repo } = setup(2);
    await expect(sut.update(ctx, 1, { fullName: 'Quản trị', position: '', unitId: 1, roles: [Role.Author] })).rejects.toBeInstanceOf(FormInvalidException);
    expect(repo.save).not.toHaveBeenCalled();
  });

  describe('a unit administrator', () => {
    // Xã Vĩnh Hòa (3) with its village office (30); the province is 1.
    const communeAdmin = () => ctxOf(person(31, [Role.UnitAdmin], 3, [3, 30]));
    const account = (id: number, unitId: number, roles: Role[]) => new User({ id, username: `u${id}`, fullName: `Người ${id}`, roles, active: true, unitId });

    function scoped(accounts: User[]) {
      const s = setup(2);
      s.repo.findOrFail.mockImplementation(async (id) => {
        const found = accounts.find((a) => a.id === id);
        if (!found) throw new Error('not found');
        return new User({ ...found, roles: [...found.roles] });
      });
      return s;
    }

    it("manages the accounts of its unit and the units below, never another unit's nor a system administrator's (403)", async () => {
      const { sut } = scoped([account(5, 30, [Role.Author]), account(6, 1, [Role.Author]), account(7, 3, [Role.DistrictAdmin])]);
      await expect(sut.assertManages(communeAdmin(), 5)).resolves.toBeUndefined();
      await expect(sut.assertManages(communeAdmin(), 6)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.assertManages(communeAdmin(), 7)).rejects.toBeInstanceOf(ForbiddenException);
      await expect(sut.assertManages(ctx, 6)).resolves.toBeUndefined();
    });

    it('creates accounts only in its units and never gives the system administrator role, saving nothing otherwise', async () => {
      const { sut, repo } = scoped([]);
      const dto = { username: 'mot', password: 'Mot@Khau2026', fullName: 'Một', position: '', unitId: 1, roles: [Role.Author] };
      await expect(sut.create(communeAdmin(), dto)).rejects.toMatchObject({ errors: { unitId: 'Bạn chỉ xếp được người dùng vào đơn vị mình hoặc đơn vị trực thuộc.' } });
      await expect(sut.create(communeAdmin(), { ...dto, unitId: 30, roles: [Role.DistrictAdmin] })).rejects.toMatchObject({ errors: { roles: 'Bạn không được giao vai trò Quản trị hệ thống.' } });
      expect(repo.save).not.toHaveBeenCalled();
      await sut.create(communeAdmin(), { ...dto, unitId: 30, roles: [Role.Author, Role.UnitAdmin] });
      expect(repo.save).toHaveBeenCalledWith(expect.objectContaining({ unitId: 30, roles: [Role.Author, Role.UnitAdmin] }));
    });

    it('imports users of its own units only, naming each row of another unit or a role it may not give, and saves none', async () => {
      const s = scoped([]);
      s.repo.usernames.mockResolvedValue(new Set());
      s.units.all.mockResolvedValue(UnitList.read([new Unit({ id: 1, code: 'QT', name: 'Tỉnh Quảng Trị' }), new Unit({ id: 3, code: 'VH', name: 'UBND xã Vĩnh Hòa' }), new Unit({ id: 30, code: 'VH-TD', name: 'Thôn Tân Định' })]));
      const csv = (rows: string[]) => Buffer.from(['username,full_name,position,unit_code,roles', ...rows].join('\n'));
      const refused = await s.sut.importCsv(communeAdmin(), csv(['mot,Một,,VH-TD,Tác giả', 'hai,Hai,,QT,Tác giả', 'baba,Ba,,VH,Quản trị hệ thống']));
      expect(refused.ok).toBe(false);
      expect(refused.errors).toEqual([
        { line: 3, column: 'unit_code', message: 'Đơn vị mã QT không thuộc đơn vị bạn quản trị: bạn chỉ nhập được người dùng của đơn vị mình và các đơn vị trực thuộc.' },
        { line: 4, column: 'roles', message: 'Bạn không được giao vai trò Quản trị hệ thống.' },
      ]);
      expect(s.repo.save).not.toHaveBeenCalled();
      const done = await s.sut.importCsv(communeAdmin(), csv(['mot,Một,,VH-TD,Tác giả', 'baba,Ba,,VH,Quản trị đơn vị']));
      expect(done).toMatchObject({ ok: true, created: 2 });
    });
  });
});
