import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Initiatives of earlier years entered by an admin from the paper files (nhập từ hồ sơ
 * giấy): their dates, council results and decision are typed from the records, and the
 * live-cycle warnings (deadlines, "more than a year after first application") do not apply.
 */
export class PaperRecords1764700000000 implements MigrationInterface {
  name = 'PaperRecords1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('initiatives', new TableColumn({ name: 'paperRecord', type: 'boolean', default: false }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('initiatives', 'paperRecord');
  }
}
