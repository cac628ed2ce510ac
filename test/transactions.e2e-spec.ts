import { Client } from 'pg';
import { UnitOfWork } from '../src/database/unit-of-work';
import { APP_HOOK_TIMEOUT, createTestApp, TestApp } from './helpers/test-app';

// Reads started together inside one transaction (Promise.all in a service) run one after
// another on its connection: pg 8 warns about a query sent while another still runs on
// the same client ("will be removed in pg@9.0"), and pg 9 refuses it.
describe('queries started together inside one transaction', () => {
  let t: TestApp;
  let overlapping = 0;
  let sent: jest.SpyInstance;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const query = Client.prototype.query;
    sent = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client & { _activeQuery: unknown; _queryQueue: unknown[] }, ...args: unknown[]) {
      if (this._activeQuery || this._queryQueue.length > 0) overlapping++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
  }, APP_HOOK_TIMEOUT);

  afterAll(async () => {
    sent?.mockRestore();
    await t?.close();
  }, APP_HOOK_TIMEOUT);

  it('each answers right, and none is sent while another runs', async () => {
    const uow = t.app.get(UnitOfWork);
    const [units, users, fields, none] = await uow.run(async (m) =>
      Promise.all([
        m.query('SELECT COUNT(*) AS n FROM units'),
        m.query('SELECT COUNT(*) AS n FROM users'),
        m.query('SELECT COUNT(*) AS n FROM fields'),
        m.query('SELECT id FROM users WHERE id < 0'),
      ]),
    );
    expect(Number(units[0].n)).toBeGreaterThan(10);
    expect(Number(users[0].n)).toBe(13);
    expect(Number(fields[0].n)).toBe(6);
    expect(none).toEqual([]);
    expect(overlapping).toBe(0);
  });
});
