import 'reflect-metadata';
import { ChangeSet, DataChange } from '../../src/database/data-changes';
import { ReadCache } from '../../src/database/read-cache';
import { UnitOfWork } from '../../src/database/unit-of-work';

/** A class, abstract or not, whatever its constructor takes. */
export type Class<T> = abstract new (...args: never[]) => T;

/** Every factory-made double, so that `mock()` never hands out an object a test supplied as a typed mock. */
const doubles = new WeakSet<object>();

/**
 * A mock of a class: every method found on its prototype chain (not `constructor`, nothing of
 * Object.prototype) is a `jest.fn()` returning undefined, typed as the class. Getters are not
 * called: reading one throws (say what it should return by assigning the property), so a
 * test never reads a silent undefined.
 */
export function automock<T>(cls: Class<T>): jest.Mocked<T> {
  const mock: Record<string, unknown> = {};
  const seen = new Set<string>(['constructor']);
  for (let proto = cls.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (!descriptor) continue;
      if (typeof descriptor.value === 'function') {
        mock[name] = jest.fn();
      } else if (descriptor.get || descriptor.set) {
        Object.defineProperty(mock, name, {
          configurable: true,
          enumerable: true,
          get() {
            throw new Error(`${cls.name}.${name} is a getter the mock does not answer: assign it in the test (mock(${cls.name}).${name} = …)`);
          },
          set(value: unknown) {
            Object.defineProperty(mock, name, { configurable: true, enumerable: true, writable: true, value });
          },
        });
      }
    }
  }
  doubles.add(mock);
  return mock as jest.Mocked<T>;
}

/**
 * Puts a reading connection for hand-written SQL (rawQuery) in the place of `uow.manager` of a
 * fake UnitOfWork: each statement goes to `answer` with its SQL and its named parameters as
 * the code passed them (no database converts them). Returns the mock of its `query`.
 */
export function readsBy(uow: jest.Mocked<UnitOfWork>, answer: (sql: string, params: Record<string, unknown>) => unknown[] | Promise<unknown[]>): jest.Mock {
  const query = jest.fn(async (sql: string, params: Record<string, unknown>) => answer(sql, params));
  const reading = { query, connection: { options: { type: 'sqlite' }, driver: { escapeQueryWithParameters: (sql: string, params: Record<string, unknown>) => [sql, params] } } };
  Object.defineProperty(uow, 'manager', { configurable: true, enumerable: true, value: reading });
  return query;
}

/**
 * A unit of work without a database: `run(work)` calls `work()` (a `run` inside a `run` joins
 * it), `active` is true only inside it, `afterCommit(fn)` runs fn once the outermost work has
 * succeeded (never if it threw; at once outside a transaction), listeners of
 * `onTransactionEnd` hear the end of each outermost run (committed or not) with what it declared
 * through `changes(...)` ('everything' if nothing, refused outside a run), `write(work)` calls
 * work, `lockRows` resolves inside a run and is refused outside one, as the real one.
 * There is no EntityManager: `manager`, `repository()` and the manager handed to the work
 * throw, since a service under unit test reads and writes through its mocked repository.
 * It starts from the automock, so a method added to UnitOfWork later is a jest.fn() here.
 */
