import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { timestampType } from './columns';

/**
 * A person may take their notices by e-mail once a day, in one message, instead of one
 * e-mail per notice: the choice, and when their last daily message was claimed (so that
 * two instances never send the same day's message twice). Everyone keeps one e-mail per notice.
 */
export class EmailDigest1766100000000 implements MigrationInterface {
  name = 'EmailDigest1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn({ name: 'emailDigest', type: 'boolean', default: false }));
    await q.addColumn('users', new TableColumn({ name: 'lastDigestAt', type: timestampType(q), isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'lastDigestAt');
    await q.dropColumn('users', 'emailDigest');
  }
}
