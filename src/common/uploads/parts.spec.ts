import { instanceRunsHere, isLeftoverLease, isLeftoverPart, LEASE_STALE_MS, leaseOwner, newInstanceId, PART_IDLE_MS, partName, partOwner } from './parts';

describe('upload parts', () => {
  const now = 1_800_000_000_000;
  const self = 'may-chu-1-aaaaaaaaaaaa';
  const other = 'may-chu-2-bbbbbbbbbbbb';
  const shared = { self, shared: true, now };
  const alone = { self, shared: false, now };
  const fresh = now - 1000;
  const old = now - PART_IDLE_MS - 1000;
  const part = (owner: string, mtimeMs: number) => ({ name: partName(owner), mtimeMs });

  it('names parts and leases after their instance, and reads the instance back', () => {
    const id = newInstanceId('App-01.Sở Nội vụ', 4242, '0123456789ab');
    expect(id).toBe('app-01-s-n-i-v-4242-0123456789ab');
    expect(partOwner(partName(id))).toBe(id);
    expect(leaseOwner(`${id}.lease`)).toBe(id);
    expect(partOwner('0123456789abcdef0123456789abcdef.part')).toBeNull();
    expect(() => partName('../x')).toThrow();
  });

  it("keeps a live instance's parts in a shared folder, however long nothing was written to them", () => {
    expect(isLeftoverPart(part(other, old), shared, now - LEASE_STALE_MS + 1000)).toBe(false);
  });

  it("removes a gone instance's parts in a shared folder, however fresh: lease not renewed, or none", () => {
    expect(isLeftoverPart(part(other, fresh), shared, now - LEASE_STALE_MS - 1000)).toBe(true);
    expect(isLeftoverPart(part(other, fresh), shared, undefined)).toBe(true);
  });

  it("removes another instance's parts at once when its process is gone from this machine (killed a moment ago), on SQLite too; never a live one's", () => {
    expect(isLeftoverPart(part(other, fresh), alone, fresh, false)).toBe(true);
    expect(isLeftoverPart(part(other, fresh), shared, fresh, false)).toBe(true);
    // Another process alive on the same folder (an overlapping restart, a second copy): its upload goes on.
    expect(isLeftoverPart(part(other, fresh), alone, fresh, true)).toBe(false);
    expect(isLeftoverPart(part(other, fresh), alone, fresh, undefined)).toBe(false);
    // Parts named before they carried their instance: an earlier version's, removed at once on SQLite.
    expect(isLeftoverPart({ name: '0123456789abcdef0123456789abcdef.part', mtimeMs: fresh }, alone, undefined)).toBe(true);
  });

  it('tells whether an instance of this machine is alive from its process id; of another machine, it cannot', () => {
    const mine = newInstanceId('may-chu', 4242, '0123456789ab');
    expect(instanceRunsHere(mine, 'may-chu', () => false)).toBe(false);
    expect(instanceRunsHere(mine, 'may-chu', (pid) => pid === 4242)).toBe(true);
    expect(instanceRunsHere(mine, 'may-khac', () => false)).toBeUndefined();
    expect(instanceRunsHere('khong-phai-ten', 'may-chu', () => false)).toBeUndefined();
  });

  it('keeps its own parts while they are written to, and unnamed ones in a shared folder until idle for an hour', () => {
    expect(isLeftoverPart(part(self, fresh), alone, undefined)).toBe(false);
    expect(isLeftoverPart(part(self, old), shared, undefined)).toBe(true);
    const unnamed = '0123456789abcdef0123456789abcdef.part';
    expect(isLeftoverPart({ name: unnamed, mtimeMs: fresh }, shared, undefined)).toBe(false);
    expect(isLeftoverPart({ name: unnamed, mtimeMs: old }, shared, undefined)).toBe(true);
  });

  it('removes the leases of gone instances, never its own or a live one in a shared folder', () => {
    expect(isLeftoverLease(self, old, shared)).toBe(false);
    expect(isLeftoverLease(other, fresh, shared)).toBe(false);
    expect(isLeftoverLease(other, now - LEASE_STALE_MS - 1, shared)).toBe(true);
    expect(isLeftoverLease(other, fresh, alone, false)).toBe(true);
    expect(isLeftoverLease(other, fresh, alone, true)).toBe(false);
  });
});
