import { BadRequestException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DatabaseSessionStore } from '../auth/session-store';
import { FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from './roles';
import { User } from './user.entity';
import { UnitsService } from '../units/units.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { adminCtx } from '../../test/utils/context';
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
  return { sut, repo, uow: mock(UnitOfWork), audit: mock(AuditService), sessions: mock(DatabaseSessionStore) };
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

  it('refuses to remove the administrator role from oneself', async () => {
    const { sut, repo } = setup(2);
    await expect(sut.update(ctx, 1, { fullName: 'Quản trị', position: '', unitId: 1, roles: [Role.Author] })).rejects.toBeInstanceOf(FormInvalidException);
    expect(repo.save).not.toHaveBeenCalled();
  });
});
