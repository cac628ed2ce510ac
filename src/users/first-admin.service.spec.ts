import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FirstAdminService } from './first-admin.service';
import { UsersService } from './users.service';
import { automock, newTestService, provide } from '../../test/utils/mocks';

/** The service with ADMIN_PASSWORD set or not (the only setting it reads). */
function setup(adminPassword: string | undefined) {
  const config = automock(AppConfig);
  config.get.mockImplementation((name) => {
    if (name !== 'adminPassword') throw new Error(`the first start read the setting ${name}`);
    return adminPassword;
  });
  const t = newTestService(FirstAdminService, [provide(AppConfig, config)]);
  return { ...t, users: t.mock(UsersService) };
}

let warn: jest.SpyInstance;
beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
afterEach(() => warn.mockRestore());

describe(FirstAdminService.name, () => {
  it('asks for the first admin with the configured password, and shows no password it did not make', async () => {
    const { sut, users } = setup('Mat-khau-cau-hinh');
    users.ensureFirstAdmin.mockResolvedValue(null);
    await sut.onApplicationBootstrap();
    expect(users.ensureFirstAdmin).toHaveBeenCalledWith('Mat-khau-cau-hinh');
    expect(warn).not.toHaveBeenCalled();
  });

  it('shows a generated password once, with the account it opens', async () => {
    const { sut, users } = setup(undefined);
    users.ensureFirstAdmin.mockResolvedValue('Tam-thoi-9x7Q');
    await sut.onApplicationBootstrap();
    expect(users.ensureFirstAdmin).toHaveBeenCalledWith(undefined);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('admin / Tam-thoi-9x7Q');
  });

  it('says nothing when the database already had people', async () => {
    const { sut, users } = setup(undefined);
    users.ensureFirstAdmin.mockResolvedValue(null);
    await sut.onApplicationBootstrap();
    expect(warn).not.toHaveBeenCalled();
  });

  it('lets a failure to create the account stop the start', async () => {
    const { sut, users } = setup(undefined);
    users.ensureFirstAdmin.mockRejectedValue(new Error('no unit table'));
    await expect(sut.onApplicationBootstrap()).rejects.toThrow('no unit table');
    expect(warn).not.toHaveBeenCalled();
  });
});
