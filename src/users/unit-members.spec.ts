import { UNIT_MEMBERS } from '../common/extensions';
import { Role } from './roles';
import { UnitMembers } from './unit-members';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

describe(UnitMembers.name, () => {
  const repo = {
    inUnit: jest.fn(async () => [
      new User({ id: 3, username: 'dm', fullName: 'Lê Thị Đầu Mối', position: 'Chuyên viên', active: true, roles: [Role.UnitFocal, Role.Author] }),
      new User({ id: 4, username: 'cu', fullName: 'Trần Văn Cũ', position: '', active: false, roles: ['retired_role' as Role] }),
    ]),
    moveToUnit: jest.fn(async () => undefined),
  };
  const sut = new UnitMembers(repo as unknown as UsersRepository);

  it('contributes to UNIT_MEMBERS', () => {
    expect(Reflect.getMetadata('extension:point', UnitMembers)).toBe(UNIT_MEMBERS);
  });

  it("lists a unit's people with their roles' labels, and nothing else of their accounts", async () => {
    await expect(sut.inUnit(7)).resolves.toEqual([
      { id: 3, fullName: 'Lê Thị Đầu Mối', position: 'Chuyên viên', active: true, roleLabels: ['Đầu mối CCHC của đơn vị', 'Tác giả / cán bộ đề xuất'] },
      { id: 4, fullName: 'Trần Văn Cũ', position: '', active: false, roleLabels: [] },
    ]);
    expect(repo.inUnit).toHaveBeenCalledWith(7);
  });

  it('moves the people of merged units to the successor', async () => {
    await sut.moveToUnit([5, 6], 9);
    expect(repo.moveToUnit).toHaveBeenCalledWith([5, 6], 9);
  });
});
