import { SessionData } from 'express-session';
import { EntityManager } from 'typeorm';
import { automock, fakeUnitOfWork, readsBy } from '../../test/utils/mocks';
import { ChangeSet, DataChange } from '../database/data-changes';
import { ReadCache } from '../database/read-cache';
import { SessionRecord } from './session.entity';
import { DatabaseSessionStore } from './session-store';

/**
 * The store over a table kept in a list, with a real read cache; the writing connection's
 * writes finish when the test says, and each write, once finished, ends its transaction with
 * what it declared (as UnitOfWork.writeChanging outside a transaction).
 */
function setup() {
  const rows = new Map<string, SessionRecord>();
  const manager = automock(EntityManager);
  const finish: (() => void)[] = [];
  const later = (change: () => void) => new Promise<never>((resolve) => finish.push(() => (change(), resolve(undefined as never))));
  manager.upsert.mockImplementation((_e, row) => later(() => rows.set((row as SessionRecord).id, row as SessionRecord)));
  manager.update.mockImplementation((_e, where, values) => later(() => Object.assign(rows.get((where as { id: string }).id) ?? {}, values)));
  manager.delete.mockImplementation((_e, where) =>
    later(() => {
      const w = where as { id?: string; userId?: number };
      for (const [sid, row] of rows) if (sid === w.id || (w.id === undefined && row.userId === w.userId)) rows.delete(sid);
    }),
  );
  const uow = fakeUnitOfWork();
  // Reads are hand-written SQL on the reading connection. Only the order of reads and writes and
  // what is kept are tested here: the statement itself and the conversion of its expiry are
  // tested on both databases by test/sessions.e2e-spec.ts.
  const query = readsBy(uow, (_sql, { sid }) => {
    const row = rows.get(sid as string);
    return row ? [{ userId: row.userId, data: row.data, expiresAt: row.expiresAt }] : [];
  });
  uow.rowReader.mockReturnValue((row) => row as unknown as SessionRecord);
  uow.write.mockImplementation((work) => work(manager));
  const ends: ((changed: ChangeSet) => void)[] = [];
  const declared: DataChange[][] = [];
  uow.writeChanging.mockImplementation(async (what, work) => {
    declared.push(what);
    try {
      return await work(manager);
    } finally {
      for (const end of ends) end(new Set(what));
    }
  });
  const cache = new ReadCache({ active: false, onTransactionEnd: (l) => void ends.push(l) }, { ttlMs: 0 });
  return { sut: new DatabaseSessionStore(uow, cache), rows, finish, query, cache, declared, manager };
}

/** A row of a signed-in person's session. */
const signedIn = (id: string, userId: number, flash: string): SessionRecord => ({ id, userId, data: JSON.stringify(session(flash)), expiresAt: new Date(Date.now() + 60_000) }) as SessionRecord;

const read = (sut: DatabaseSessionStore, sid: string) => new Promise<SessionData | null | undefined>((resolve, reject) => sut.get(sid, (err, s) => (err ? reject(err) : resolve(s))));
const session = (flash: string): SessionData => ({ cookie: { originalMaxAge: null }, flash: [{ type: 'success', message: flash }] }) as unknown as SessionData;

