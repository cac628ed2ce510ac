import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { UnitOfWork } from '../database/unit-of-work';
import { CouncilMember } from './council-member.entity';
import { Criterion } from './criterion.entity';
import { Round } from './round.entity';
import { EntityNotFound } from '../common/exceptions';
import { findByKey } from '../database/find-by-key';

/** Every query on `rounds`, `criteria`, `council_members`, inside the current unit of work when there is one. */
@Injectable()
export class RoundsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rounds() {
    return this.uow.repository(Round);
  }

  /** Locks these rounds' rows until the current transaction ends (see UnitOfWork.lockRows). */
  lockForUpdate(ids: number[]): Promise<void> {
    return this.uow.lockRows(Round, ids);
  }

  private get members() {
    return this.uow.repository(CouncilMember);
  }

  all(): Promise<Round[]> {
    return this.rounds.find({ order: { year: 'DESC', id: 'DESC' }, relations: { organisingUnit: true } });
  }

  open(): Promise<Round[]> {
    // Rounds that receive submissions: not those of effect and scope (their items are recognised initiatives).
    return this.rounds.find({ where: { status: 'open', kind: 'recognition' }, order: { year: 'DESC', id: 'DESC' } });
  }

  async findOrFail(id: number): Promise<Round> {
    const round = await findByKey(this.rounds, { id }, { organisingUnit: true });
    if (!round) throw new EntityNotFound('round', id);
    return round;
  }

  find(id: number): Promise<Round | null> {
    return this.rounds.findOne({ where: { id } });
  }

  byIds(ids: number[]): Promise<Round[]> {
    return ids.length ? this.rounds.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  save(round: Round): Promise<Round> {
    return this.rounds.save(round);
  }

  async setStatus(id: number, status: Round['status']): Promise<void> {
    await this.rounds.update({ id }, { status });
  }

  criteria(roundId: number): Promise<Criterion[]> {
    return this.uow.repository(Criterion).find({ where: { roundId }, order: { position: 'ASC', id: 'ASC' } });
  }

  /** The round's criteria in place of the earlier ones. */
  async replaceCriteria(roundId: number, rows: Partial<Criterion>[]): Promise<Criterion[]> {
    const repo = this.uow.repository(Criterion);
    await repo.delete({ roundId });
    const saved: Criterion[] = [];
    for (const c of rows) saved.push(await repo.save(new Criterion({ ...c, roundId })));
    return saved;
  }

  council(roundId: number): Promise<CouncilMember[]> {
    return this.members.find({ where: { roundId }, relations: { user: { unit: true } }, order: { id: 'ASC' } });
  }

  /** Whether this person sits on the round's council (every initiative page of a round asks: hand-written, prepared once on PostgreSQL). */
  async seated(roundId: number, userId: number): Promise<boolean> {
    const rows = await rawQuery(this.uow.manager, 'SELECT 1 AS "seated" FROM "council_members" WHERE "roundId" = :roundId AND "userId" = :userId LIMIT 1', { roundId, userId }, { prepare: true });
    return rows.length > 0;
  }

  /** The rounds on whose council this user sits. */
  async seatedRoundIds(userId: number): Promise<Set<number>> {
    return new Set((await this.members.find({ select: { roundId: true }, where: { userId } })).map((m) => m.roundId));
  }

  hasChair(roundId: number): Promise<boolean> {
    return this.members.exists({ where: { roundId, role: 'chair' } });
  }

  async memberOrFail(roundId: number, memberId: number): Promise<CouncilMember> {
    const member = await findByKey(this.members, { id: memberId, roundId }, { user: true });
    if (!member) throw new EntityNotFound('councilMember', memberId);
    return member;
  }

  saveMember(member: CouncilMember): Promise<CouncilMember> {
    return this.members.save(member);
  }

  async removeMember(id: number): Promise<void> {
    await this.members.delete({ id });
  }
}
