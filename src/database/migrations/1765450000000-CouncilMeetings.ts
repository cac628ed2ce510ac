import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns } from './columns';

/**
 * The council's meeting of a round, for its minutes: the minutes' number, the meeting's
 * date, time and place, the seats absent. One row per round, typed by the secretary.
 */
export class CouncilMeetings1765450000000 implements MigrationInterface {
  name = 'CouncilMeetings1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'council_meetings',
        columns: [
          idColumn(),
          { name: 'roundId', type: 'integer' },
          text('number', 100),
          { name: 'date', type: 'date' },
          text('startTime', 5),
          text('place', 255),
          { name: 'absentMemberIds', type: 'text', default: "''" },
          { name: 'recordedById', type: 'integer' },
          ...timestampColumns(q),
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['roundId'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
        indices: [new TableIndex({ name: 'IDX_council_meetings_round', columnNames: ['roundId'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('council_meetings');
  }
}
