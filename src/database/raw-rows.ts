import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Turns a row read with hand-written SQL into an entity's values (see `rowReader`). */
export type RowReader<T> = (row: Record<string, unknown>, prefix?: string) => T;

/**
 * Reads `properties` of an entity from rows of hand-written SQL (each selected as
 * `"<prefix><property>"`), each value converted as TypeORM converts it when it builds an
 * entity: by the driver, from the column's metadata (SQLite's dates stored as text and
 * booleans as 0/1, PostgreSQL's numbers and dates as the `pg` driver gives them), so the
 * values are the same as a query builder's. For reads of many short rows on every page (a
 * list's rows): building the statement and the entities through TypeORM's query builder
 * cost more of the main thread than the reading itself. Plain objects: callers read them,
 * never save them.
 */
export function rowReader<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, properties: readonly (keyof T & string)[]): RowReader<T> {
  const metadata = db.getMetadata(entity);
  const driver = db.driver;
  const columns = properties.map((p): [string, ColumnMetadata] => {
    const column = metadata.findColumnWithPropertyName(p);
    if (!column) throw new Error(`${metadata.name} has no column ${p}`);
    return [p, column];
  });
  return (row, prefix = '') => {
    const out: Record<string, unknown> = {};
    for (const [p, column] of columns) out[p] = driver.prepareHydratedValue(row[prefix + p], column);
    return out as T;
  };
}
