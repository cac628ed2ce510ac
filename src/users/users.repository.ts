import { Injectable } from '@nestjs/common';
import { Brackets, In } from 'typeorm';
import { PAGE_SIZE } from '../common/pagination';
import { fold, likePattern } from '../common/text';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from './roles';
import { User } from './user.entity';
import { EntityNotFound } from '../common/exceptions';
import { findByKey } from '../database/find-by-key';

export interface UserFilter {
  q?: string;
  unitId?: number;
  /** Only accounts of these units (a unit administrator's scope). */
  unitIds?: number[];
  role?: Role;
  status?: 'active' | 'inactive';
  page: number;
}

/** Every query on `users`, inside the current unit of work when there is one. */
@Injectable()
export class UsersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get users() {
    return this.uow.repository(User);
  }

  /** Locks these users' rows until the current transaction ends (see UnitOfWork.lockRows). */
  lockForUpdate(ids: number[]): Promise<void> {
    return this.uow.lockRows(User, ids);
  }

  async findOrFail(id: number, withUnit = false): Promise<User> {
    const user = withUnit ? await findByKey(this.users, { id }, { unit: true }) : await this.users.findOne({ where: { id } });
    if (!user) throw new EntityNotFound('user', id);
    return user;
  }

  inUnit(unitId: number): Promise<User[]> {
    return this.users.find({ where: { unitId }, order: { fullName: 'ASC' } });
  }

  activeWithUnits(): Promise<User[]> {
    return this.users.find({ where: { active: true }, relations: { unit: true }, order: { fullName: 'ASC' } });
  }

  countActive(): Promise<number> {
    return this.users.count({ where: { active: true } });
  }

  countAll(): Promise<number> {
    return this.users.count();
  }

  async list(filter: UserFilter): Promise<{ users: User[]; total: number }> {
    const qb = this.users.createQueryBuilder('u').leftJoinAndSelect('u.unit', 'unit');
    if (filter.q) qb.andWhere("u.searchText LIKE :p ESCAPE '\\'", { p: likePattern(fold(filter.q)) });
    if (filter.unitId) qb.andWhere('u.unitId = :unitId', { unitId: filter.unitId });
    if (filter.unitIds) qb.andWhere(filter.unitIds.length ? 'u.unitId IN (:...scopeIds)' : '1 = 0', { scopeIds: filter.unitIds });
    if (filter.role) qb.andWhere("(',' || u.roles || ',') LIKE :role", { role: `%,${filter.role},%` });
    if (filter.status) qb.andWhere('u.active = :active', { active: filter.status === 'active' });
    const [users, total] = await qb
      .orderBy('u.fullName', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip((filter.page - 1) * PAGE_SIZE)
      .take(PAGE_SIZE)
      .getManyAndCount();
    return { users, total };
  }

  activeWithUnit(id: number): Promise<User | null> {
    return findByKey(this.users, { id, active: true }, { unit: true });
  }

  findActive(id: number): Promise<User | null> {
    return this.users.findOne({ where: { id, active: true } });
  }

  byUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { username: username.trim().toLowerCase() } });
  }

  /** The account with its password hash (never selected otherwise), by username or id. */
  withPasswordHash(key: { username: string } | { id: number }): Promise<User | null> {
    const qb = this.users.createQueryBuilder('u').addSelect('u.passwordHash');
    return ('id' in key ? qb.where('u.id = :id', { id: key.id }) : qb.where('u.username = :username', { username: key.username.trim().toLowerCase() })).getOne();
  }

  usernameTaken(username: string): Promise<boolean> {
    return this.users.exists({ where: { username } });
  }

  async usernames(): Promise<Set<string>> {
    return new Set((await this.users.find({ select: { username: true } })).map((u) => u.username));
  }

  /** Every account of these units, active or not. */
  inUnits(unitIds: number[]): Promise<User[]> {
    return unitIds.length ? this.users.find({ where: { unitId: In(unitIds) }, order: { fullName: 'ASC' } }) : Promise.resolve([]);
  }

  /** The active accounts among these ids. */
  /** Active accounts with an address that take their notices once a day. */
  dailyDigestRecipients(): Promise<User[]> {
    return this.users.createQueryBuilder('u').where('u.active = :active AND u.emailDigest = :digest AND u.email <> :none', { active: true, digest: true, none: '' }).orderBy('u.id').getMany();
  }

  async setEmailDigest(id: number, on: boolean): Promise<void> {
    await this.users.update({ id }, { emailDigest: on });
  }

  /**
   * Claims a person's daily message for the day that began at `dayStart`: true for the one
   * caller (of any instance) whose update found it unclaimed since then.
   */
  async claimDigest(id: number, dayStart: Date, now: Date): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update(User)
      .set({ lastDigestAt: now })
      .where('id = :id AND ("lastDigestAt" IS NULL OR "lastDigestAt" < :dayStart)', { id, dayStart })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  activeByIds(ids: number[]): Promise<User[]> {
    return ids.length ? this.users.find({ where: { id: In(ids), active: true } }) : Promise.resolve([]);
  }

  activeInUnits(unitIds: number[]): Promise<User[]> {
    return unitIds.length ? this.users.find({ where: { unitId: In(unitIds), active: true } }) : Promise.resolve([]);
  }

  /** Ids of the active district admins. */
  async activeAdminIds(): Promise<number[]> {
    const rows = await this.users
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.active = :active', { active: true })
      .andWhere(new Brackets((w) => w.where("(',' || u.roles || ',') LIKE :role", { role: `%,${Role.DistrictAdmin},%` })))
      .getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }

  save(user: User): Promise<User> {
    return this.users.save(user);
  }

  async update(id: number, changes: Partial<User>): Promise<void> {
    await this.users.update({ id }, changes);
  }

  async moveToUnit(fromUnitIds: number[], toUnitId: number): Promise<void> {
    if (fromUnitIds.length > 0) await this.users.update({ unitId: In(fromUnitIds) }, { unitId: toUnitId });
  }
}
