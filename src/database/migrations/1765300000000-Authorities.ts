import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { defaultProfile } from '../../authorities/authority-profile';
import { buildSnapshot } from '../../decisions/decision-snapshot';
import { signingFromTitle } from '../../decisions/signing';
import { COUNCIL_ROLE_LABELS, CouncilRole } from '../../rounds/council-member.entity';
import { idColumn, text, timestampColumns } from './columns';

interface UnitRow {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}

/**
 * Authorities that issue documents: a profile per organising unit, in versions from a date
 * on (heading lines, place, symbol, head's title, recipients); each decision names the
 * authority that decided and keeps a snapshot of what its documents print. Decisions
 * recorded before get a snapshot from today's data, the best there is.
 */
export class Authorities1765300000000 implements MigrationInterface {
  name = 'Authorities1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'authority_profiles',
        columns: [
          idColumn(),
          { name: 'unitId', type: 'integer' },
          { name: 'validFrom', type: 'date' },
          { name: 'headingLines', type: 'text' },
          text('name', 255, { default: "''" }),
          text('place', 255, { default: "''" }),
          text('symbol', 50, { default: "''" }),
          text('headTitle', 255, { default: "''" }),
          { name: 'recipients', type: 'text', default: "''" },
          ...timestampColumns(q),
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['unitId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
        indices: [new TableIndex({ name: 'IDX_authority_profiles_unit_from', columnNames: ['unitId', 'validFrom'], isUnique: true })],
      }),
    );
    await q.getTable('decisions');
    await q.addColumns('decisions', [new TableColumn({ name: 'authorityUnitId', type: 'integer', isNullable: true }), new TableColumn({ name: 'snapshot', type: 'text', isNullable: true })]);

    const units = new Map<number, UnitRow>(((await q.query(`SELECT "id", "name", "kind", "parentId" FROM "units"`)) as UnitRow[]).map((u) => [Number(u.id), { ...u, id: Number(u.id), parentId: u.parentId === null ? null : Number(u.parentId) }]));
    const withParent = (id: number | null) => {
      const u = id === null ? undefined : units.get(id);
      if (!u) return null;
      const parent = u.parentId === null ? null : (units.get(u.parentId) ?? null);
      return { ...u, parent };
    };
    const decisions = (await q.query(
      `SELECT d."id", d."roundId", d."place", d."signerTitle", d."signerName", r."organisingUnitId", i."unitId"
         FROM "decisions" d JOIN "initiatives" i ON i."id" = d."initiativeId" LEFT JOIN "rounds" r ON r."id" = d."roundId"`,
    )) as { id: number; roundId: number | null; place: string; signerTitle: string; signerName: string; organisingUnitId: number | null; unitId: number }[];
    const seats = (await q.query(
      `SELECT m."id", m."roundId", m."role", u."fullName", u."position" FROM "council_members" m JOIN "users" u ON u."id" = m."userId" ORDER BY m."id"`,
    )) as { id: number; roundId: number; role: CouncilRole; fullName: string; position: string | null }[];
    for (const d of decisions) {
      const authorityUnitId = d.organisingUnitId === null ? null : Number(d.organisingUnitId);
      const unit = withParent(authorityUnitId ?? Number(d.unitId));
      const profile = defaultProfile(unit);
      const members = seats
        .filter((m) => d.roundId !== null && Number(m.roundId) === Number(d.roundId))
        .map((m) => ({ memberId: Number(m.id), name: m.fullName ?? '', position: m.position ?? '', role: COUNCIL_ROLE_LABELS[m.role] ?? '' }));
      const snapshot = buildSnapshot({ ...profile, place: d.place || profile.place, unitId: authorityUnitId }, signingFromTitle(d.signerTitle || profile.headTitle, d.signerName ?? ''), members);
      await q.query(`UPDATE "decisions" SET "authorityUnitId" = $1, "snapshot" = $2 WHERE "id" = $3`.replace(/\$\d/g, q.connection.driver.options.type === 'postgres' ? (m) => m : () => '?'), [authorityUnitId, JSON.stringify(snapshot), Number(d.id)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.getTable('decisions');
    await q.dropColumns('decisions', ['authorityUnitId', 'snapshot']);
    await q.dropTable('authority_profiles');
  }
}