export function fakeUnitOfWork(): jest.Mocked<UnitOfWork> {
  const noManager = (what: string) =>
    new Error(`The test UnitOfWork has no database: ${what} was touched. Mock the feature's repository instead (or supply a UnitOfWork of your own to newTestService).`);
  const manager = new Proxy(
    {},
    {
      get(_target, property) {
        throw noManager(`the EntityManager handed to run/write (.${String(property)})`);
      },
    },
  ) as never;
  let depth = 0;
  let hooks: (() => unknown)[] = [];
  /** What the current transaction declared it changes (UnitOfWork.changes); null: nothing, so everything. */
  let declared: Set<DataChange> | null = null;
  /** What shared helpers added to it (UnitOfWork.alsoChanges): counted only if it declares. */
  let added = new Set<DataChange>();
  const endListeners: ((changed: ChangeSet) => void)[] = [];
  const uow = automock(UnitOfWork);
  Object.defineProperty(uow, 'active', { configurable: true, enumerable: true, get: () => depth > 0 });
  Object.defineProperty(uow, 'manager', {
    configurable: true,
    enumerable: true,
    get() {
      throw noManager('UnitOfWork.manager');
    },
  });
  uow.repository.mockImplementation(() => {
    throw noManager('UnitOfWork.repository()');
  });
  uow.run.mockImplementation(async (work) => {
    if (depth > 0) return work(manager);
    depth++;
    const pending: (() => unknown)[] = (hooks = []);
    declared = null;
    added = new Set();
    let result: unknown;
    try {
      result = await work(manager);
    } finally {
      depth--;
      hooks = [];
      const changed: ChangeSet = declared ? new Set([...declared, ...added]) : 'everything';
      declared = null;
      added = new Set();
      for (const listener of endListeners) listener(changed);
    }
    // Committed: what waited for it runs now; like the real one, its failure does not undo the work.
    for (const hook of pending) await Promise.resolve().then(hook).catch(() => undefined);
    return result;
  });
  uow.write.mockImplementation((work) => work(manager));
  uow.afterCommit.mockImplementation((work) => {
    if (depth > 0) hooks.push(work);
    else void Promise.resolve().then(work).catch(() => undefined);
  });
  uow.onTransactionEnd.mockImplementation((listener) => {
    endListeners.push(listener);
  });
  uow.lockRows.mockImplementation(async () => {
    if (depth === 0) throw new Error('UnitOfWork.lockRows outside a transaction');
  });
  uow.changes.mockImplementation((...what) => {
    if (depth === 0) throw new Error('UnitOfWork.changes outside a transaction');
    declared ??= new Set();
    for (const c of what) declared.add(c);
  });
  uow.alsoChanges.mockImplementation((...what) => {
    if (depth === 0) throw new Error('UnitOfWork.alsoChanges outside a transaction');
    for (const c of what) added.add(c);
  });
  // As the real one: in a transaction added to it; alone, a transaction of its own when other
  // instances are told (announceChangesWith was called), else a plain write and then the end listeners.
  let announcing = false;
  uow.announceChangesWith.mockImplementation(() => {
    announcing = true;
  });
  uow.writeChanging.mockImplementation(async (what, work) => {
    if (depth > 0) {
      uow.alsoChanges(...what);
      return work(manager);
    }
    if (announcing) {
      return uow.run((m) => {
        uow.changes(...what);
        return work(m);
      });
    }
    try {
      return await uow.write(work);
    } finally {
      for (const listener of endListeners) listener(new Set(what));
    }
  });
  return uow;
}

/**
 * A read cache that keeps nothing: `get(…, load)` is `load()` (the last function it is
 * given; `personal(key, load, dependsOn)` the first), so a unit test sees every read its service makes. `version` and `size` stay 0;
 * `changed()` is recorded. It starts from the automock, as the unit of work.
 */
export function passThroughReadCache(): jest.Mocked<ReadCache> {
  const cache = automock(ReadCache);
  Object.defineProperty(cache, 'version', { configurable: true, enumerable: true, writable: true, value: 0 });
  Object.defineProperty(cache, 'size', { configurable: true, enumerable: true, writable: true, value: 0 });
  for (const method of ['get', 'reference'] as const) {
    (cache[method] as jest.Mock).mockImplementation((...args: unknown[]) => {
      const load = [...args].reverse().find((a): a is () => unknown => typeof a === 'function');
      if (!load) throw new Error(`ReadCache.${method} was given no function to load with`);
      return load();
    });
  }
  // Its second function names what the value depends on, not how to load it.
  cache.personal.mockImplementation((_key, load) => load());
  return cache;
}

