import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { rawQuery, statementName } from './raw-query';

/** A data source of `type` whose driver names parameters $1, $2… and whose pool (PostgreSQL) and query answer one row. */
function source(type: 'postgres' | 'sqlite') {
  const pool = { query: jest.fn(async (): Promise<{ rows: unknown[] }> => ({ rows: [{ via: 'pool' }] })) };
  const query = jest.fn(async () => [{ via: 'query' }]);
  const driver = {
    master: pool,
    escapeQueryWithParameters: (sql: string, params: Record<string, unknown>) => {
      const values: unknown[] = [];
      const text = sql.replace(/:(\.\.\.)?(\w+)/g, (_m, list: string | undefined, name: string) => {
        const v = params[name];
        if (list) return (v as unknown[]).map((x) => (values.push(x), `$${values.length}`)).join(', ');
        values.push(v);
        return `$${values.length}`;
      });
      return [text, values];
    },
  };
  const db = { options: { type }, driver, query } as unknown as DataSource;
  return { db, pool, query };
}

describe('rawQuery', () => {
  it('on PostgreSQL, outside a transaction, runs a statement asked to be prepared under a name made from its text', async () => {
    const { db, pool, query } = source('postgres');
    expect(await rawQuery(db, 'SELECT 1 FROM "t" WHERE "id" = :id', { id: 7 }, { prepare: true })).toEqual([{ via: 'pool' }]);
    expect(query).not.toHaveBeenCalled();
    expect(pool.query).toHaveBeenCalledWith({ name: statementName('SELECT 1 FROM "t" WHERE "id" = $1'), text: 'SELECT 1 FROM "t" WHERE "id" = $1', values: [7] });
  });

  it('runs it as any other statement on SQLite, inside a transaction, with a list parameter, or when not asked', async () => {
    const sqlite = source('sqlite');
    expect(await rawQuery(sqlite.db, 'SELECT 1 WHERE "id" = :id', { id: 1 }, { prepare: true })).toEqual([{ via: 'query' }]);
    const pg = source('postgres');
    // A transaction's manager runs on its own connection (its query runner).
    const inTransaction = { connection: pg.db, queryRunner: {}, query: pg.query } as unknown as EntityManager;
    await rawQuery(inTransaction, 'SELECT 1 WHERE "id" = :id', { id: 1 }, { prepare: true });
    // Each length of a list is another text.
    await rawQuery(pg.db, 'SELECT 1 WHERE "id" IN (:...ids)', { ids: [1, 2] }, { prepare: true });
    await rawQuery(pg.db, 'SELECT 1 WHERE "id" = :id', { id: 1 });
    expect(pg.pool.query).not.toHaveBeenCalled();
    expect(pg.query.mock.calls).toEqual([
      ['SELECT 1 WHERE "id" = $1', [1]],
      ['SELECT 1 WHERE "id" IN ($1, $2)', [1, 2]],
      ['SELECT 1 WHERE "id" = $1', [1]],
    ]);
    // Outside a transaction, a manager of the data source prepares as the data source does.
    const outside = { connection: pg.db, queryRunner: undefined, query: pg.query } as unknown as EntityManager;
    await rawQuery(outside, 'SELECT 1 WHERE "id" = :id', { id: 1 }, { prepare: true });
    expect(pg.pool.query).toHaveBeenCalledTimes(1);
  });

  it('reports a failure of a prepared statement as TypeORM reports one, the driver’s error inside', async () => {
    const { db, pool } = source('postgres');
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    pool.query.mockRejectedValueOnce(driverError);
    const failed = rawQuery(db, 'SELECT 1 WHERE "link" = :link', { link: 'x' }, { prepare: true });
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failed).rejects.toMatchObject({ driverError, code: '22021', query: 'SELECT 1 WHERE "link" = $1', parameters: ['x'] });
  });

  it('names one text always the same and two texts differently', () => {
    expect(statementName('SELECT 1')).toBe(statementName('SELECT 1'));
    expect(statementName('SELECT 1')).not.toBe(statementName('SELECT 2'));
    expect(statementName('SELECT 1')).toMatch(/^q_[0-9a-f]{20}$/);
  });
});
