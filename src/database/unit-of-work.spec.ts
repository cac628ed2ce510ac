import { AsyncLocalStorage } from 'node:async_hooks';
import { Column, DataSource, Entity, EntityManager, PrimaryGeneratedColumn } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

/** An entity whose table is not named after its class: what a lock names comes from the metadata. */
@Entity('things')
class Thing {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;
}

describe(UnitOfWork.name, () => {
  let db: DataSource;
  let sut: UnitOfWork;
  const names = async () => ((await db.query('SELECT name FROM things ORDER BY id')) as { name: string }[]).map((r) => r.name);

  beforeEach(async () => {
    db = new DataSource({ type: 'sqlite', database: ':memory:', entities: [Thing] });
    await db.initialize();
    await db.query('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    sut = new UnitOfWork(db);
  });
  afterEach(() => db.destroy());

  it('joins the outer transaction from a nested run (which used to wait forever)', async () => {
    await sut.run(async () => {
      await sut.manager.query(`INSERT INTO things (name) VALUES ('outer')`);
      await sut.run(async (m) => {
        expect(m).toBe(sut.manager);
        await m.query(`INSERT INTO things (name) VALUES ('inner')`);
      });
    });
    expect(await names()).toEqual(['outer', 'inner']);
  });

  it('rolls back what a nested run wrote when the outer work fails', async () => {
    await expect(
      sut.run(async () => {
        await sut.run((m) => m.query(`INSERT INTO things (name) VALUES ('inner')`));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await names()).toEqual([]);
  });

  it('gives repositories the transaction of the current context without passing it', async () => {
    const seen: boolean[] = [];
    seen.push(sut.active);
    await sut.run(async (m) => {
      seen.push(sut.active, sut.manager === m);
      await new Promise((r) => setTimeout(r, 1)); // the context survives awaits
      seen.push(sut.manager === m);
    });
    seen.push(sut.active);
    expect(seen).toEqual([false, true, true, true, false]);
  });

  it('runs transactions started together one after the other on SQLite, each seeing its own writes', async () => {
    const order: string[] = [];
    const work = (name: string) =>
      sut.run(async (m) => {
        order.push(`start ${name}`);
        await m.query(`INSERT INTO things (name) VALUES (?)`, [name]);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`end ${name}`);
      });
    await Promise.all([work('a'), work('b'), sut.write((m) => m.query(`INSERT INTO things (name) VALUES ('c')`))]);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(await names()).toEqual(['a', 'b', 'c']);
  });

  it('keeps the queue going after a failed transaction', async () => {
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await sut.run((m) => m.query(`INSERT INTO things (name) VALUES ('after')`));
    expect(await names()).toEqual(['after']);
  });

  it('tells its listeners when a transaction of run ends, committed or rolled back, but not after a plain write or a nested run', async () => {
    const ends: boolean[] = [];
    sut.onTransactionEnd(() => ends.push(sut.active));
    await sut.run(async () => {
      await sut.run((m) => m.query(`INSERT INTO things (name) VALUES ('nested')`));
      expect(ends).toEqual([]);
    });
    expect(ends).toEqual([false]);
    await expect(sut.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(ends).toEqual([false, false]);
    await sut.write((m) => m.query(`INSERT INTO things (name) VALUES ('session')`));
    expect(ends).toHaveLength(2);
  });

  it('tells its listeners what the transaction declared it changes, everything when it declared nothing, even when it rolled back', async () => {
    const ends: unknown[] = [];
    sut.onTransactionEnd((changed) => ends.push(changed === 'everything' ? changed : [...changed].sort()));
    await sut.run(async () => {
      sut.changes('programme:5');
      // A nested run of another feature adds to the same transaction's declaration.
      await sut.run(async () => sut.changes('units', 'programme:5'));
    });
    await sut.run(async () => sut.changes());
    await sut.run(async () => undefined);
    await expect(
      sut.run(async () => {
        sut.changes('initiatives');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(ends).toEqual([['programme:5', 'units'], [], 'everything', ['initiatives']]);
    expect(() => sut.changes('units')).toThrow('outside a transaction');
  });

  it("adds a shared helper's changes to what a transaction declares, and leaves one that declared nothing changing everything", async () => {
    const ends: unknown[] = [];
    sut.onTransactionEnd((changed) => ends.push(changed === 'everything' ? changed : [...changed].sort()));
    await sut.run(async () => {
      sut.alsoChanges('notices:4');
      sut.changes('initiatives');
    });
    await sut.run(async () => {
      sut.changes();
      sut.alsoChanges('notices:4', 'notices:5');
    });
    await sut.run(async () => sut.alsoChanges('notices:4'));
    expect(ends).toEqual([['initiatives', 'notices:4'], ['notices:4', 'notices:5'], 'everything']);
    expect(() => sut.alsoChanges('notices:4')).toThrow('outside a transaction');
  });

  it("writes a helper's change in the current transaction (adding to it), alone (telling this instance's caches), or in a transaction of its own when other instances must hear of it", async () => {
    const ends: unknown[] = [];
    sut.onTransactionEnd((changed) => ends.push(changed === 'everything' ? changed : [...changed].sort()));
    await sut.writeChanging(['sessions:3'], (m) => m.query(`INSERT INTO things (name) VALUES ('alone')`));
    await sut.run(async () => {
      sut.changes('units');
      await sut.writeChanging(['sessions:4'], async (m) => {
        expect(m).toBe(sut.manager);
        await m.query(`INSERT INTO things (name) VALUES ('joined')`);
      });
    });
    await expect(
      sut.run(async () => {
        sut.changes();
        await sut.writeChanging(['sessions:5'], (m) => m.query(`INSERT INTO things (name) VALUES ('rolled back')`));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(ends).toEqual([['sessions:3'], ['sessions:4', 'units'], ['sessions:5']]);
    expect(await names()).toEqual(['alone', 'joined']);
    // With other instances to tell (PostgreSQL), a write of its own is a transaction that tells them.
    const announced: unknown[] = [];
    sut.announceChangesWith(async (m, changed) => {
      announced.push({ inTransaction: sut.active, changed: changed === 'everything' ? changed : [...changed] });
      await m.query(`INSERT INTO things (name) VALUES ('told')`);
    });
    await sut.writeChanging(['sessions:6'], (m) => m.query(`INSERT INTO things (name) VALUES ('alone again')`));
    expect(announced).toEqual([{ inTransaction: true, changed: ['sessions:6'] }]);
    expect(ends.at(-1)).toEqual(['sessions:6']);
    expect(await names()).toEqual(['alone', 'joined', 'alone again', 'told']);
  });

  it('announces, inside the transaction and before it commits, what each one changed; not a change of nothing, nor a failed one', async () => {
    const announced: unknown[] = [];
    sut.onTransactionEnd(() => announced.push('ended'));
    sut.announceChangesWith(async (m, changed) => {
      expect(sut.manager).toBe(m);
      await m.query(`INSERT INTO things (name) VALUES ('announced')`);
      announced.push(changed === 'everything' ? changed : [...changed]);
    });
    await sut.run(async () => sut.changes('units'));
    await sut.run(async () => sut.changes());
    await sut.run(async () => undefined);
    await expect(sut.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(announced).toEqual([['units'], 'ended', 'ended', 'everything', 'ended', 'ended']);
    // What it wrote committed with the transactions that announced.
    expect(await names()).toEqual(['announced', 'announced']);
  });

  describe('lockRows', () => {
    /** A PostgreSQL data source that records what a transaction asks, with the real metadata of `db`. */
    function postgres() {
      const query = jest.fn(async () => []);
      const manager = { query } as unknown as EntityManager;
      const source = {
        options: { type: 'postgres' },
        getMetadata: (target: typeof Thing) => db.getMetadata(target),
        transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
      } as unknown as DataSource;
      return { pg: new UnitOfWork(source), query };
    }

    it('locks the rows of the table the entity\'s metadata names, each id once, in id order (PostgreSQL)', async () => {
      const { pg, query } = postgres();
      await pg.run(() => pg.lockRows(Thing, [3, 1, 3]));
      expect(query).toHaveBeenCalledTimes(1);
      expect(query).toHaveBeenCalledWith('SELECT "id" FROM "things" WHERE "id" = ANY($1) ORDER BY "id" FOR NO KEY UPDATE', [[3, 1]]);
      await pg.run(() => pg.lockRows(Thing, []));
      expect(query).toHaveBeenCalledTimes(1);
    });

    it('refuses outside a transaction, on either database', async () => {
      const { pg, query } = postgres();
      await expect(pg.lockRows(Thing, [1])).rejects.toThrow('UnitOfWork.lockRows outside a transaction');
      await expect(sut.lockRows(Thing, [1])).rejects.toThrow('UnitOfWork.lockRows outside a transaction');
      expect(query).not.toHaveBeenCalled();
    });

    it('asks SQLite nothing, but still refuses an entity TypeORM does not know', async () => {
      class Stranger {}
      await sut.run(async (m) => {
        const query = jest.spyOn(m, 'query');
        await sut.lockRows(Thing, [1, 2]);
        expect(query).not.toHaveBeenCalled();
      });
      await expect(sut.run(() => sut.lockRows(Stranger, [1]))).rejects.toThrow('Stranger');
    });
  });

  describe('afterCommit', () => {
    /** Time for work started after a commit to have run, had it been started (for what must not run). */
    const settled = () => new Promise((r) => setTimeout(r, 20));
    /** Waits until `done` (work after a commit runs on its own; a busy machine may take long). */
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
    };

    it('runs once the transaction has committed, outside it, seeing what it wrote', async () => {
      const seen: { active: boolean; names: string[] }[] = [];
      await sut.run(async (m) => {
        await m.query(`INSERT INTO things (name) VALUES ('told')`);
        sut.afterCommit(async () => seen.push({ active: sut.active, names: await names() }));
        await sut.run(async () => sut.afterCommit(() => seen.push({ active: sut.active, names: ['nested'] })));
        expect(seen).toEqual([]);
      });
      await until(() => seen.length === 2);
      expect(seen).toHaveLength(2);
      expect(seen).toEqual(expect.arrayContaining([{ active: false, names: ['told'] }, { active: false, names: ['nested'] }]));
    });

    it('never runs when the transaction rolls back', async () => {
      const seen: string[] = [];
      await expect(
        sut.run(async () => {
          sut.afterCommit(() => seen.push('sent'));
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await settled();
      expect(seen).toEqual([]);
    });

    it('runs at once outside a transaction, and a failing piece of work fails neither the change nor the next one', async () => {
      const seen: string[] = [];
      sut.afterCommit(() => seen.push('outside'));
      await expect(sut.run(async () => sut.afterCommit(() => Promise.reject(new Error('mail server down'))))).resolves.toBeUndefined();
      await sut.run(async () => sut.afterCommit(() => seen.push('after')));
      await until(() => seen.length === 2);
      expect(seen).toEqual(['outside', 'after']);
    });
  });

  it('releases its async context when the application shuts down (a closed app must not slow the awaits of the process)', async () => {
    const disable = jest.spyOn(AsyncLocalStorage.prototype, 'disable');
    try {
      await sut.run(async () => undefined);
      expect(disable).not.toHaveBeenCalled();
      sut.onApplicationShutdown();
      expect(disable).toHaveBeenCalledTimes(1);
      expect(sut.active).toBe(false);
    } finally {
      disable.mockRestore();
    }
  });
});