/** Doubles the factory gives for these classes unless the test supplies its own. */
const defaults = new Map<Class<unknown>, () => object>([
  [UnitOfWork, fakeUnitOfWork],
  [ReadCache, passThroughReadCache],
]);

/** A constructor dependency the test supplies itself: a class's instance, or whatever stands at a position. */
export type Override = { token: Class<unknown>; value: unknown } | { position: number; value: unknown };

/** Gives `value` for the dependency of this class (it replaces the automock or the default fake). */
export function provide<T>(token: Class<T>, value: T): Override {
  return { token, value };
}

/** Gives `value` for the constructor parameter at `position` (0-based): for injection tokens and interfaces, which have no class. */
export function provideAt(position: number, value: unknown): Override {
  return { position, value };
}

export interface TestService<S> {
  /** The service under test, built with the dependencies below. */
  sut: S;
  /** The typed double given to the constructor for this dependency class (automock or default fake). */
  mock<T>(cls: Class<T>): jest.Mocked<T>;
}

/**
 * Builds `cls` with a double for each constructor dependency, read from the design:paramtypes
 * metadata that TypeScript emits for a decorated class (@Injectable()): an automock, or the
 * fake UnitOfWork / pass-through ReadCache. Dependencies without a class (an @Inject token
 * typed by an interface shows as Object; a circular import as undefined) must be overridden,
 * by class or by position; a missing one is refused naming its position.
 */
export function newTestService<S>(cls: new (...args: never[]) => S, overrides: Override[] = []): TestService<S> {
  const types = Reflect.getMetadata('design:paramtypes', cls) as (Class<unknown> | undefined)[] | undefined;
  if (!types && cls.length > 0) throw new Error(`${cls.name} has no design:paramtypes metadata: is it decorated (@Injectable()) and compiled with emitDecoratorMetadata?`);
  const paramTypes = types ?? [];
  for (const o of overrides) {
    if ('position' in o && (o.position < 0 || o.position >= paramTypes.length)) throw new Error(`${cls.name} has no constructor parameter at position ${o.position}`);
    if ('token' in o && !paramTypes.includes(o.token)) throw new Error(`${cls.name} does not take a ${o.token.name}`);
  }
  const byClass = new Map<Class<unknown>, unknown>();
  const deps = paramTypes.map((type, position) => {
    const atPosition = overrides.find((o) => 'position' in o && o.position === position);
    if (atPosition) return atPosition.value;
    const byToken = type && overrides.find((o) => 'token' in o && o.token === type);
    if (byToken) return byToken.value;
    if (!type || type === Object) {
      const what = type ? 'has no class (an injection token or an interface)' : 'has no type in the metadata (a circular import?)';
      throw new Error(`${cls.name}: constructor parameter at position ${position} ${what}; supply it with provideAt(${position}, value)`);
    }
    if (typeof type !== 'function' || [String, Number, Boolean, Array, Function, Promise].includes(type as never)) {
      throw new Error(`${cls.name}: constructor parameter at position ${position} is a ${type.name}, not a service; supply it with provideAt(${position}, value)`);
    }
    if (byClass.has(type)) return byClass.get(type);
    const double = defaults.get(type)?.() ?? automock(type);
    byClass.set(type, double);
    return double;
  });
  for (const [position, type] of paramTypes.entries()) if (type && !byClass.has(type)) byClass.set(type, deps[position]);
  const sut = new (cls as unknown as new (...args: unknown[]) => S)(...deps);
  return {
    sut,
    mock<T>(dep: Class<T>): jest.Mocked<T> {
      if (!byClass.has(dep)) throw new Error(`${cls.name} does not take a ${dep.name}`);
      const double = byClass.get(dep);
      if (!doubles.has(double as object)) throw new Error(`The ${dep.name} of ${cls.name} was supplied by the test: use that object, not mock(${dep.name})`);
      return double as jest.Mocked<T>;
    },
  };
}
