import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { text } from './columns';

/** An e-mail address per user: notices and reminders also go there when SMTP is set up. */
export class UserEmail1764900000000 implements MigrationInterface {
  name = 'UserEmail1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn(text('email', 255, { default: "''" })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'email');
  }
}
