import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

export interface RawQueryOptions {
  /**
   * A read whose text never changes (its values only parameters, no `:...list`): on
   * PostgreSQL, outside a transaction, each connection parses it once and then only executes
   * it (PostgreSQL plans its first five runs afresh, then keeps a generic plan when that is no
   * worse: see statementName). Elsewhere, and with a list parameter, as any.
   */
  prepare?: boolean;
}

/**
 * Runs hand-written SQL with named parameters (`:id`), letting the driver choose its
 * placeholder style, so the same statement runs on SQLite and PostgreSQL.
 */
export async function rawQuery<T>(db: DataSource | EntityManager, sql: string, params: Record<string, unknown>, options: RawQueryOptions = {}): Promise<T[]> {
  const driver = 'driver' in db ? db.driver : db.connection.driver;
  const [query, values] = driver.escapeQueryWithParameters(sql, params, {});
  // A list expands into as many placeholders as it holds: a text for every length.
  if (options.prepare && !Object.values(params).some(Array.isArray)) {
    const pool = preparingPool(db);
    if (pool) return runPrepared<T>(pool, query, values);
  }
  return (await db.query(query, values)) as T[];
}

/**
 * PostgreSQL's pool, for a statement outside a transaction (a transaction runs on its own
 * connection); null on SQLite, whose statements cost little to prepare.
 */
export function preparingPool(db: DataSource | EntityManager): Pool | null {
  const source = 'driver' in db ? db : db.connection;
  if (source.options.type !== 'postgres' || ('queryRunner' in db && db.queryRunner)) return null;
  return (source.driver as PostgresDriver).master as Pool;
}

/**
 * Runs `text` (in PostgreSQL's placeholders) on the pool, prepared under its name. A failure
 * is reported as TypeORM reports one (QueryFailedError around the driver's error), which the
 * error filter knows (bad bytes in a value: 400; the database unreachable: 503).
 */
export async function runPrepared<T>(pool: Pool, text: string, values: unknown[]): Promise<T[]> {
  try {
    return (await pool.query({ name: statementName(text), text, values })).rows as T[];
  } catch (e) {
    throw new QueryFailedError(text, values, e as Error);
  }
}

const names = new Map<string, string>();

/**
 * The name a statement is prepared under on every PostgreSQL connection: one per text (a
 * name must always stand for the same text), so only fixed texts may be prepared — each
 * text prepared stays on each connection for as long as it is open.
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}
