import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns, timestampType } from './columns';

/** The six areas of the state administrative-reform programme (Nghị quyết 76/NQ-CP). */
export const SEEDED_FIELDS = [
  'Cải cách thể chế',
  'Cải cách thủ tục hành chính',
  'Cải cách tổ chức bộ máy hành chính nhà nước',
  'Cải cách chế độ công vụ',
  'Cải cách tài chính công',
  'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số',
];

const fk = (column: string, table: string, onDelete = 'RESTRICT') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });
const ix = (table: string, ...columns: string[]) => new TableIndex({ name: `IDX_${table}_${columns.join('_')}`, columnNames: columns });

/**
 * Initiatives with their authors, effect indicators, attachments, status history and
 * revisions; fields; rounds (extended by the council feature); the code counter; and,
 * on SQLite, the full-text index.
 */
export class Initiatives1764100000000 implements MigrationInterface {
  name = 'Initiatives1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = timestampType(q);
    const longText = (name: string) => ({ name, type: 'text', default: "''" });

    await q.createTable(
      new Table({
        name: 'fields',
        columns: [idColumn(), text('name', 255), { name: 'position', type: 'integer', default: 0 }, { name: 'active', type: 'boolean', default: true }, ...timestampColumns(q)],
        indices: [new TableIndex({ name: 'IDX_fields_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    for (const [i, name] of SEEDED_FIELDS.entries()) {
      await q.manager.createQueryBuilder().insert().into('fields').values({ name, position: i + 1, active: true }).execute();
    }

    await q.createTable(
      new Table({
        name: 'rounds',
        columns: [
          idColumn(),
          { name: 'year', type: 'integer' },
          text('name', 255),
          { name: 'organisingUnitId', type: 'integer', isNullable: true },
          { name: 'submissionStart', type: 'date', isNullable: true },
          { name: 'submissionEnd', type: 'date', isNullable: true },
          text('status', 20, { default: "'open'" }),
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('organisingUnitId', 'units')],
        indices: [ix('rounds', 'year')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'initiatives',
        columns: [
          idColumn(),
          text('code', 20, { isNullable: true }),
          text('title', 500),
          text('titleSort', 500, { default: "''" }),
          { name: 'unitId', type: 'integer' },
          { name: 'fieldId', type: 'integer' },
          { name: 'roundId', type: 'integer', isNullable: true },
          text('status', 20, { default: "'draft'" }),
          text('level', 20, { isNullable: true }),
          { name: 'year', type: 'integer' },
          longText('problem'),
          longText('solution'),
          longText('novelty'),
          longText('conditions'),
          longText('applicability'),
          longText('effects'),
          { name: 'firstAppliedDate', type: 'date', isNullable: true },
          text('investorName', 255, { default: "''" }),
          { name: 'stateFunded', type: 'boolean', default: false },
          longText('participants'),
          longText('confidentialInfo'),
          { name: 'createdById', type: 'integer' },
          { name: 'submittedAt', type: ts, isNullable: true },
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('unitId', 'units'), fk('fieldId', 'fields'), fk('roundId', 'rounds'), fk('createdById', 'users')],
        indices: [
          new TableIndex({ name: 'IDX_initiatives_code', columnNames: ['code'], isUnique: true }),
          // Lists: by status, newest first, optionally by year (covering, so counts and
          // pages read the index only).
          ix('initiatives', 'status', 'updatedAt', 'id'),
          ix('initiatives', 'status', 'year', 'updatedAt', 'id'),
          ix('initiatives', 'unitId'),
          ix('initiatives', 'fieldId'),
          ix('initiatives', 'roundId'),
          ix('initiatives', 'year'),
          ix('initiatives', 'updatedAt'),
          ix('initiatives', 'titleSort'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'initiative_authors',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          { name: 'position', type: 'integer', default: 0 },
          text('fullName', 255),
          { name: 'birthDate', type: 'date', isNullable: true },
          text('workplace', 255, { default: "''" }),
          text('jobTitle', 255, { default: "''" }),
          text('qualification', 255, { default: "''" }),
          { name: 'share', type: 'double precision', default: 0 },
          { name: 'userId', type: 'integer', isNullable: true },
        ],
        foreignKeys: [fk('initiativeId', 'initiatives', 'CASCADE'), fk('userId', 'users')],
        indices: [ix('initiative_authors', 'initiativeId'), ix('initiative_authors', 'userId')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'initiative_indicators',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          { name: 'position', type: 'integer', default: 0 },
          text('name', 255),
          text('unitOfMeasure', 50, { default: "''" }),
          { name: 'before', type: 'double precision', isNullable: true },
          { name: 'after', type: 'double precision', isNullable: true },
        ],
        foreignKeys: [fk('initiativeId', 'initiatives', 'CASCADE')],
        indices: [ix('initiative_indicators', 'initiativeId')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'attachments',
        columns: [
          idColumn(),
          text('ownerType', 30),
          { name: 'ownerId', type: 'integer', isNullable: true },
          text('originalName', 255),
          text('storedName', 64),
          text('mediaType', 120),
          { name: 'size', type: 'bigint' },
          text('sha256', 64),
          text('visibility', 10, { default: "'internal'" }),
          { name: 'uploadedById', type: 'integer' },
          { name: 'createdAt', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [fk('uploadedById', 'users')],
        indices: [new TableIndex({ name: 'IDX_attachments_stored', columnNames: ['storedName'], isUnique: true }), ix('attachments', 'ownerType', 'ownerId')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'initiative_transitions',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          text('fromStatus', 20, { isNullable: true }),
          text('toStatus', 20),
          { name: 'actorId', type: 'integer', isNullable: true },
          text('actorName', 255, { default: "''" }),
          longText('note'),
          { name: 'at', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [fk('initiativeId', 'initiatives', 'CASCADE')],
        indices: [ix('initiative_transitions', 'initiativeId')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'initiative_revisions',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          { name: 'number', type: 'integer' },
          { name: 'actorId', type: 'integer', isNullable: true },
          text('actorName', 255, { default: "''" }),
          { name: 'snapshot', type: 'text' },
          { name: 'changes', type: 'text', isNullable: true },
          { name: 'at', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [fk('initiativeId', 'initiatives', 'CASCADE')],
        indices: [new TableIndex({ name: 'IDX_initiative_revisions_number', columnNames: ['initiativeId', 'number'], isUnique: true })],
      }),
    );

    await q.createTable(new Table({ name: 'code_counters', columns: [text('name', 40, { isPrimary: true }), { name: 'value', type: 'integer', default: 0 }] }));

    if (q.connection.driver.options.type === 'sqlite') {
      // Folded text (no diacritics, đ→d) written by the search adapter; rowid = initiative id.
      // prefix: a word typed in part ("cong"*) reads one list instead of every longer word.
      await q.query(`CREATE VIRTUAL TABLE "initiatives_fts" USING fts5("content", tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`);
    } else {
      // PostgreSQL: the same folded words, as a tsvector kept by the database, with a GIN index.
      await q.query(
        `CREATE TABLE "initiatives_search" ("id" integer PRIMARY KEY REFERENCES "initiatives" ("id") ON DELETE CASCADE, "content" text NOT NULL, "document" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "content")) STORED)`,
      );
      await q.query(`CREATE INDEX "IDX_initiatives_search_document" ON "initiatives_search" USING GIN ("document")`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'sqlite') await q.query('DROP TABLE IF EXISTS "initiatives_fts"');
    else await q.query('DROP TABLE IF EXISTS "initiatives_search"');
    for (const table of ['code_counters', 'initiative_revisions', 'initiative_transitions', 'attachments', 'initiative_indicators', 'initiative_authors', 'initiatives', 'rounds', 'fields']) {
      await q.dropTable(table);
    }
  }
}
