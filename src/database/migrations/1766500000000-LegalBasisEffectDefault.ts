import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Legal bases ticked for a new round of effect and scope of influence, apart from those of a
 * round of recognition: its decisions rest on the law on emulation and commendation (Luật Thi
 * đua, khen thưởng 2022), not only on the regulation of initiatives.
 */
export class LegalBasisEffectDefault1766500000000 implements MigrationInterface {
  name = 'LegalBasisEffectDefault1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('legal_bases', new TableColumn({ name: 'byDefaultEffect', type: 'boolean', default: false }));
    await q.manager.createQueryBuilder().update('legal_bases').set({ byDefaultEffect: true }).where('"number" = :number', { number: '06/2022/QH15' }).execute();
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('legal_bases', 'byDefaultEffect');
  }
}
