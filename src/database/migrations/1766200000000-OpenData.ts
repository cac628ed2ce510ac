import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { text, timestampType } from './columns';

/** The open-data bundle's files as last built, served alike by every instance. */
export class OpenData1766200000000 implements MigrationInterface {
  name = 'OpenData1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'open_data_files',
        columns: [text('name', 80, { isPrimary: true }), { name: 'content', type: 'text' }, { name: 'rows', type: 'integer' }, { name: 'generatedAt', type: timestampType(q) }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('open_data_files');
  }
}
