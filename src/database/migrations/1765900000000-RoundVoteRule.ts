import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The vote rule of a round (its province's regulation): how many of all the council's
 * members must vote for. Every existing round keeps today's two thirds.
 */
export class RoundVoteRule1765900000000 implements MigrationInterface {
  name = 'RoundVoteRule1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('rounds', new TableColumn({ name: 'voteRule', type: 'varchar', length: '20', default: "'two_thirds'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('rounds', 'voteRule');
  }
}
