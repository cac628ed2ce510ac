import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { UnitOfWork } from '../database/unit-of-work';
import { UnitEnding, UnitTaskTransfer } from './unit-ending.entity';
import { UnitRename } from './unit-rename.entity';
import { UnitSuccession } from './unit-succession.entity';
import { Unit } from './unit.entity';
import { EntityNotFound } from '../common/exceptions';
import { findByKey } from '../database/find-by-key';

const REFERENCE_LABELS: Record<string, string> = {
  units: 'đơn vị cấp dưới',
  users: 'người dùng',
  unit_successions: 'mục lịch sử sáp nhập, chia tách',
  unit_renames: 'lần đổi tên',
  initiatives: 'sáng kiến',
  rounds: 'đợt xét do đơn vị tổ chức',
  unit_endings: 'lần chấm dứt hoạt động',
  unit_task_transfers: 'lần tiếp nhận nhiệm vụ của đơn vị đã chấm dứt',
};

/**
 * Every query on the tables of units: `units`, `unit_successions`, `unit_renames`,
 * `unit_endings`, `unit_task_transfers`. Runs
 * inside the current unit of work when there is one (see UnitOfWork).
 */
@Injectable()
export class UnitsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get units() {
    return this.uow.repository(Unit);
  }

  /**
   * Changes to the tree of units (parents, merges, splits, imports) check it and then write:
   * two of them at once on two instances could each pass the check (A under B and B under
   * A make a loop). On PostgreSQL they take one lock for the tree until their transaction
   * ends; they are rare admin actions, so waiting in turn costs nothing. On SQLite
   * transactions already run one at a time.
   */
  async lockTree(): Promise<void> {
    const m = this.uow.manager;
    if (m.connection.options.type !== 'postgres') return;
    if (!m.queryRunner?.isTransactionActive) throw new Error('UnitsRepository.lockTree outside a transaction');
    // A fixed key for "the tree of units"; released by PostgreSQL at commit or rollback.
    await m.query('SELECT pg_advisory_xact_lock(7364001)');
  }

  async findOrFail(id: number, withParent = false): Promise<Unit> {
    const unit = withParent ? await findByKey(this.units, { id }, { parent: true }) : await this.units.findOne({ where: { id } });
    if (!unit) throw new EntityNotFound('unit', id);
    return unit;
  }

  find(id: number): Promise<Unit | null> {
    return this.units.findOne({ where: { id } });
  }

  byIds(ids: number[]): Promise<Unit[]> {
    return ids.length ? this.units.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Every unit, by name. */
  all(): Promise<Unit[]> {
    return this.units.find({ order: { name: 'ASC' } });
  }

  /** The first unit without a parent, if any. */
  firstRoot(): Promise<Unit | null> {
    return this.units.findOne({ where: { parentId: IsNull() }, order: { id: 'ASC' } });
  }

  countActive(): Promise<number> {
    return this.units.count({ where: { validTo: IsNull() } });
  }

  children(id: number): Promise<Unit[]> {
    return this.units.find({ where: { parentId: id }, order: { name: 'ASC' } });
  }

  exists(id: number): Promise<boolean> {
    return this.units.exists({ where: { id } });
  }

  /** Whether a code is taken, in any case (codes are never reused). */
  async codeTaken(code: string): Promise<boolean> {
    return (await this.units.createQueryBuilder('u').where('LOWER(u.code) = :code', { code: code.toLowerCase() }).getCount()) > 0;
  }

  save(unit: Unit): Promise<Unit> {
    return this.units.save(unit);
  }

  async update(id: number, changes: Partial<Pick<Unit, 'validTo' | 'parentId' | 'name' | 'searchText'>>): Promise<void> {
    await this.units.update({ id }, changes);
  }

  async delete(id: number): Promise<void> {
    await this.units.delete({ id });
  }

  renamesOf(unitId: number): Promise<UnitRename[]> {
    return this.uow.repository(UnitRename).find({ where: { unitId } });
  }

  async addRename(rename: UnitRename): Promise<void> {
    await this.uow.repository(UnitRename).save(rename);
  }

  /** Successions in which the unit is the successor (with its predecessors), or the predecessor (with its successors). */
  successionsOf(unitId: number): Promise<[UnitSuccession[], UnitSuccession[]]> {
    const repo = this.uow.repository(UnitSuccession);
    return Promise.all([
      repo.find({ where: { successorId: unitId }, relations: { predecessor: true } }),
      repo.find({ where: { predecessorId: unitId }, relations: { successor: true } }),
    ]);
  }

  async addSuccession(succession: UnitSuccession): Promise<void> {
    await this.uow.repository(UnitSuccession).save(succession);
  }

  /** The ending of a unit (with the units that took over its tasks), if it ended so. */
  endingOf(unitId: number): Promise<UnitEnding | null> {
    return this.uow.repository(UnitEnding).findOne({ where: { unitId }, relations: { transfers: { unit: true } } });
  }

  /** The endings whose tasks this unit took over, with the ended units. */
  async takenOver(unitId: number): Promise<UnitEnding[]> {
    const transfers = await this.uow.repository(UnitTaskTransfer).find({ where: { unitId }, relations: { ending: { unit: true } } });
    return transfers.map((t) => t.ending).filter((e): e is UnitEnding => Boolean(e));
  }

  /** Every task transfer: which ended unit's tasks went to which unit. */
  async allTaskTransfers(): Promise<{ endedId: number; takerId: number }[]> {
    const rows = await this.uow.repository(UnitTaskTransfer).find({ relations: { ending: true } });
    return rows.filter((t) => t.ending).map((t) => ({ endedId: (t.ending as UnitEnding).unitId, takerId: t.unitId }));
  }

  /** The date each ended-without-successor unit stopped (unit id → effective date). */
  async endingDates(): Promise<Map<number, string>> {
    const rows = await this.uow.repository(UnitEnding).find({ select: { unitId: true, effectiveDate: true } });
    return new Map(rows.map((r) => [r.unitId, r.effectiveDate]));
  }

  async addEnding(ending: UnitEnding, transferIds: number[]): Promise<UnitEnding> {
    const saved = await this.uow.repository(UnitEnding).save(ending);
    for (const unitId of transferIds) await this.uow.repository(UnitTaskTransfer).save(new UnitTaskTransfer({ endingId: saved.id, unitId }));
    return saved;
  }

  /** Every succession edge, mergers and splits (predecessor → successor). */
  successions(): Promise<UnitSuccession[]> {
    return this.uow.repository(UnitSuccession).find({ order: { id: 'ASC' } });
  }

  /**
   * The unit itself, all its sub-units, and the units that were merged or split into
   * any of them.
   */
  async scopeIds(unitId: number): Promise<Set<number>> {
    const rows = await rawQuery<{ id: number }>(
      this.uow.manager,
      `WITH RECURSIVE edges(parent, child) AS (
           SELECT "parentId", "id" FROM "units" WHERE "parentId" IS NOT NULL
           UNION ALL
           SELECT "successorId", "predecessorId" FROM "unit_successions"
         ),
         scope(id) AS (
           SELECT CAST(:unitId AS INTEGER)
           UNION
           SELECT edges.child FROM edges JOIN scope ON edges.parent = scope.id
         )
         SELECT id FROM scope`,
      { unitId },
    );
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** After a merger, the sub-units still in force of the ended units belong to the successor. */
  async moveSubUnits(from: number[], to: number): Promise<void> {
    await rawQuery(this.uow.manager, 'UPDATE "units" SET "parentId" = :to WHERE "parentId" IN (:...from) AND "validTo" IS NULL AND "id" <> :to', { to, from });
  }

  /** What refers to a unit, counted per table, found from the entity metadata of every feature. */
  async references(id: number): Promise<string[]> {
    const m = this.uow.manager;
    const found: string[] = [];
    for (const meta of m.connection.entityMetadatas) {
      for (const rel of meta.manyToOneRelations) {
        if (rel.inverseEntityMetadata.target !== Unit) continue;
        const column = rel.joinColumns[0]?.databaseName;
        if (!column) continue;
        const n = await m.getRepository(meta.target).createQueryBuilder('t').where(`t.${column} = :id`, { id }).getCount();
        if (n > 0) found.push(`${n} ${REFERENCE_LABELS[meta.tableName] ?? meta.tableName}`);
      }
    }
    return found;
  }
}
