import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { UnitOfWork } from '../database/unit-of-work';
import { AdoptionStatus } from './adoption-rules';
import { Adoption, AdoptionReport, Programme, ProgrammeInitiative, ProgrammeUnit } from './programme.entity';
import { EntityNotFound } from '../common/exceptions';
import { rawQuery } from '../database/raw-query';
import { FigureQuery, LateRow, lateSql, MergedRow, mergedSql, OPEN_STATUSES_SQL, PlainRow, plainSql } from './matrix-figures';
import { findByKey } from '../database/find-by-key';
import { EntityColumns, RowReader } from '../database/raw-rows';
import { Unit } from '../units/unit.entity';

/** What a record is read with to be reported on: its programme and issuer, initiative (unit, indicators) and unit. */
const RECORD_RELATIONS = { programme: { issuingUnit: true }, initiative: { unit: true, indicators: true }, unit: true } as const;

/** The columns of a record the matrix reads (matrixRows). */
const MATRIX_COLUMNS = ['id', 'initiativeId', 'unitId', 'status', 'adoptedDate', 'reason', 'version', 'reportedAt'] as const;

/**
 * Every query on the replication tables: `programmes`, `programme_initiatives`,
 * `programme_units`, `adoptions`, `adoption_reports`. Inside the current unit of work
 * when there is one.
 */
