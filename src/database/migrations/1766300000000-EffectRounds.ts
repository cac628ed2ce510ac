import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns, timestampType } from './columns';

/**
 * Rounds of a second kind, recognising an initiative's effect and scope of influence from
 * its adoption data ("xét công nhận hiệu quả áp dụng, phạm vi ảnh hưởng"): the round's kind
 * and the rule it states for the proposed scope; its items (recognised initiatives, each
 * with its decision), the members' sheets and votes on them. Every existing round stays a
 * round of recognition.
 */
export class EffectRounds1766300000000 implements MigrationInterface {
  name = 'EffectRounds1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('rounds', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '20', default: "'recognition'" }),
      new TableColumn({ name: 'scopeUnits', type: 'integer', default: 10 }),
      new TableColumn({ name: 'scopeCommuneShare', type: 'double precision', default: 20 }),
    ]);
    const at = timestampType(q);
    await q.createTable(
      new Table({
        name: 'effect_items',
        columns: [
          idColumn(),
          ...timestampColumns(q),
          { name: 'roundId', type: 'integer' },
          { name: 'initiativeId', type: 'integer' },
          text('proposedLevel', 20, { isNullable: true }),
          { name: 'proposalReason', type: 'text', default: "''" },
          text('outcome', 20, { isNullable: true }),
          text('level', 20, { isNullable: true }),
          { name: 'scopeEvidence', type: 'text', default: "''" },
          { name: 'votesFor', type: 'integer', isNullable: true },
          { name: 'votesAgainst', type: 'integer', isNullable: true },
          { name: 'votesAbstain', type: 'integer', isNullable: true },
          { name: 'councilSize', type: 'integer', isNullable: true },
          { name: 'meanTotal', type: 'double precision', isNullable: true },
          text('number', 100, { default: "''" }),
          { name: 'date', type: 'date', isNullable: true },
          text('place', 255, { default: "''" }),
          { name: 'reasons', type: 'text', default: "''" },
          text('signerTitle', 255, { default: "''" }),
          text('signerName', 255, { default: "''" }),
          { name: 'authorityUnitId', type: 'integer', isNullable: true },
          { name: 'evidence', type: 'text', isNullable: true },
          { name: 'snapshot', type: 'text', isNullable: true },
          { name: 'decidedById', type: 'integer', isNullable: true },
          { name: 'decidedAt', type: at, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['roundId'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
          new TableForeignKey({ columnNames: ['initiativeId'], referencedTableName: 'initiatives', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_effect_items_round_initiative', columnNames: ['roundId', 'initiativeId'], isUnique: true }),
          new TableIndex({ name: 'IDX_effect_items_initiative', columnNames: ['initiativeId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'effect_sheets',
        columns: [
          idColumn(),
          ...timestampColumns(q),
          { name: 'itemId', type: 'integer' },
          { name: 'memberId', type: 'integer' },
          text('status', 20, { default: "'draft'" }),
          { name: 'points', type: 'text', default: "'{}'" },
          { name: 'comment', type: 'text', default: "''" },
          { name: 'conflictReason', type: 'text', default: "''" },
          { name: 'submittedAt', type: at, isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['itemId'], referencedTableName: 'effect_items', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['memberId'], referencedTableName: 'council_members', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [new TableIndex({ name: 'IDX_effect_sheets_item_member', columnNames: ['itemId', 'memberId'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'effect_votes',
        columns: [
          idColumn(),
          ...timestampColumns(q),
          { name: 'itemId', type: 'integer' },
          { name: 'memberId', type: 'integer' },
          text('vote', 20),
          text('recordedBy', 20),
          { name: 'recordedById', type: 'integer' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['itemId'], referencedTableName: 'effect_items', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['memberId'], referencedTableName: 'council_members', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [new TableIndex({ name: 'IDX_effect_votes_item_member', columnNames: ['itemId', 'memberId'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('effect_votes');
    await q.dropTable('effect_sheets');
    await q.dropTable('effect_items');
    await q.dropColumn('rounds', 'scopeCommuneShare');
    await q.dropColumn('rounds', 'scopeUnits');
    await q.dropColumn('rounds', 'kind');
  }
}
