import { ChangeSet, DataChange, unitRecordsChange } from './data-changes';
import { cacheKey, ReadCache } from './read-cache';

/** A unit of work as the cache sees it: whether a transaction is open, and its ends with what they declared. */
function fakeUow() {
  const listeners: ((changed: ChangeSet) => void)[] = [];
  return {
    active: false,
    onTransactionEnd: (l: (changed: ChangeSet) => void) => void listeners.push(l),
    endTransaction: (...declared: DataChange[] | ['nothing-declared']) =>
      listeners.forEach((l) => l(declared.length === 1 && declared[0] === 'nothing-declared' ? 'everything' : new Set(declared as DataChange[]))),
  };
}

/** A promise settled from outside. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe(ReadCache.name, () => {
  let uow: ReturnType<typeof fakeUow>;
  let sut: ReadCache;
  let loads: number;
  const load = (value: string) => () => {
    loads++;
    return Promise.resolve(value);
  };

  beforeEach(() => {
    uow = fakeUow();
    sut = new ReadCache(uow, { ttlMs: 10_000, maxEntries: 3 });
    loads = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('loads a key once and serves it from memory afterwards', async () => {
    expect(await sut.get('a', load('first'))).toBe('first');
    expect(await sut.get('a', load('second'))).toBe('first');
    expect(await sut.get('b', load('other'))).toBe('other');
    expect(loads).toBe(2);
  });

  it('drops every entry when a transaction that declared nothing ends (the version moves on)', async () => {
    await sut.get('a', load('before'), ['units']);
    const version = sut.version;
    uow.endTransaction('nothing-declared');
    expect(sut.version).toBe(version + 1);
    expect(sut.size).toBe(0);
    expect(await sut.get('a', load('after'))).toBe('after');
    expect(loads).toBe(2);
  });

  it('serves an entry for its time only (another instance may have changed the data)', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    await sut.get('a', load('old'));
    jest.setSystemTime(1_000_000 + 9_999);
    expect(await sut.get('a', load('new'))).toBe('old');
    jest.setSystemTime(1_000_000 + 10_001);
    expect(await sut.get('a', load('new'))).toBe('new');
    expect(loads).toBe(2);
  });

  it('shares one load between the callers that ask for a key meanwhile', async () => {
    const pending = deferred<string>();
    const slow = jest.fn(() => pending.promise);
    const both = Promise.all([sut.get('a', slow), sut.get('a', slow)]);
    pending.resolve('once');
    expect(await both).toEqual(['once', 'once']);
    expect(slow).toHaveBeenCalledTimes(1);
    expect(await sut.get('a', load('again'))).toBe('once');
  });

  it('drops only the entries depending on what a transaction declared it changes; one declaring no change drops none', async () => {
    await sut.get('units', load('units'), ['units']);
    await sut.get('matrix:5', load('matrix 5'), [`programme:5`, 'units']);
    await sut.get('matrix:6', load('matrix 6'), [`programme:6`, 'units']);
    uow.endTransaction('programme:5');
    expect(await sut.get('matrix:5', load('matrix 5 again'), [`programme:5`, 'units'])).toBe('matrix 5 again');
    expect(await sut.get('matrix:6', load('x'), [`programme:6`, 'units'])).toBe('matrix 6');
    expect(await sut.get('units', load('x'), ['units'])).toBe('units');
    uow.endTransaction();
    expect(sut.size).toBe(3);
    uow.endTransaction('units');
    expect(sut.size).toBe(0);
  });

  it("drops, for a unit's report, the programme's figures and the pages showing that unit, and keeps its other pages and other programmes", async () => {
    sut = new ReadCache(uow, { ttlMs: 10_000 });
    const page = (units: number[]) => units.map((u) => unitRecordsChange(5, u));
    await sut.get('figures:5', load('figures 5'), ['programme:5']);
    await sut.get('page:5:a', load('page a'), page([1, 2]));
    await sut.get('page:5:b', load('page b'), page([3, 4]));
    await sut.get('page:50:a', load('page 50'), [unitRecordsChange(50, 1)]);
    await sut.get('figures:50', load('figures 50'), ['programme:50']);
    uow.endTransaction(unitRecordsChange(5, 2));
    expect(await sut.get('figures:5', load('figures 5 again'), ['programme:5'])).toBe('figures 5 again');
    expect(await sut.get('page:5:a', load('page a again'), page([1, 2]))).toBe('page a again');
    expect(await sut.get('page:5:b', load('x'), page([3, 4]))).toBe('page b');
    expect(await sut.get('page:50:a', load('x'), [unitRecordsChange(50, 1)])).toBe('page 50');
    expect(await sut.get('figures:50', load('x'), ['programme:50'])).toBe('figures 50');
    // The whole programme changed: every page of it goes, the other programme's stay.
    uow.endTransaction('programme:5');
    expect(await sut.get('page:5:b', load('page b again'), page([3, 4]))).toBe('page b again');
    expect(await sut.get('page:50:a', load('x'), [unitRecordsChange(50, 1)])).toBe('page 50');
  });

  it('drops a value that names no dependency with any change', async () => {
    await sut.get('a', load('any'));
    uow.endTransaction('fields');
    expect(await sut.get('a', load('anew'))).toBe('anew');
  });

  it('keeps a load in progress that the change does not reach, and not one it reaches', async () => {
    const units = deferred<string>();
    const programme = deferred<string>();
    const early = [sut.get('units', () => units.promise, ['units']), sut.get('matrix:5', () => programme.promise, ['programme:5'])];
    uow.endTransaction('programme:5');
    units.resolve('units');
    programme.resolve('old matrix');
    expect(await Promise.all(early)).toEqual(['units', 'old matrix']);
    expect(await sut.get('units', load('x'), ['units'])).toBe('units');
    expect(await sut.get('matrix:5', load('new matrix'), ['programme:5'])).toBe('new matrix');
  });

  it('hands a load started before a change to its callers but does not keep it; later callers load anew', async () => {
    const pending = deferred<string>();
    const early = sut.get('a', () => pending.promise);
    uow.endTransaction('nothing-declared');
    // A caller after the change does not join the load that may have read the old data.
    const late = sut.get('a', load('fresh'));
    pending.resolve('stale');
    expect(await early).toBe('stale');
    expect(await late).toBe('fresh');
    expect(await sut.get('a', load('third'))).toBe('fresh');
  });

  it('keeps nothing of a failed load, and the next caller tries again', async () => {
    await expect(sut.get('a', () => Promise.reject(new Error('locked')))).rejects.toThrow('locked');
    expect(sut.size).toBe(0);
    expect(await sut.get('a', load('ok'))).toBe('ok');
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    for (const key of ['a', 'b', 'c', 'd']) await sut.get(key, load(key));
    expect(sut.size).toBe(3);
    expect(await sut.get('b', load('b2'))).toBe('b');
    // 'a' comes back as the newest, which drops 'b' (the oldest kept: reading it changes nothing).
    expect(await sut.get('a', load('a2'))).toBe('a2');
    expect(await sut.get('c', load('c2'))).toBe('c');
    expect(await sut.get('b', load('b3'))).toBe('b3');
  });

  describe('bytes (values that say their size: pages kept as bytes)', () => {
    const size = (v: string) => v.length;
    beforeEach(() => (sut = new ReadCache(uow, { ttlMs: 10_000, maxEntries: 10, maxBytes: 10 })));

    it('keeps at most maxBytes of them, dropping the oldest, and counts what it keeps', async () => {
      await sut.get('a', load('aaaa'), undefined, size);
      await sut.get('b', load('bbbb'), undefined, size);
      expect(sut.keptBytes).toBe(8);
      await sut.get('c', load('cccc'), undefined, size);
      expect(sut.keptBytes).toBe(8);
      // 'a' was dropped ('b' and 'c' are kept): it loads again.
      expect(await sut.get('a', load('a2'), undefined, size)).toBe('a2');
      expect(sut.keptBytes).toBe(10);
      // A value that says no size counts nothing.
      await sut.get('plain', load('a long value that says no size'));
      expect(sut.keptBytes).toBe(10);
      // One more byte drops the oldest, 'b'.
      await sut.get('d', load('d'), undefined, size);
      expect(sut.keptBytes).toBe(7);
      expect(await sut.get('c', load('c2'), undefined, size)).toBe('cccc');
      expect(await sut.get('b', load('b2'), undefined, size)).toBe('b2');
    });

    it('forgets the bytes of what a change drops, and keeps nothing larger than the budget', async () => {
      await sut.get('a', load('aaaa'), ['units'], size);
      await sut.get('b', load('bbb'), ['initiatives'], size);
      uow.endTransaction('units');
      expect(sut.keptBytes).toBe(3);
      expect(await sut.get('huge', load('x'.repeat(11)), undefined, size)).toBe('x'.repeat(11));
      expect(sut.keptBytes).toBe(0);
      expect(await sut.get('huge', load('again'), undefined, size)).toBe('again');
    });
  });

  it('never serves nor keeps anything inside a transaction (a form sees its own writes)', async () => {
    await sut.get('a', load('outside'));
    uow.active = true;
    expect(await sut.get('a', load('inside'))).toBe('inside');
    uow.active = false;
    expect(await sut.get('a', load('later'))).toBe('outside');
  });

  it('loads every time when switched off (a time of 0)', async () => {
    const off = new ReadCache(uow, { ttlMs: 0 });
    await off.get('a', load('1'));
    expect(await off.get('a', load('2'))).toBe('2');
    expect(off.size).toBe(0);
  });

  describe('reference data', () => {
    it('is kept when results are not (a time of 0), until what it depends on changes', async () => {
      const off = new ReadCache(uow, { ttlMs: 0 });
      expect(await off.reference('units', load('1'), ['units'])).toBe('1');
      expect(await off.reference('units', load('2'), ['units'])).toBe('1');
      uow.endTransaction('initiatives');
      expect(await off.reference('units', load('3'), ['units'])).toBe('1');
      uow.endTransaction('units');
      expect(await off.reference('units', load('4'), ['units'])).toBe('4');
      uow.endTransaction('nothing-declared');
      expect(await off.reference('units', load('5'), ['units'])).toBe('5');
      expect(loads).toBe(3);
    });

    it('is kept beyond the time of results, at most referenceMs', async () => {
      jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
      const cache = new ReadCache(uow, { ttlMs: 10_000, referenceMs: 60_000 });
      await cache.reference('units', load('1'), ['units']);
      jest.setSystemTime(new Date('2026-01-01T00:00:59Z'));
      expect(await cache.reference('units', load('2'), ['units'])).toBe('1');
      jest.setSystemTime(new Date('2026-01-01T00:01:01Z'));
      expect(await cache.reference('units', load('3'), ['units'])).toBe('3');
    });

    it('is never pushed out by results beyond maxEntries', async () => {
      await sut.reference('units', load('units'), ['units']);
      for (const key of ['a', 'b', 'c', 'd', 'e']) await sut.get(key, load(key));
      expect(sut.size).toBe(3);
      expect(await sut.reference('units', load('again'), ['units'])).toBe('units');
    });

    it('is neither served nor kept inside a transaction', async () => {
      uow.active = true;
      expect(await sut.reference('units', load('inside'), ['units'])).toBe('inside');
      uow.active = false;
      expect(await sut.reference('units', load('outside'), ['units'])).toBe('outside');
      expect(await sut.reference('units', load('later'), ['units'])).toBe('outside');
    });
  });

  describe('personal', () => {
    const person = (name: string, userId: number | null) => () => {
      loads++;
      return Promise.resolve({ name, userId });
    };
    const whose = (v: { userId: number | null }): DataChange[] | null => (v.userId === null ? null : [`sessions:${v.userId}`]);

    it("keeps a person's data until a change to it, whatever the results' lifetime (even 0), and another person's change leaves it", async () => {
      jest.useFakeTimers({ now: 1_000_000 });
      sut = new ReadCache(uow, { ttlMs: 0 });
      await sut.personal('session:a', person('first', 7), whose);
      await sut.personal('session:b', person('other', 8), whose);
      jest.setSystemTime(1_000_000 + 5 * 60_000);
      expect((await sut.personal('session:a', person('second', 7), whose)).name).toBe('first');
      uow.endTransaction('sessions:8', 'initiatives');
      expect((await sut.personal('session:a', person('second', 7), whose)).name).toBe('first');
      expect((await sut.personal('session:b', person('again', 8), whose)).name).toBe('again');
      // `sessions` is the whole of every person's: it reaches each of them.
      uow.endTransaction('sessions');
      expect((await sut.personal('session:a', person('third', 7), whose)).name).toBe('third');
      // At most the lifetime of reference data (an edit made directly in the database).
      jest.setSystemTime(1_000_000 + 60 * 60_000);
      expect((await sut.personal('session:a', person('fourth', 7), whose)).name).toBe('fourth');
      expect(loads).toBe(5);
    });

    it('keeps nothing it is told depends on nothing (a session of no one), nor what a change made while it loaded', async () => {
      await sut.personal('session:a', person('anonymous', null), whose);
      await sut.personal('session:a', person('anonymous', null), whose);
      expect(loads).toBe(2);
      const slow = deferred<{ name: string; userId: number }>();
      const loading = sut.personal('session:b', () => slow.promise, whose);
      // Whatever changed: what it turns out to depend on is not known while it loads.
      uow.endTransaction('programme:3');
      slow.resolve({ name: 'read before', userId: 9 });
      await loading;
      expect((await sut.personal('session:b', person('read after', 9), whose)).name).toBe('read after');
    });

    it('keeps at most maxPersonal entries, the oldest going first, beside the results', async () => {
      sut = new ReadCache(uow, { ttlMs: 10_000, maxEntries: 3, maxPersonal: 2 });
      await sut.get('r', load('result'));
      for (const key of ['p1', 'p2', 'p3']) await sut.personal(key, person(key, 1), whose);
      loads = 0;
      await sut.personal('p2', person('again', 1), whose);
      await sut.personal('p3', person('again', 1), whose);
      expect(loads).toBe(0);
      expect((await sut.personal('p1', person('again', 1), whose)).name).toBe('again');
      expect(await sut.get('r', load('other'))).toBe('result');
    });

    it('reads afresh inside a transaction and keeps nothing there', async () => {
      uow.active = true;
      await sut.personal('session:a', person('inside', 7), whose);
      uow.active = false;
      expect((await sut.personal('session:a', person('outside', 7), whose)).name).toBe('outside');
      expect(loads).toBe(2);
    });
  });
});

describe(cacheKey.name, () => {
  it('gives the same key whatever the order of properties, leaving out undefined ones', () => {
    expect(cacheKey('p', { b: 1, a: { y: [2, 1], x: 'q' }, c: undefined })).toBe(cacheKey('p', { a: { x: 'q', y: [2, 1] }, b: 1 }));
    expect(cacheKey('p', { a: [1, 2] })).not.toBe(cacheKey('p', { a: [2, 1] }));
    expect(cacheKey('p', { a: 1 })).not.toBe(cacheKey('q', { a: 1 }));
  });
});
