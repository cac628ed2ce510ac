import { Request } from 'express';
import { Role } from '../users/roles';
import { SignInRequiredException } from './exceptions';
import { contextOf, RequestContext } from './request-context';
import { viewerWithScope } from './viewer';

const viewer = viewerWithScope({ id: 4, username: 'daumoi', fullName: 'Nguyễn Văn A', position: '', unitId: 9, unitName: 'Xã Vĩnh Hòa', roles: [Role.UnitFocal], mustChangePassword: false }, [9]);

describe('RequestContext', () => {
  it('names the signed-in person as the audit does, with the address', () => {
    const ctx = RequestContext.forViewer(viewer, '10.0.0.7');
    expect(ctx.user).toBe(viewer);
    expect(ctx.actor).toEqual({ id: 4, name: 'Nguyễn Văn A (daumoi)', ip: '10.0.0.7' });
    expect(ctx.ip).toBe('10.0.0.7');
  });

  it('refuses a rule meant for members to a guest and to the system, and names them in the audit', () => {
    const guest = RequestContext.guest('10.0.0.8');
    expect(guest.viewer).toBeNull();
    expect(() => guest.user).toThrow(SignInRequiredException);
    expect(guest.actor).toEqual({ id: null, name: 'Khách', ip: '10.0.0.8' });
    const system = RequestContext.system();
    expect(() => system.user).toThrow(SignInRequiredException);
    expect(system.actor).toEqual({ id: null, name: 'Hệ thống', ip: '' });
  });

  it('names the person signing in before the request has a viewer', () => {
    const ctx = RequestContext.signingIn({ id: 2, fullName: 'Trần B', username: 'tranb' }, '::1');
    expect(ctx.viewer).toBeNull();
    expect(ctx.actor).toEqual({ id: 2, name: 'Trần B (tranb)', ip: '::1' });
  });

  it('is built once per request, from the request\'s person and address, at one time', () => {
    const req = { currentUser: viewer, ip: '10.0.0.9' } as unknown as Request;
    const first = contextOf(req);
    expect(contextOf(req)).toBe(first);
    expect(first.user).toBe(viewer);
    expect(first.actor.ip).toBe('10.0.0.9');
    expect(first.at).toBeInstanceOf(Date);
    const anonymous = contextOf({ ip: '10.0.0.10' } as unknown as Request);
    expect(anonymous.viewer).toBeNull();
    expect(anonymous.actor.name).toBe('Khách');
  });
});
