import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns } from './columns';

const fk = (column: string, table: string, onDelete = 'RESTRICT') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/**
 * Each council member's vote on an initiative (Thông tư 18/2013: the minutes name every
 * member's vote), cast by the member or recorded by the secretary from the meeting; and
 * what the decision's documents need: the place of the date line, the signer's title and
 * name, and whether the decision was typed from paper files.
 */
export class MemberVotes1764800000000 implements MigrationInterface {
  name = 'MemberVotes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_votes',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          { name: 'memberId', type: 'integer' },
          { name: 'cycle', type: 'integer' },
          text('vote', 20),
          text('recordedBy', 20),
          { name: 'recordedById', type: 'integer' },
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('initiativeId', 'initiatives'), fk('memberId', 'council_members'), fk('recordedById', 'users')],
        indices: [
          new TableIndex({ name: 'IDX_member_votes_unique', columnNames: ['initiativeId', 'cycle', 'memberId'], isUnique: true }),
          new TableIndex({ name: 'IDX_member_votes_member', columnNames: ['memberId'] }),
        ],
      }),
    );
    await q.addColumns('decisions', [
      new TableColumn(text('place', 255, { default: "''" })),
      new TableColumn(text('signerTitle', 255, { default: "''" })),
      new TableColumn(text('signerName', 255, { default: "''" })),
      new TableColumn({ name: 'paperRecord', type: 'boolean', default: false }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['paperRecord', 'signerName', 'signerTitle', 'place']) await q.dropColumn('decisions', c);
    await q.dropTable('member_votes');
  }
}
