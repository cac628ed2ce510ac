import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs hand-written SQL with named parameters (`:id`), letting the driver choose its
 * placeholder style, so the same statement runs on SQLite and PostgreSQL.
 */
export async function rawQuery<T>(db: DataSource | EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const driver = 'driver' in db ? db.driver : db.connection.driver;
  const [query, values] = driver.escapeQueryWithParameters(sql, params, {});
  return (await db.query(query, values)) as T[];
}