describe(DatabaseSessionStore.name, () => {
  it('reads a session only once its writes still going on have ended (the next request may arrive before the save)', async () => {
    const { sut, finish, query } = setup();
    sut.set('s1', session('Đã lưu.'));
    const reading = read(sut, 's1');
    await new Promise((r) => setImmediate(r));
    expect(query).not.toHaveBeenCalled();
    finish.shift()?.();
    expect((await reading)?.flash).toEqual([{ type: 'success', message: 'Đã lưu.' }]);
  });

  it('reads a session signed out as gone, even when the read comes before the delete ends', async () => {
    const { sut, finish, rows } = setup();
    rows.set('s2', signedIn('s2', 3, 'x'));
    sut.destroy('s2');
    const reading = read(sut, 's2');
    await new Promise((r) => setImmediate(r));
    finish.shift()?.();
    expect(await reading).toBeNull();
  });

  it('does not make other sessions wait', async () => {
    const { sut, rows } = setup();
    rows.set('s4', signedIn('s4', 3, 'y'));
    sut.set('s3', session('pending'));
    expect((await read(sut, 's4'))?.flash).toEqual([{ type: 'success', message: 'y' }]);
  });

  it("keeps a signed-in person's session until a write of it, which declares their sessions changed", async () => {
    const { sut, rows, finish, query, declared } = setup();
    rows.set('s5', signedIn('s5', 7, 'một'));
    expect((await read(sut, 's5'))?.flash).toEqual([{ type: 'success', message: 'một' }]);
    expect((await read(sut, 's5'))?.flash).toEqual([{ type: 'success', message: 'một' }]);
    expect(query).toHaveBeenCalledTimes(1);
    sut.set('s5', { ...session('hai'), userId: 7 } as SessionData);
    await new Promise((r) => setImmediate(r));
    finish.shift()?.();
    expect((await read(sut, 's5'))?.flash).toEqual([{ type: 'success', message: 'hai' }]);
    expect(query).toHaveBeenCalledTimes(2);
    expect(declared).toEqual([['sessions:7']]);
  });

  it('drops a kept session when another instance announces a change to its person (a sign-out everywhere)', async () => {
    const { sut, rows, cache, query } = setup();
    rows.set('s6', signedIn('s6', 8, 'x'));
    rows.set('s7', signedIn('s7', 9, 'y'));
    await read(sut, 's6');
    await read(sut, 's7');
    rows.delete('s6');
    cache.changed(new Set<DataChange>(['sessions:8']));
    expect(await read(sut, 's6')).toBeNull();
    expect((await read(sut, 's7'))?.flash).toEqual([{ type: 'success', message: 'y' }]);
    expect(query).toHaveBeenCalledTimes(3);
  });

  it('keeps neither a session of no one nor one that does not exist: each read reads', async () => {
    const { sut, rows, query } = setup();
    rows.set('s8', { ...signedIn('s8', 1, 'x'), userId: null });
    for (const sid of ['s8', 's8', 'missing', 'missing']) await read(sut, sid);
    expect(query).toHaveBeenCalledTimes(4);
  });

  it('declares the sessions changed of whoever a write concerns: before and after a sign-in, on a touch, a sign-out, an end everywhere', async () => {
    const { sut, rows, finish, declared } = setup();
    rows.set('s9', { ...signedIn('s9', 1, 'x'), userId: null });
    await read(sut, 's9');
    const writes: Promise<unknown>[] = [];
    const write = (start: (cb: () => void) => void) => writes.push(new Promise<void>((resolve) => start(() => resolve())));
    // Signed in: whose it is now; the anonymous session before it was no one's.
    write((cb) => sut.set('s9', { ...session('x'), userId: 4 } as SessionData, cb));
    // The expiry moved on by more than the interval: the copies with the earlier one go.
    write((cb) => sut.touch('s9', { ...session('x'), userId: 4, cookie: { expires: new Date(Date.now() + 2 * 24 * 3600_000) } } as unknown as SessionData, cb));
    write((cb) => sut.destroy('s9', cb));
    const settle = async () => {
      await new Promise((r) => setImmediate(r));
      while (finish.length) {
        finish.shift()?.();
        await new Promise((r) => setImmediate(r));
      }
    };
    await settle();
    // Never read here: a new session (the one a sign-in replaces), kept nowhere.
    write((cb) => sut.destroy('unknown', cb));
    await settle();
    await Promise.all(writes);
    const ending = sut.destroyForUser(5);
    await settle();
    await ending;
    expect(declared).toEqual([['sessions:4'], ['sessions:4'], ['sessions:4'], [], ['sessions:5']]);
  });

  it('does not bring back a session signed out here when a request of it still running saves it, nor touches it', async () => {
    const { sut, rows, finish, manager } = setup();
    rows.set('s11', signedIn('s11', 2, 'x'));
    await read(sut, 's11');
    const settle = async () => {
      await new Promise((r) => setImmediate(r));
      while (finish.length) {
        finish.shift()?.();
        await new Promise((r) => setImmediate(r));
      }
    };
    sut.destroy('s11');
    await settle();
    // Another request of the same browser reads it (gone), and the first one saves its flash.
    expect(await read(sut, 's11')).toBeNull();
    sut.set('s11', { ...session('late'), userId: 2 } as SessionData);
    sut.touch('s11', { ...session('late'), userId: 2, cookie: { expires: new Date(Date.now() + 2 * 24 * 3600_000) } } as unknown as SessionData);
    await settle();
    expect(rows.has('s11')).toBe(false);
    expect(manager.upsert).not.toHaveBeenCalled();
  });
});
