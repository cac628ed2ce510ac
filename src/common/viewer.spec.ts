import { Role } from '../users/roles';
import { makeViewer } from './viewer';

const user = { id: 4, username: 'daumoi', fullName: 'Đầu mối', position: '', unitId: 9, unitName: 'UBND xã Vĩnh Hòa', roles: [Role.UnitFocal], mustChangePassword: false };

describe('Viewer', () => {
  it('reads the unit scope once per request, on first use', async () => {
    const scopeOf = jest.fn(async (unitId: number) => new Set([unitId, 12]));
    const viewer = makeViewer(user, scopeOf);
    expect(scopeOf).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([viewer.scope(), viewer.scope()]);
    const c = await viewer.scope();
    expect(scopeOf).toHaveBeenCalledTimes(1);
    expect(scopeOf).toHaveBeenCalledWith(9);
    expect([...c]).toEqual([9, 12]);
    expect(a).toBe(b);
    expect(viewer.username).toBe('daumoi');
  });

  it('gives each request its own scope', async () => {
    const scopeOf = jest.fn(async () => new Set([9]));
    await makeViewer(user, scopeOf).scope();
    await makeViewer(user, scopeOf).scope();
    expect(scopeOf).toHaveBeenCalledTimes(2);
  });
});
