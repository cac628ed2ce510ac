import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumns } from './columns';

/**
 * The register of legal bases a council's decisions cite ("Căn cứ …"), and the bases each
 * round cites. Seeded with the documents on initiatives (Nghị định 13/2012/NĐ-CP, Thông tư
 * 18/2013/TT-BKHCN: what every decision printed until now, so every existing round cites
 * them) and the Luật Thi đua, khen thưởng 2022; the system administrator adds the rest from
 * their official texts.
 */
export class LegalBases1766000000000 implements MigrationInterface {
  name = 'LegalBases1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'legal_bases',
        columns: [
          idColumn(),
          ...timestampColumns(q),
          { name: 'docType', type: 'varchar', length: '50' },
          { name: 'number', type: 'varchar', length: '100' },
          { name: 'issuedOn', type: 'date' },
          { name: 'issuer', type: 'varchar', length: '255', default: "''" },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'validFrom', type: 'date', isNullable: true },
          { name: 'validTo', type: 'date', isNullable: true },
          { name: 'byDefault', type: 'boolean', default: false },
          { name: 'position', type: 'integer', default: 0 },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'round_legal_bases',
        columns: [idColumn(), ...timestampColumns(q), { name: 'roundId', type: 'integer' }, { name: 'legalBasisId', type: 'integer' }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['roundId'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['legalBasisId'], referencedTableName: 'legal_bases', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [new TableIndex({ name: 'IDX_round_legal_bases_unique', columnNames: ['roundId', 'legalBasisId'], isUnique: true })],
      }),
    );
    const seeds: [string, string, string, string, string, string | null, boolean, number][] = [
      ['Luật', '06/2022/QH15', '2022-06-15', 'Quốc hội', 'Thi đua, khen thưởng', '2024-01-01', false, 10],
      ['Nghị định', '13/2012/NĐ-CP', '2012-03-02', 'Chính phủ', 'ban hành Điều lệ Sáng kiến', '2012-04-20', true, 20],
      ['Thông tư', '18/2013/TT-BKHCN', '2013-08-01', 'Bộ Khoa học và Công nghệ', 'hướng dẫn thi hành một số quy định của Điều lệ Sáng kiến', null, true, 30],
    ];
    for (const [docType, number, issuedOn, issuer, title, validFrom, byDefault, position] of seeds) {
      // The columns named: the entity of today may have more than this migration's table.
      await q.manager
        .createQueryBuilder()
        .insert()
        .into('legal_bases', ['docType', 'number', 'issuedOn', 'issuer', 'title', 'validFrom', 'byDefault', 'position'])
        .values({ docType, number, issuedOn, issuer, title, validFrom, byDefault, position })
        .updateEntity(false)
        .execute();
    }
    // Every existing round cites what its decisions printed: the decree and the circular on initiatives.
    await q.query(
      `INSERT INTO "round_legal_bases" ("roundId", "legalBasisId") SELECT r."id", b."id" FROM "rounds" r CROSS JOIN "legal_bases" b WHERE b."number" IN ('13/2012/NĐ-CP', '18/2013/TT-BKHCN')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('round_legal_bases');
    await q.dropTable('legal_bases');
  }
}
