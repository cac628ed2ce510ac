import { BadRequestException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DatabaseSessionStore } from '../auth/session-store';
import { FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from './roles';
import { User } from './user.entity';
import { UnitsService } from '../units/units.service';
import { UsersService } from './users.service';

const adminUser = new User({ id: 1, username: 'admin', fullName: 'Quản trị', roles: [Role.DistrictAdmin], active: true, unitId: 1 });
const actor = { id: 1, name: 'Quản trị (admin)', ip: '' };

function setup(activeAdmins: number) {
  const manager = {
    getRepository: jest.fn(() => ({
      findOne: jest.fn(async () => new User({ ...adminUser, roles: [...adminUser.roles] })),
      createQueryBuilder: () => {
        const qb = { where: () => qb, andWhere: () => qb, getCount: async () => activeAdmins };
        return qb;
      },
    })),
    exists: jest.fn(async () => true),
    save: jest.fn(),
  };
  const uow = { run: (work: (m: EntityManager) => unknown) => work(manager as unknown as EntityManager) } as unknown as UnitOfWork;
  const audit = { record: jest.fn() } as unknown as AuditService;
  const sessions = { destroyForUser: jest.fn() } as unknown as DatabaseSessionStore;
  const units = { exists: jest.fn(async () => true) } as unknown as UnitsService;
  return { sut: new UsersService({} as DataSource, uow, audit, sessions, units), manager, audit, sessions };
}

describe(UsersService.name, () => {
  it('refuses to let an admin deactivate themselves, and changes nothing', async () => {
    const { sut, manager, audit, sessions } = setup(2);
    await expect(sut.setActive(1, false, actor)).rejects.toBeInstanceOf(BadRequestException);
    expect(manager.save).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
    expect(sessions.destroyForUser).not.toHaveBeenCalled();
  });

  it('refuses to deactivate the last active administrator', async () => {
    const { sut, manager } = setup(1);
    await expect(sut.setActive(1, false, { ...actor, id: 99 })).rejects.toThrow('quản trị viên cuối cùng');
    expect(manager.save).not.toHaveBeenCalled();
  });

  it('deactivates another admin when one remains, and signs them out everywhere', async () => {
    const { sut, manager, sessions } = setup(2);
    await sut.setActive(1, false, { ...actor, id: 99 });
    expect(manager.save).toHaveBeenCalledWith(expect.objectContaining({ active: false }));
    expect(sessions.destroyForUser).toHaveBeenCalledWith(1);
  });

  it('refuses to remove the administrator role from oneself', async () => {
    const { sut, manager } = setup(2);
    await expect(sut.update(1, { fullName: 'Quản trị', position: '', unitId: 1, roles: [Role.Author] }, actor)).rejects.toBeInstanceOf(FormInvalidException);
    expect(manager.save).not.toHaveBeenCalled();
  });
});
