import { automock, fakeUnitOfWork } from '../../test/utils/mocks';
import { AppConfig } from '../config/app-config';
import { ChangeFeed, changeMessage, readChangeMessage } from './change-feed';
import { ReadCache } from './read-cache';

/** PostgreSQL's client, as the feed's listening connection: each one made is kept, to fail it. */
jest.mock('pg', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter } = require('node:events') as typeof import('node:events');
  class Client extends EventEmitter {
    static made: Client[] = [];
    connect = jest.fn(async () => undefined);
    query = jest.fn(async () => undefined);
    end = jest.fn(async () => undefined);
    constructor() {
      super();
      Client.made.push(this);
    }
  }
  return { Client };
});

describe('change messages between instances', () => {
  it('carries what a transaction declared, or everything', () => {
    expect(readChangeMessage(changeMessage('a', new Set(['programme:5', 'units'])))).toEqual({ from: 'a', changes: ['programme:5', 'units'] });
    expect(readChangeMessage(changeMessage('a', 'everything'))).toEqual({ from: 'a', changes: 'everything' });
  });

  it('says everything when the list would not fit in a notification', () => {
    const many = new Set(Array.from({ length: 2000 }, (_, i) => `programme:${i}` as const));
    expect(changeMessage('a', many).length).toBeLessThan(8000);
    expect(readChangeMessage(changeMessage('a', many))).toEqual({ from: 'a', changes: 'everything' });
  });

  it('reads an unknown shape as everything and garbage as nothing readable', () => {
    expect(readChangeMessage('{"from":"b","changes":42}')).toEqual({ from: 'b', changes: 'everything' });
    expect(readChangeMessage('not json')).toBeNull();
    expect(readChangeMessage(undefined)).toBeNull();
  });
});

describe(ChangeFeed.name, () => {
  function setup(databaseUrl: string) {
    const config = automock(AppConfig);
    config.get.mockImplementation(((key: string) => (key === 'databaseUrl' ? databaseUrl : undefined)) as AppConfig['get']);
    const cache = automock(ReadCache);
    const uow = fakeUnitOfWork();
    return { sut: new ChangeFeed(config, cache, uow), cache, uow };
  }

  it("drops what another instance changed, never again what this instance's own transaction announced", () => {
    const { sut, cache } = setup('postgres://db/app');
    sut.received(changeMessage('other', new Set(['programme:5'])));
    expect(cache.changed).toHaveBeenCalledWith(new Set(['programme:5']));
    cache.changed.mockClear();
    sut.received(changeMessage(sut.instance, new Set(['units'])));
    expect(cache.changed).not.toHaveBeenCalled();
    sut.received('garbage');
    expect(cache.changed).toHaveBeenCalledWith('everything');
  });

  it('announces the changes of each transaction on PostgreSQL only', () => {
    expect(setup('postgres://db/app').uow.announceChangesWith).toHaveBeenCalledTimes(1);
    expect(setup('').uow.announceChangesWith).not.toHaveBeenCalled();
  });

  it('drops everything when it loses its listening connection, and again once it listens anew (what it kept meanwhile may have missed a change)', async () => {
    jest.useFakeTimers();
    try {
      const { Client } = jest.requireMock<{ Client: { made: { query: jest.Mock; emit: (e: string, v?: unknown) => void }[] } }>('pg');
      Client.made.length = 0;
      const { sut, cache } = setup('postgres://db/app');
      await sut.onModuleInit();
      expect(Client.made[0].query).toHaveBeenCalledWith('LISTEN sang_kien_changes');
      expect(cache.changed.mock.calls).toEqual([['everything']]);
      Client.made[0].emit('error', new Error('connection terminated'));
      expect(cache.changed.mock.calls).toEqual([['everything'], ['everything']]);
      await jest.advanceTimersByTimeAsync(1000);
      expect(Client.made).toHaveLength(2);
      expect(Client.made[1].query).toHaveBeenCalledWith('LISTEN sang_kien_changes');
      expect(cache.changed.mock.calls).toEqual([['everything'], ['everything'], ['everything']]);
      await sut.onModuleDestroy();
    } finally {
      jest.useRealTimers();
    }
  });
});
