import { Inject, Injectable } from '@nestjs/common';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { automock, fakeUnitOfWork, newTestService, passThroughReadCache, provide, provideAt } from '../../test/utils/mocks';

class Base {
  inherited(): string {
    return 'real';
  }
}

class Store extends Base {
  private hidden = 1;
  get count(): number {
    throw new Error('the real getter ran');
  }
  load(id: number): Promise<string> {
    return Promise.resolve(`real ${id + this.hidden}`);
  }
  override inherited(): string {
    return 'overridden';
  }
}

class Mailer {
  send(to: string): Promise<void> {
    return Promise.reject(new Error(`real mail to ${to}`));
  }
}

const SETTINGS = Symbol('settings');
interface Settings {
  limit: number;
}

@Injectable()
class Plain {
  constructor(
    readonly store: Store,
    readonly uow: UnitOfWork,
    readonly mailer: Mailer,
  ) {}

  async save(id: number): Promise<string> {
    return this.uow.run(async () => {
      this.uow.afterCommit(() => this.mailer.send(`#${id}`));
      return this.store.load(id);
    });
  }
}

@Injectable()
class WithToken {
  constructor(
    readonly store: Store,
    @Inject(SETTINGS) readonly settings: Settings,
    readonly cache: ReadCache,
  ) {}
}

describe('automock', () => {
  it('mocks every method of the prototype chain, inherited ones included, without calling getters', () => {
    const store = automock(Store);
    expect(jest.isMockFunction(store.load)).toBe(true);
    expect(jest.isMockFunction(store.inherited)).toBe(true);
    expect(store.inherited()).toBeUndefined();
    expect(Object.keys(store).sort()).toEqual(['count', 'inherited', 'load']);
    expect(Object.prototype.hasOwnProperty.call(store, 'constructor')).toBe(false);
  });

  it('refuses to read a getter nobody answered, and keeps the value a test assigns', () => {
    const store = automock(Store);
    expect(() => store.count).toThrow('Store.count is a getter the mock does not answer');
    (store as { count: number }).count = 3;
    expect(store.count).toBe(3);
  });

  it('is typed as the class: mockResolvedValue takes what the method resolves to', async () => {
    const store = automock(Store);
    store.load.mockResolvedValue('mocked');
    await expect(store.load(1)).resolves.toBe('mocked');
    expect(store.load).toHaveBeenCalledWith(1);
  });
});

describe('newTestService', () => {
  it('gives the constructor an automock of each dependency, and mock() hands back that same object', async () => {
    const { sut, mock } = newTestService(Plain);
    expect(sut.store).toBe(mock(Store));
    expect(sut.mailer).toBe(mock(Mailer));
    mock(Store).load.mockResolvedValue('x');
    await expect(sut.save(4)).resolves.toBe('x');
    expect(mock(Mailer).send).toHaveBeenCalledWith('#4');
  });

  it('refuses a dependency without a class, naming its position, until it is supplied by position', () => {
    expect(() => newTestService(WithToken)).toThrow('WithToken: constructor parameter at position 1 has no class (an injection token or an interface); supply it with provideAt(1, value)');
    const { sut } = newTestService(WithToken, [provideAt(1, { limit: 5 })]);
    expect(sut.settings).toEqual({ limit: 5 });
  });

  it('takes overrides by class, and will not hand them out as its own mocks', () => {
    const store = new Store();
    const { sut, mock } = newTestService(Plain, [provide(Store, store)]);
    expect(sut.store).toBe(store);
    expect(() => mock(Store)).toThrow('supplied by the test');
    expect(() => mock(ReadCache)).toThrow('Plain does not take a ReadCache');
  });

  it('refuses an override that matches no parameter', () => {
    expect(() => newTestService(Plain, [provide(ReadCache, passThroughReadCache())])).toThrow('Plain does not take a ReadCache');
    expect(() => newTestService(Plain, [provideAt(3, {})])).toThrow('no constructor parameter at position 3');
  });

  it('defaults the unit of work to the fake and the read cache to the pass-through', async () => {
    const { sut, mock } = newTestService(WithToken, [provideAt(1, { limit: 1 })]);
    const load = jest.fn(async () => 'loaded');
    await expect(sut.cache.get('k', load)).resolves.toBe('loaded');
    await expect(sut.cache.get('k', load)).resolves.toBe('loaded');
    expect(load).toHaveBeenCalledTimes(2);
    expect(mock(ReadCache).get).toHaveBeenCalledWith('k', load);
  });
});

describe('fakeUnitOfWork', () => {
  it('runs the work, active only inside, and runs after-commit work once it succeeded', async () => {
    const uow = fakeUnitOfWork();
    const order: string[] = [];
    expect(uow.active).toBe(false);
    await expect(
      uow.run(async () => {
        expect(uow.active).toBe(true);
        uow.afterCommit(() => order.push('after'));
        await uow.run(async () => order.push('nested'));
        order.push('work');
        return 7;
      }),
    ).resolves.toBe(7);
    expect(order).toEqual(['nested', 'work', 'after']);
    expect(uow.active).toBe(false);
  });

  it('drops after-commit work when the work throws, and tells end listeners either way', async () => {
    const uow = fakeUnitOfWork();
    const after = jest.fn();
    const ended = jest.fn();
    uow.onTransactionEnd(ended);
    await expect(
      uow.run(async () => {
        uow.afterCommit(after);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await Promise.resolve();
    expect(after).not.toHaveBeenCalled();
    expect(ended).toHaveBeenCalledTimes(1);
    // Nothing declared: like the real one, the transaction is taken to have changed everything.
    expect(ended).toHaveBeenCalledWith('everything');
    expect(uow.active).toBe(false);
  });

  it('tells end listeners what the transaction declared it changes, and refuses a declaration outside one', async () => {
    const uow = fakeUnitOfWork();
    const ended = jest.fn();
    uow.onTransactionEnd(ended);
    await uow.run(async () => {
      uow.changes('units');
      await uow.run(async () => uow.changes('programme:3'));
    });
    expect(ended).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledWith(new Set(['units', 'programme:3']));
    await uow.run(async () => uow.changes());
    expect(ended).toHaveBeenLastCalledWith(new Set());
    expect(() => uow.changes('units')).toThrow('outside a transaction');
  });

  it('locks rows only inside a run, and has no database to touch', async () => {
    const uow = fakeUnitOfWork();
    await expect(uow.lockRows(Store, [1])).rejects.toThrow('outside a transaction');
    await expect(uow.run(() => uow.lockRows(Store, [1]))).resolves.toBeUndefined();
    expect(() => uow.manager).toThrow('The test UnitOfWork has no database: UnitOfWork.manager was touched');
    expect(() => uow.repository(Store)).toThrow('UnitOfWork.repository()');
    await expect(uow.run(async (m) => m.find(Store))).rejects.toThrow('the EntityManager handed to run/write (.find)');
  });
});
