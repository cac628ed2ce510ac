import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { EntityNotFound } from '../common/exceptions';
import { rawQuery } from '../database/raw-query';
import { EntityColumns } from '../database/raw-rows';
import { UnitOfWork } from '../database/unit-of-work';
import { Round } from '../rounds/round.entity';
import { CouncilMember } from '../rounds/council-member.entity';
import { User } from '../users/user.entity';
import { EffectItem, EffectSheet, EffectVote } from './effect-item.entity';
import { findByKey } from '../database/find-by-key';

/** Every query on `effect_items`, `effect_sheets` and `effect_votes`, inside the current unit of work when there is one. */
@Injectable()
export class EffectRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get items() {
    return this.uow.repository(EffectItem);
  }

  /** Locks these items' rows until the current transaction ends (see UnitOfWork.lockRows). */
  lockForUpdate(ids: number[]): Promise<void> {
    return this.uow.lockRows(EffectItem, ids);
  }

  /** The item with its round (and organiser) and its initiative (unit, authors); EntityNotFound (404) if there is none. */
  async load(id: number): Promise<EffectItem> {
    const item = await findByKey(this.items, { id }, { round: { organisingUnit: true }, initiative: { unit: true, authors: true } });
    if (!item) throw new EntityNotFound('effectItem', id);
    item.initiative?.authors?.sort((a, b) => a.position - b.position);
    return item;
  }

  /** The round's items with their initiatives (units, authors), by code. */
  async ofRound(roundId: number): Promise<EffectItem[]> {
    const items = await this.items.find({ where: { roundId }, relations: { initiative: { unit: true, authors: true } } });
    return items.sort((a, b) => (a.initiative?.code ?? '').localeCompare(b.initiative?.code ?? ''));
  }

  private initiativeItemColumns?: { item: EntityColumns<EffectItem>; round: EntityColumns<Round> };

  /**
   * Every item of these initiatives (any round), with its round, latest first. Hand-written
   * (see InitiativesRepository.load): an initiative's page reads them on every view.
   */
  async ofInitiatives(initiativeIds: number[]): Promise<EffectItem[]> {
    if (initiativeIds.length === 0) return [];
    const c = (this.initiativeItemColumns ??= { item: this.uow.entityColumns(EffectItem, 'e', ''), round: this.uow.entityColumns(Round, 'r', 'round_') });
    const rows = await rawQuery<Record<string, unknown>>(
      this.uow.manager,
      `SELECT ${c.item.select}, ${c.round.select} FROM "effect_items" e LEFT JOIN "rounds" r ON r."id" = e."roundId" WHERE e."initiativeId" IN (:...ids) ORDER BY e."createdAt" DESC, e."id" DESC`,
      { ids: initiativeIds },
    );
    return rows.map((r) => {
      const item = c.item.read(r) as EffectItem;
      // Every item is of a round (foreign key).
      item.round = c.round.read(r) as Round;
      return item;
    });
  }

  exists(roundId: number, initiativeId: number): Promise<boolean> {
    return this.items.exists({ where: { roundId, initiativeId } });
  }

  countInRound(roundId: number): Promise<number> {
    return this.items.count({ where: { roundId } });
  }

  save(item: EffectItem): Promise<EffectItem> {
    return this.items.save(item);
  }

  async delete(id: number): Promise<void> {
    await this.items.delete({ id });
  }

  /**
   * The items this person is to score: in rounds being scored where they sit (not as the
   * secretary), undecided, without their submitted sheet, and not of an initiative they wrote.
   */
  awaitingSheetsOf(userId: number): Promise<EffectItem[]> {
    return this.items
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.round', 'r')
      .innerJoinAndSelect('i.initiative', 'n')
      .innerJoin(CouncilMember, 'm', 'm."roundId" = i."roundId" AND m."userId" = :userId AND m.role != :secretary', { userId, secretary: 'secretary' })
      .innerJoin(User, 'u', 'u.id = m."userId"')
      .leftJoin(EffectSheet, 's', 's."itemId" = i.id AND s."memberId" = m.id AND s.status = :submitted', { submitted: 'submitted' })
      .where('r.kind = :kind AND r.status = :evaluating AND i.outcome IS NULL AND s.id IS NULL', { kind: 'effect', evaluating: 'evaluating' })
      // In conflict (see EffectService.conflictOf): an author, or a colleague of the author's unit when the round says so.
      .andWhere('NOT EXISTS (SELECT 1 FROM "initiative_authors" a WHERE a."initiativeId" = i."initiativeId" AND a."userId" = :userId)', { userId })
      .andWhere('NOT (r."conflictSameUnit" = :yes AND u."unitId" = n."unitId")', { yes: true })
      .andWhere(`NOT EXISTS (SELECT 1 FROM "effect_sheets" c WHERE c."itemId" = i.id AND c."memberId" = m.id AND c."conflictReason" <> '')`)
      .orderBy('r.id', 'ASC')
      .addOrderBy('n.code', 'ASC')
      .getMany();
  }

  // ---- sheets and votes ----------------------------------------------------------------

  sheets(itemIds: number[]): Promise<EffectSheet[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return this.uow.repository(EffectSheet).find({ where: { itemId: In(itemIds) }, order: { id: 'ASC' } });
  }

  sheet(itemId: number, memberId: number): Promise<EffectSheet | null> {
    return this.uow.repository(EffectSheet).findOne({ where: { itemId, memberId } });
  }

  saveSheet(sheet: EffectSheet): Promise<EffectSheet> {
    return this.uow.repository(EffectSheet).save(sheet);
  }

  /** Whether any sheet was kept in the round (its criteria are then fixed). */
  sheetsExistInRound(roundId: number): Promise<boolean> {
    return this.uow.repository(EffectSheet).createQueryBuilder('s').innerJoin(EffectItem, 'i', 'i.id = s.itemId').where('i.roundId = :roundId', { roundId }).getExists();
  }

  votesExistInRound(roundId: number): Promise<boolean> {
    return this.uow.repository(EffectVote).createQueryBuilder('v').innerJoin(EffectItem, 'i', 'i.id = v.itemId').where('i.roundId = :roundId', { roundId }).getExists();
  }

  /** Whether a member of the council has submitted a sheet or has a vote (their seat then stays). */
  async memberHasWork(memberId: number): Promise<boolean> {
    const [sheets, votes] = await Promise.all([this.uow.repository(EffectSheet).exists({ where: { memberId, status: 'submitted' } }), this.uow.repository(EffectVote).exists({ where: { memberId } })]);
    return sheets || votes;
  }

  /** A seat leaving the council takes its draft sheets with it. */
  async deleteDraftSheetsOf(memberId: number): Promise<void> {
    await this.uow.repository(EffectSheet).delete({ memberId, status: 'draft' });
  }

  votes(itemIds: number[]): Promise<EffectVote[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return this.uow.repository(EffectVote).find({ where: { itemId: In(itemIds) }, order: { id: 'ASC' } });
  }

  saveVote(vote: EffectVote): Promise<EffectVote> {
    return this.uow.repository(EffectVote).save(vote);
  }

  async deleteVote(id: number): Promise<void> {
    await this.uow.repository(EffectVote).delete({ id });
  }
}
