import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { text, timestampType } from './columns';

/** The weekly reminders' settings (off until an administrator turns them on). */
export class ReminderSettings1766600000000 implements MigrationInterface {
  name = 'ReminderSettings1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reminder_settings',
        columns: [
          text('kind', 30, { isPrimary: true }),
          { name: 'enabled', type: 'boolean', default: false },
          { name: 'weekday', type: 'integer' },
          { name: 'hour', type: 'integer' },
          { name: 'lastRunAt', type: timestampType(q), isNullable: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reminder_settings');
  }
}
