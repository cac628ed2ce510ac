import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampType } from './columns';

interface UnitRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
}

const DISTRICT_LIKE = ['district', 'urban_district', 'town', 'provincial_city'];

const folded = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(ubnd|uy ban nhan dan) /, '');

/**
 * The kind a unit of an earlier install takes. The district era had one kind for huyện,
 * thị xã and thành phố thuộc tỉnh, one for xã and thị trấn, and "department" for a district's
 * phòng, ban: the name tells the first two apart, the parent the third. The unit made on first
 * start, still with its generated name, becomes a province.
 */
export function unitKindAfterEras(unit: Pick<UnitRow, 'code' | 'name' | 'kind'>, parentKind: string | null): string {
  const name = folded(unit.name);
  if (unit.code === 'QTHT' && unit.name === 'Đơn vị quản trị hệ thống') return 'province';
  if (unit.kind === 'district') {
    if (name.startsWith('thi xa ')) return 'town';
    if (name.startsWith('thanh pho ')) return 'provincial_city';
    if (name.startsWith('quan ')) return 'urban_district';
    return 'district';
  }
  if (unit.kind === 'commune' && name.startsWith('thi tran ')) return 'township';
  if (unit.kind === 'department' && parentKind && DISTRICT_LIKE.includes(parentKind)) return 'district_office';
  return unit.kind;
}

/** Back to the kinds of before: each new kind to the old one that held it. */
const KIND_BEFORE: Record<string, string> = {
  urban_district: 'district',
  town: 'district',
  provincial_city: 'district',
  township: 'commune',
  district_office: 'department',
  special_zone: 'commune',
};

async function setKinds(q: QueryRunner, changes: Map<number, string>): Promise<void> {
  const byKind = new Map<string, number[]>();
  for (const [id, kind] of changes) byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  for (const [kind, ids] of byKind) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500).map((id) => Number(id));
      await q.query(`UPDATE "units" SET "kind" = '${kind.replace(/'/g, "''")}' WHERE "id" IN (${chunk.join(', ')})`);
    }
  }
}

/**
 * Units of both eras (two-tier local government since 01/07/2025): the kinds of before are
 * told apart (huyện, quận, thị xã, thành phố thuộc tỉnh, thị trấn, phòng/ban of a district),
 * today's gain sở/ban/ngành and đặc khu; and a unit can end without a successor ("chấm dứt
 * hoạt động"), with its instrument and the units that took over its tasks.
 */
export class UnitEras1765200000000 implements MigrationInterface {
  name = 'UnitEras1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const units = ((await q.query(`SELECT "id", "code", "name", "kind", "parentId" FROM "units"`)) as UnitRow[]).map((u) => ({ ...u, id: Number(u.id), parentId: u.parentId === null ? null : Number(u.parentId) }));
    const byId = new Map(units.map((u) => [u.id, u]));
    const after = new Map<number, string>();
    const kindAfter = (u: UnitRow, depth = 0): string => {
      if (!after.has(u.id)) {
        const parent = u.parentId !== null && depth < 50 ? byId.get(u.parentId) : undefined;
        after.set(u.id, unitKindAfterEras(u, parent ? kindAfter(parent, depth + 1) : null));
      }
      return after.get(u.id) as string;
    };
    const changes = new Map<number, string>();
    for (const u of units) if (kindAfter(u) !== u.kind) changes.set(u.id, kindAfter(u));
    await setKinds(q, changes);

    const ts = timestampType(q);
    await q.createTable(
      new Table({
        name: 'unit_endings',
        columns: [
          idColumn(),
          { name: 'unitId', type: 'integer' },
          { name: 'effectiveDate', type: 'date' },
          text('instrumentNumber', 100),
          { name: 'instrumentDate', type: 'date' },
          text('instrumentIssuer', 255),
          { name: 'createdAt', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['unitId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' })],
        indices: [new TableIndex({ name: 'IDX_unit_endings_unit', columnNames: ['unitId'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'unit_task_transfers',
        columns: [idColumn(), { name: 'endingId', type: 'integer' }, { name: 'unitId', type: 'integer' }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['endingId'], referencedTableName: 'unit_endings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['unitId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_unit_task_transfers_ending_unit', columnNames: ['endingId', 'unitId'], isUnique: true }),
          new TableIndex({ name: 'IDX_unit_task_transfers_unit', columnNames: ['unitId'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('unit_task_transfers');
    await q.dropTable('unit_endings');
    const units = (await q.query(`SELECT "id", "kind" FROM "units"`)) as { id: number; kind: string }[];
    const changes = new Map<number, string>();
    for (const u of units) if (KIND_BEFORE[u.kind]) changes.set(Number(u.id), KIND_BEFORE[u.kind]);
    await setKinds(q, changes);
  }
}
