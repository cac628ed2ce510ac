import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns, timestampType } from './columns';

const fk = (column: string, table: string, onDelete = 'RESTRICT') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/** Assignments of council members, score sheets, council notes, decisions, notifications. */
export class Reviews1764300000000 implements MigrationInterface {
  name = 'Reviews1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = timestampType(q);
    // Each return for revision starts a new cycle of scoring; earlier sheets stay.
    await q.addColumn('initiatives', new TableColumn({ name: 'reviewCycle', type: 'integer', default: 1 }));

    await q.createTable(
      new Table({
        name: 'assignments',
        columns: [
          idColumn(),
          { name: 'roundId', type: 'integer' },
          { name: 'initiativeId', type: 'integer' },
          { name: 'memberId', type: 'integer' },
          { name: 'conflict', type: 'boolean', default: false },
          { name: 'conflictAuto', type: 'boolean', default: false },
          { name: 'conflictReason', type: 'text', default: "''" },
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('roundId', 'rounds', 'CASCADE'), fk('initiativeId', 'initiatives'), fk('memberId', 'council_members')],
        indices: [
          new TableIndex({ name: 'IDX_assignments_unique', columnNames: ['roundId', 'initiativeId', 'memberId'], isUnique: true }),
          new TableIndex({ name: 'IDX_assignments_member', columnNames: ['memberId'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'reviews',
        columns: [
          idColumn(),
          { name: 'assignmentId', type: 'integer' },
          { name: 'cycle', type: 'integer', default: 1 },
          text('status', 20, { default: "'draft'" }),
          { name: 'overallComment', type: 'text', default: "''" },
          { name: 'submittedAt', type: ts, isNullable: true },
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('assignmentId', 'assignments', 'CASCADE')],
        indices: [new TableIndex({ name: 'IDX_reviews_assignment_cycle', columnNames: ['assignmentId', 'cycle'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'review_scores',
        columns: [
          idColumn(),
          { name: 'reviewId', type: 'integer' },
          { name: 'criterionId', type: 'integer' },
          { name: 'points', type: 'double precision', isNullable: true },
          { name: 'comment', type: 'text', default: "''" },
        ],
        foreignKeys: [fk('reviewId', 'reviews', 'CASCADE'), fk('criterionId', 'criteria')],
        indices: [new TableIndex({ name: 'IDX_review_scores_unique', columnNames: ['reviewId', 'criterionId'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'council_notes',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          { name: 'authorId', type: 'integer' },
          { name: 'parentId', type: 'integer', isNullable: true },
          { name: 'body', type: 'text' },
          { name: 'createdAt', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [fk('initiativeId', 'initiatives'), fk('authorId', 'users'), fk('parentId', 'council_notes', 'CASCADE')],
        indices: [new TableIndex({ name: 'IDX_council_notes_initiative', columnNames: ['initiativeId'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'decisions',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          { name: 'roundId', type: 'integer', isNullable: true },
          text('outcome', 20),
          text('level', 20, { isNullable: true }),
          { name: 'votesFor', type: 'integer' },
          { name: 'votesAgainst', type: 'integer' },
          { name: 'votesAbstain', type: 'integer' },
          { name: 'councilSize', type: 'integer' },
          { name: 'meanTotal', type: 'double precision', isNullable: true },
          text('number', 100),
          { name: 'date', type: 'date' },
          { name: 'reasons', type: 'text', default: "''" },
          { name: 'decidedById', type: 'integer' },
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('initiativeId', 'initiatives'), fk('roundId', 'rounds'), fk('decidedById', 'users')],
        indices: [new TableIndex({ name: 'IDX_decisions_initiative', columnNames: ['initiativeId'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'notifications',
        columns: [
          idColumn(),
          { name: 'userId', type: 'integer' },
          text('kind', 40),
          text('message', 500),
          text('link', 255, { default: "''" }),
          { name: 'readAt', type: ts, isNullable: true },
          { name: 'createdAt', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [fk('userId', 'users', 'CASCADE')],
        indices: [new TableIndex({ name: 'IDX_notifications_user', columnNames: ['userId', 'readAt'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'decisions', 'council_notes', 'review_scores', 'reviews', 'assignments']) await q.dropTable(table);
    await q.dropColumn('initiatives', 'reviewCycle');
  }
}
