import { Injectable } from '@nestjs/common';
import { In, IsNull, LessThan } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { EntityColumns } from '../database/raw-rows';
import { UnitOfWork } from '../database/unit-of-work';
import { Attachment, AttachmentVisibility } from './attachment.entity';
import { EntityNotFound } from '../common/exceptions';

/** Every query on `attachments`, inside the current unit of work when there is one. */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows() {
    return this.uow.repository(Attachment);
  }

  async findOrFail(id: number): Promise<Attachment> {
    const row = await this.rows.findOne({ where: { id } });
    if (!row) throw new EntityNotFound('attachment', id);
    return row;
  }

  save(row: Attachment): Promise<Attachment> {
    return this.rows.save(row);
  }

  private ownerColumns?: EntityColumns<Attachment>;

  /** The files of an owner, oldest first. Hand-written (see InitiativesRepository.load): an initiative's page reads them on every view. */
  async forOwner(ownerType: string, ownerId: number): Promise<Attachment[]> {
    const c = (this.ownerColumns ??= this.uow.entityColumns(Attachment, 'a', ''));
    const rows = await rawQuery<Record<string, unknown>>(this.uow.manager, `SELECT ${c.select} FROM "attachments" a WHERE a."ownerType" = :ownerType AND a."ownerId" = :ownerId ORDER BY a."createdAt" ASC, a."id" ASC`, { ownerType, ownerId }, { prepare: true });
    return rows.map((r) => c.read(r) as Attachment);
  }

  /** Files kept for this uploader by a refused form (no owner yet), among the given ids. */
  staged(ids: number[], ownerType: string, uploaderId: number): Promise<Attachment[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows.find({ where: { id: In(ids), ownerType, ownerId: IsNull(), uploadedById: uploaderId }, order: { id: 'ASC' } });
  }

  /** Every staged file of one person (any form), oldest first: what counts against their cap. */
  stagedBy(uploaderId: number): Promise<Attachment[]> {
    return this.rows.find({ select: { id: true, size: true, storedName: true }, where: { ownerId: IsNull(), uploadedById: uploaderId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Kept files join their owner; how many did (one removed meanwhile by the clean-up does not). */
  async claim(ids: number[], ownerId: number, visibility: AttachmentVisibility): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.rows.update({ id: In(ids), ownerId: IsNull() }, { ownerId, visibility })).affected ?? ids.length;
  }

  async totalSize(ownerType: string, ownerId: number): Promise<number> {
    const row = await this.rows
      .createQueryBuilder('a')
      .select('COALESCE(SUM(a.size), 0)', 'total')
      .where('a.ownerType = :ownerType AND a.ownerId = :ownerId', { ownerType, ownerId })
      .getRawOne<{ total: string | number }>();
    return Number(row?.total ?? 0);
  }

  async setVisibility(id: number, visibility: AttachmentVisibility): Promise<void> {
    await this.rows.update({ id }, { visibility });
  }

  /** Staged rows older than `before`, nobody's yet. */
  staleStaged(before: Date): Promise<Attachment[]> {
    return this.rows.find({ where: { ownerId: IsNull(), createdAt: LessThan(before) } });
  }

  /** The public files of these owners (open data), by owner then upload. */
  publicOf(ownerType: string, ownerIds: number[]): Promise<Attachment[]> {
    if (ownerIds.length === 0) return Promise.resolve([]);
    return this.rows.find({ where: { ownerType, ownerId: In(ownerIds), visibility: 'public' }, order: { ownerId: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  /** Deletes the rows of one owner's files. */
  async deleteOwned(ownerType: string, ownerId: number): Promise<void> {
    await this.rows.delete({ ownerType, ownerId });
  }

  /** Deletes a staged row unless it was claimed meanwhile; whether it was deleted. */
  async deleteIfUnclaimed(id: number): Promise<boolean> {
    return Boolean((await this.rows.delete({ id, ownerId: IsNull() })).affected);
  }

  /** Those of the given stored names that some row has (read again before a file without a row is removed). */
  async withStoredNames(names: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < names.length; i += 500) {
      const batch = await this.rows.find({ select: { id: true, storedName: true }, where: { storedName: In(names.slice(i, i + 500)) } });
      for (const a of batch) found.add(a.storedName);
    }
    return found;
  }

  /** Those of the given ids whose row is still there. */
  async existingIds(ids: number[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      const batch = await this.rows.createQueryBuilder('a').select('a.id', 'id').where('a.id IN (:...ids)', { ids: ids.slice(i, i + 500) }).getRawMany<{ id: number | string }>();
      for (const a of batch) found.add(Number(a.id));
    }
    return found;
  }

  /** Every row's stored name with its id, in the order of the ids, read in batches (the start-up check of the upload folder). */
  async storedNames(): Promise<Map<string, number>> {
    const known = new Map<string, number>();
    for (let lastId = 0; ; ) {
      // Two columns as the database gives them: no entity built for each of a province's 200,000 rows.
      const batch = await this.rows
        .createQueryBuilder('a')
        .select('a.id', 'id')
        .addSelect('a.storedName', 'storedName')
        .where('a.id > :lastId', { lastId })
        .orderBy('a.id', 'ASC')
        .limit(5000)
        .getRawMany<{ id: number | string; storedName: string }>();
      if (batch.length === 0) break;
      lastId = Number(batch[batch.length - 1].id);
      for (const a of batch) known.set(a.storedName, Number(a.id));
    }
    return known;
  }
}
