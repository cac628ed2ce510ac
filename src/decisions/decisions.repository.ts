import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { EntityColumns } from '../database/raw-rows';
import { UnitOfWork } from '../database/unit-of-work';
import { Initiative } from '../initiatives/initiative.entity';
import { Unit } from '../units/unit.entity';
import { Decision } from './decision.entity';
import { DuplicateMark } from './duplicate-mark.entity';
import { MemberVote } from './member-vote.entity';

/** Every query on `decisions`, `member_votes` and `duplicate_marks`, inside the current unit of work when there is one. */
@Injectable()
export class DecisionsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get votes() {
    return this.uow.repository(MemberVote);
  }

  private decisionColumns?: EntityColumns<Decision>;

  /**
   * The decisions on an initiative, latest first. Hand-written (see InitiativesRepository.load):
   * the initiative's page reads them on every view.
   */
  async forInitiative(initiativeId: number): Promise<Decision[]> {
    const c = (this.decisionColumns ??= this.uow.entityColumns(Decision, 'd', ''));
    const rows = await rawQuery<Record<string, unknown>>(this.uow.manager, `SELECT ${c.select} FROM "decisions" d WHERE d."initiativeId" = :initiativeId ORDER BY d."createdAt" DESC, d."id" DESC`, { initiativeId }, { prepare: true });
    return rows.map((r) => c.read(r) as Decision);
  }

  /** The decisions on these initiatives, latest first. */
  forInitiatives(initiativeIds: number[]): Promise<Decision[]> {
    if (initiativeIds.length === 0) return Promise.resolve([]);
    return this.uow.repository(Decision).find({ where: { initiativeId: In(initiativeIds) }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** The latest decision recorded in a round (its place and signer prefill the next). */
  latestInRound(roundId: number): Promise<Decision | null> {
    return this.uow.repository(Decision).findOne({ where: { roundId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  save(decision: Decision): Promise<Decision> {
    return this.uow.repository(Decision).save(decision);
  }

  /** Votes on these initiatives (every cycle; callers keep the current one). */
  votesOn(initiativeIds: number[]): Promise<MemberVote[]> {
    if (initiativeIds.length === 0) return Promise.resolve([]);
    return this.votes.find({ where: { initiativeId: In(initiativeIds) }, order: { id: 'ASC' } });
  }

  voteOf(initiativeId: number, cycle: number, memberId: number): Promise<MemberVote | null> {
    return this.votes.findOne({ where: { initiativeId, cycle, memberId } });
  }

  saveVote(vote: MemberVote): Promise<MemberVote> {
    return this.votes.save(vote);
  }

  /** Takes a vote off the record (the secretary's mistake; the audit log keeps what it was). */
  async deleteVote(id: number): Promise<void> {
    await this.votes.delete({ id });
  }

  /** Whether a seat has any vote on record. */
  /** Whether any seat of the round's council has a vote recorded. */
  roundHasVotes(roundId: number): Promise<boolean> {
    return this.votes.createQueryBuilder('v').innerJoin('v.member', 'm').where('m.roundId = :roundId', { roundId }).getExists();
  }

  memberHasVotes(memberId: number): Promise<boolean> {
    return this.votes.exists({ where: { memberId } });
  }

  // ---- duplicates ---------------------------------------------------------------

  /** The finding that this initiative repeats another, if it stands, with that other one (and its unit). */
  duplicateMarkOf(initiativeId: number): Promise<DuplicateMark | null> {
    return this.uow.repository(DuplicateMark).findOne({ where: { initiativeId }, relations: { original: { unit: true } } });
  }

  private duplicateColumns?: { mark: EntityColumns<DuplicateMark>; initiative: EntityColumns<Initiative>; unit: EntityColumns<Unit> };

  /**
   * The initiatives found to repeat this one (with their units), oldest finding first.
   * Hand-written (see InitiativesRepository.load): read on every view of the original.
   */
  async duplicatesOf(originalId: number): Promise<DuplicateMark[]> {
    const c = (this.duplicateColumns ??= {
      mark: this.uow.entityColumns(DuplicateMark, 'dm', ''),
      initiative: this.uow.entityColumns(Initiative, 'i', 'initiative_'),
      unit: this.uow.entityColumns(Unit, 'u', 'unit_'),
    });
    const rows = await rawQuery<Record<string, unknown>>(
      this.uow.manager,
      `SELECT ${c.mark.select}, ${c.initiative.select}, ${c.unit.select} FROM "duplicate_marks" dm LEFT JOIN "initiatives" i ON i."id" = dm."initiativeId" LEFT JOIN "units" u ON u."id" = i."unitId" WHERE dm."originalId" = :originalId ORDER BY dm."createdAt" ASC, dm."id" ASC`,
      { originalId },
      { prepare: true },
    );
    return rows.map((r) => {
      const mark = c.mark.read(r) as DuplicateMark;
      // Every mark names an initiative, and every initiative a unit (foreign keys); null as TypeORM gives it otherwise.
      mark.initiative = c.initiative.read(r) as Initiative;
      if (mark.initiative) mark.initiative.unit = c.unit.read(r) as Unit;
      return mark;
    });
  }

  saveDuplicateMark(mark: DuplicateMark): Promise<DuplicateMark> {
    return this.uow.repository(DuplicateMark).save(mark);
  }

  async deleteDuplicateMark(id: number): Promise<void> {
    await this.uow.repository(DuplicateMark).delete({ id });
  }
}
