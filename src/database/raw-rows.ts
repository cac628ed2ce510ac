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

/** An entity's columns in hand-written SQL (see `entityColumns`). */
export interface EntityColumns<T> {
  /** The select list: every column of the alias, each as `"<prefix><property>"`. */
  select: string;
  /** The entity of a row (null when the alias's primary key is null: a LEFT JOIN that found nothing). */
  read: (row: Record<string, unknown>) => T | null;
}

/**
 * Every column TypeORM reads of an entity by default (not those marked `select: false`, such
 * as a password's hash), for hand-written SQL that reads whole entities, with their relations
 * joined under aliases of their own, run with `rawQuery` through `uow.manager` (the
 * transaction inside one): the select list of `alias`, and the reader that makes each row an
 * instance of the entity's class with the values converted as TypeORM converts them (see
 * rowReader). For entities read on every page with several relations, whose
 * statement TypeORM's query builder builds again on each read (for an initiative with its
 * unit, field, round, organiser and creator: twice the time of the read itself).
 */
export function entityColumns<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, alias: string, prefix: string): EntityColumns<T> {
  const metadata = db.getMetadata(entity);
  // What TypeORM would do and this does not: refused here rather than read differently.
  if (metadata.primaryColumns.length !== 1 || metadata.embeddeds.length > 0 || metadata.columns.some((c) => c.isVirtualProperty || c.isDiscriminator) || metadata.afterLoadListeners.length > 0) {
    throw new Error(`entityColumns: ${metadata.name} has a composite key, embedded or virtual columns, or @AfterLoad listeners`);
  }
  const columns = metadata.columns.filter((c) => c.isSelect && !c.isVirtual);
  const properties = columns.map((c) => c.propertyName) as (keyof T & string)[];
  const values = rowReader(db, entity, properties);
  const key = `${prefix}${metadata.primaryColumns[0].propertyName}`;
  return {
    select: columns.map((c) => `${alias}."${c.databaseName}" AS "${prefix}${c.propertyName}"`).join(', '),
    read: (row) => (row[key] === null || row[key] === undefined ? null : Object.assign(metadata.create() as T, values(row, prefix))),
  };
}
