import { SessionData } from 'express-session';
import { EntityManager } from 'typeorm';
import { automock, fakeUnitOfWork, readsBy } from '../../test/utils/mocks';
import { SessionRecord } from './session.entity';
import { DatabaseSessionStore } from './session-store';

/** The store over a table kept in a list; the writing connection's writes finish when the test says. */
function setup() {
  const rows = new Map<string, SessionRecord>();
  const manager = automock(EntityManager);
  const finish: (() => void)[] = [];
  const later = (change: () => void) => new Promise<never>((resolve) => finish.push(() => (change(), resolve(undefined as never))));
  manager.upsert.mockImplementation((_e, row) => later(() => rows.set((row as SessionRecord).id, row as SessionRecord)));
  manager.delete.mockImplementation((_e, where) => later(() => rows.delete((where as { id: string }).id)));
  const uow = fakeUnitOfWork();
  // Reads are hand-written SQL on the reading connection. Only the order of reads and writes is
  // tested here: the statement itself and the conversion of its expiry are tested on both
  // databases by test/sessions.e2e-spec.ts.
  const query = readsBy(uow, (_sql, { sid }) => {
    const row = rows.get(sid as string);
    return row ? [{ data: row.data, expiresAt: row.expiresAt }] : [];
  });
  uow.rowReader.mockReturnValue((row) => row as Pick<SessionRecord, 'data' | 'expiresAt'>);
  uow.write.mockImplementation((work) => work(manager));
  return { sut: new DatabaseSessionStore(uow), rows, finish, query };
}

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
    rows.set('s2', { id: 's2', userId: 3, data: JSON.stringify(session('x')), expiresAt: new Date(Date.now() + 60_000) } as SessionRecord);
    sut.destroy('s2');
    const reading = read(sut, 's2');
    await new Promise((r) => setImmediate(r));
    finish.shift()?.();
    expect(await reading).toBeNull();
  });

  it('does not make other sessions wait', async () => {
    const { sut, rows } = setup();
    rows.set('s4', { id: 's4', userId: 3, data: JSON.stringify(session('y')), expiresAt: new Date(Date.now() + 60_000) } as SessionRecord);
    sut.set('s3', session('pending'));
    expect((await read(sut, 's4'))?.flash).toEqual([{ type: 'success', message: 'y' }]);
  });
});