@Injectable()
export class ReplicationRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get adoptions() {
    return this.uow.repository(Adoption);
  }

  /** Locks these adoptions' rows until the current transaction ends (see UnitOfWork.lockRows). */
  lockAdoptions(ids: number[]): Promise<void> {
    return this.uow.lockRows(Adoption, ids);
  }

  /** Locks these programmes' rows until the current transaction ends (see UnitOfWork.lockRows). */
  lockProgrammes(ids: number[]): Promise<void> {
    return this.uow.lockRows(Programme, ids);
  }

  /** Per programme: its records, those adopted, its units and its initiatives (records not removed). */
  async programmeCounts(): Promise<{ programmeId: number; records: number; adopted: number; units: number; initiatives: number }[]> {
    const rows = await this.uow.manager.query(
      `SELECT "programmeId", COUNT(*) AS "records", SUM(CASE WHEN "status" = 'adopted' THEN 1 ELSE 0 END) AS "adopted", COUNT(DISTINCT "unitId") AS "units", COUNT(DISTINCT "initiativeId") AS "initiatives" FROM "adoptions" WHERE "removedAt" IS NULL GROUP BY "programmeId"`,
    );
    return (rows as Record<string, number | string>[]).map((r) => ({ programmeId: Number(r.programmeId), records: Number(r.records), adopted: Number(r.adopted ?? 0), units: Number(r.units), initiatives: Number(r.initiatives) }));
  }

  /** Every adoption recorded (initiative and unit as reported), of every programme. */
  async adoptedPairs(): Promise<{ initiativeId: number; unitId: number }[]> {
    const rows = await this.uow.manager.query(`SELECT "initiativeId", "unitId" FROM "adoptions" WHERE "removedAt" IS NULL AND "status" = 'adopted'`);
    return (rows as Record<string, number | string>[]).map((r) => ({ initiativeId: Number(r.initiativeId), unitId: Number(r.unitId) }));
  }

  programmes(): Promise<Programme[]> {
    return this.uow.repository(Programme).find({ relations: { issuingUnit: true }, order: { year: 'DESC', id: 'DESC' } });
  }

  async programmeOrFail(id: number): Promise<Programme> {
    const p = await findByKey(this.uow.repository(Programme), { id }, { issuingUnit: true });
    if (!p) throw new EntityNotFound('programme', id);
    return p;
  }

  saveProgramme(p: Programme): Promise<Programme> {
    return this.uow.repository(Programme).save(p);
  }

  async initiativeIdsOf(programmeId: number): Promise<number[]> {
    return (await this.uow.repository(ProgrammeInitiative).find({ where: { programmeId } })).map((l) => l.initiativeId);
  }

  async addInitiative(programmeId: number, initiativeId: number): Promise<void> {
    await this.uow.repository(ProgrammeInitiative).save(new ProgrammeInitiative({ programmeId, initiativeId }));
  }

  /** The programme's target units, removed ones too (each link once). */
  unitLinks(programmeId: number): Promise<ProgrammeUnit[]> {
    return this.uow.repository(ProgrammeUnit).find({ where: { programmeId } });
  }

  /** The target units in force, with their unit. */
  activeUnitLinks(programmeId: number): Promise<ProgrammeUnit[]> {
    return this.uow.repository(ProgrammeUnit).find({ where: { programmeId, removedAt: IsNull() }, relations: { unit: true } });
  }

  /** The ids of the target units in force, in the order they were added. */
  async activeUnitIds(programmeId: number): Promise<number[]> {
    const rows = await this.uow
      .repository(ProgrammeUnit)
      .createQueryBuilder('l')
      .select('l.unitId', 'unitId')
      .where('l.programmeId = :programmeId AND l.removedAt IS NULL', { programmeId })
      .orderBy('l.id', 'ASC')
      .getRawMany<{ unitId: number | string }>();
    return rows.map((r) => Number(r.unitId));
  }

  async addUnit(programmeId: number, unitId: number): Promise<void> {
    await this.uow.repository(ProgrammeUnit).save(new ProgrammeUnit({ programmeId, unitId, removedAt: null }));
  }

  async setUnitLinkRemoved(linkId: number, removedAt: Date | null): Promise<void> {
    await this.uow.repository(ProgrammeUnit).update({ id: linkId }, { removedAt });
  }

  /** A unit leaves the programme: its records are kept, marked removed. */
  async removeUnitRecords(programmeId: number, unitId: number, removedAt: Date): Promise<void> {
    await this.adoptions.update({ programmeId, unitId, removedAt: IsNull() }, { removedAt });
  }

  async restoreRecord(id: number): Promise<void> {
    await this.adoptions.update({ id }, { removedAt: null });
  }

  async addRecord(programmeId: number, initiativeId: number, unitId: number): Promise<void> {
    await this.adoptions.save(new Adoption({ programmeId, initiativeId, unitId, status: AdoptionStatus.NotStarted }));
  }

  find(id: number): Promise<Adoption | null> {
    return this.adoptions.findOne({ where: { id } });
  }

  /** A record with its programme (and the programme's issuing unit), initiative (unit, indicators) and unit; EntityNotFound (404) if there is none. */
  async recordOrFail(id: number): Promise<Adoption> {
    const r = await findByKey(this.adoptions, { id }, RECORD_RELATIONS);
    if (!r) throw new EntityNotFound('adoption', id);
    return r;
  }

  /** Several records as recordOrFail reads one, in one query (an import's rows), by id. */
  async recordsOrFail(ids: number[]): Promise<Map<number, Adoption>> {
    const found = new Map((ids.length ? await this.adoptions.find({ where: { id: In(ids) }, relations: RECORD_RELATIONS }) : []).map((r) => [r.id, r]));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new EntityNotFound('adoption', missing);
    return found;
  }

  /** The records of a programme in force (or with removed ones). */
  records(programmeId: number, withRemoved = false): Promise<Adoption[]> {
    return this.adoptions.find({ where: { programmeId, ...(withRemoved ? {} : { removedAt: IsNull() }) } });
  }

  /**
   * The short columns of every record in force (or of these units' only: a page of the
   * matrix), as plain rows (no entity building).
   */
  async matrixRows(programmeId: number, unitIds?: number[]): Promise<Adoption[]> {
    if (unitIds && unitIds.length === 0) return [];
    const query = this.adoptions
      .createQueryBuilder('a')
      .select(MATRIX_COLUMNS.map((c) => `a.${c} AS "${c}"`))
      .where('a.programmeId = :programmeId AND a.removedAt IS NULL', { programmeId });
    if (unitIds) query.andWhere('a.unitId IN (:...unitIds)', { unitIds });
    const read = (this.matrixRowReader ??= this.uow.rowReader(Adoption, MATRIX_COLUMNS));
    return (await query.getRawMany<Record<string, unknown>>()).map((r) => read(r));
  }

  private matrixRowReader?: RowReader<Adoption>;

  /**
   * A programme's records in force counted by the database (see matrix-figures.ts): per
   * unit and per initiative both ways, the late records at report time, and the records of
   * merged units cell by cell. Up to three statements side by side, then the late records'
   * when there are any.
   */
  async figures(programmeId: number, query: FigureQuery): Promise<{ perUnit: PlainRow[]; perInitiative: PlainRow[]; late: LateRow[]; merged: MergedRow[] }> {
    const params = query.late ? { programmeId, late: query.late } : { programmeId };
    const merged = mergedSql(query);
    const [perUnit, perInitiative, mergedRows] = await Promise.all([
      rawQuery<PlainRow>(this.uow.manager, plainSql('unitId', query), params),
      rawQuery<PlainRow>(this.uow.manager, plainSql('initiativeId', query), params),
      merged ? rawQuery<MergedRow>(this.uow.manager, merged, { programmeId }) : Promise.resolve([]),
    ]);
    // The late records' reports are looked up only when there are late records.
    const late = perInitiative.some((r) => Number(r.late ?? 0) > 0) ? lateSql(query) : null;
    const lateRows = late ? await rawQuery<LateRow>(this.uow.manager, late, params) : [];
    return { perUnit, perInitiative, late: lateRows, merged: mergedRows };
  }

  /** How many records in force of each unit have no final answer (adopted or not), for units with any. */
  async openByUnit(programmeId: number): Promise<Map<number, number>> {
    const rows = await rawQuery<{ unitId: number | string; open: number | string }>(
      this.uow.manager,
      `SELECT a."unitId" AS "unitId", COUNT(*) AS "open" FROM "adoptions" a WHERE a."programmeId" = :programmeId AND a."removedAt" IS NULL AND a."status" ${OPEN_STATUSES_SQL} GROUP BY a."unitId"`,
      { programmeId },
    );
    return new Map(rows.map((r) => [Number(r.unitId), Number(r.open)]));
  }

  /** Per programme, how many units still have records without a final answer: one count for all of them. */
  async unitsWithOpenRecords(programmeIds: number[]): Promise<Map<number, number>> {
    if (!programmeIds.length) return new Map();
    const rows = await rawQuery<{ programmeId: number | string; units: number | string }>(
      this.uow.manager,
      `SELECT a."programmeId" AS "programmeId", COUNT(DISTINCT a."unitId") AS "units" FROM "adoptions" a WHERE a."programmeId" IN (:...programmeIds) AND a."removedAt" IS NULL AND a."status" ${OPEN_STATUSES_SQL} GROUP BY a."programmeId"`,
      { programmeIds },
    );
    return new Map(rows.map((r) => [Number(r.programmeId), Number(r.units)]));
  }

  /**
   * The reports filed before `before` of the programme's records in force whose last report
   * came from then on (the late ones): what each of those said by the deadline.
   */
  async reportsBefore(programmeId: number, before: Date): Promise<{ adoptionId: number; version: number; status: AdoptionStatus }[]> {
    const rows = await this.uow
      .repository(AdoptionReport)
      .createQueryBuilder('r')
      .innerJoin(Adoption, 'a', 'a.id = r.adoptionId')
      .select(['r.adoptionId AS "adoptionId"', 'r.version AS "version"', 'r.status AS "status"'])
      .where('a.programmeId = :programmeId AND a.removedAt IS NULL AND a.reportedAt >= :before AND r.createdAt < :before', { programmeId, before })
      .getRawMany<{ adoptionId: number; version: number; status: AdoptionStatus }>();
    return rows.map((r) => ({ adoptionId: Number(r.adoptionId), version: Number(r.version), status: r.status }));
  }

  /** The records in force of one unit or of one initiative in a programme, with both names. */
  sliceRecords(programmeId: number, by: { unitId: number } | { initiativeId: number }): Promise<Adoption[]> {
    return this.adoptions.find({ where: { programmeId, removedAt: IsNull(), ...by }, relations: { initiative: true, unit: true }, order: { id: 'ASC' } });
  }

  /** Records in force with programme, initiative and unit (templates, exports). */
  detailedRecords(where: { programmeId: number } | { unitIds: number[] }): Promise<Adoption[]> {
    if ('unitIds' in where && where.unitIds.length === 0) return Promise.resolve([]);
    return this.adoptions.find({
      where: 'programmeId' in where ? { programmeId: where.programmeId, removedAt: IsNull() } : { unitId: In(where.unitIds), removedAt: IsNull() },
      relations: { programme: true, initiative: true, unit: true },
      order: 'programmeId' in where ? { initiativeId: 'ASC', unitId: 'ASC' } : { programmeId: 'DESC', id: 'ASC' },
    });
  }

  private initiativeRecordColumns?: { record: EntityColumns<Adoption>; unit: EntityColumns<Unit>; programme: EntityColumns<Programme> };

  /**
   * Every record of the initiative in every programme (those removed from a programme aside),
   * with its unit and programme. Hand-written (see InitiativesRepository.load): the
   * initiative's page reads them on every view.
   */
  async ofInitiative(initiativeId: number): Promise<Adoption[]> {
    const c = (this.initiativeRecordColumns ??= {
      record: this.uow.entityColumns(Adoption, 'a', ''),
      unit: this.uow.entityColumns(Unit, 'u', 'unit_'),
      programme: this.uow.entityColumns(Programme, 'p', 'programme_'),
    });
    const rows = await rawQuery<Record<string, unknown>>(
      this.uow.manager,
      `SELECT ${c.record.select}, ${c.unit.select}, ${c.programme.select} FROM "adoptions" a LEFT JOIN "units" u ON u."id" = a."unitId" LEFT JOIN "programmes" p ON p."id" = a."programmeId" WHERE a."initiativeId" = :initiativeId AND a."removedAt" IS NULL ORDER BY a."programmeId" ASC, a."id" ASC`,
      { initiativeId },
      { prepare: true },
    );
    return rows.map((r) => {
      const record = c.record.read(r) as Adoption;
      // Every record has its unit and programme (foreign keys).
      record.unit = c.unit.read(r) as Unit;
      record.programme = c.programme.read(r) as Programme;
      return record;
    });
  }

  adoptedAt(initiativeId: number): Promise<Adoption[]> {
    return this.adoptions.find({ where: { initiativeId, status: AdoptionStatus.Adopted, removedAt: IsNull() }, relations: { unit: true, programme: true }, order: { adoptedDate: 'ASC', id: 'ASC' } });
  }

  reports(adoptionId: number): Promise<AdoptionReport[]> {
    return this.uow.repository(AdoptionReport).find({ where: { adoptionId }, order: { version: 'DESC' } });
  }

  /**
   * The highest version kept among a record's reports (0 when none). The record's own
   * `version` says the same unless its rows were loaded from outside the application (the
   * bench's data keeps a report on records still at version 0).
   */
  async lastReportVersion(adoptionId: number): Promise<number> {
    return (await this.lastReportVersions([adoptionId])).get(adoptionId) ?? 0;
  }

  /** lastReportVersion of several records in one query: 0 for a record without reports. */
  async lastReportVersions(adoptionIds: number[]): Promise<Map<number, number>> {
    const versions = new Map(adoptionIds.map((id) => [id, 0]));
    if (!adoptionIds.length) return versions;
    const rows = await this.uow
      .repository(AdoptionReport)
      .createQueryBuilder('r')
      .select('r.adoptionId', 'adoptionId')
      .addSelect('MAX(r.version)', 'version')
      .where('r.adoptionId IN (:...adoptionIds)', { adoptionIds })
      .groupBy('r.adoptionId')
      .getRawMany<{ adoptionId: number | string; version: number | string | null }>();
    for (const row of rows) versions.set(Number(row.adoptionId), Number(row.version ?? 0));
    return versions;
  }

  /**
   * A report: the record takes its values and the next version; the report is kept as that
   * version (one INSERT, not read back: nothing needs its id).
   */
  async addReport(recordId: number, changes: Partial<Adoption>, report: AdoptionReport): Promise<void> {
    await this.adoptions.update({ id: recordId }, changes);
    await this.uow.manager.createQueryBuilder().insert().into(AdoptionReport).values(report as QueryDeepPartialEntity<AdoptionReport>).updateEntity(false).execute();
  }
}
