import { Brackets, EntityManager, InsertQueryBuilder, Repository, SelectQueryBuilder } from 'typeorm';
import { RequestContext } from '../common/request-context';
import { PAGE_SIZE } from '../common/pagination';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from '../users/roles';
import { AuditEvent } from './audit-event.entity';
import { AuditEntry, AuditFilter, AuditService } from './audit.service';
import { ctxOf, person } from '../../test/utils/context';
import { automock, fakeUnitOfWork, newTestService, provide } from '../../test/utils/mocks';

/** A query builder whose conditions and paging are recorded, answering `result`. */
function queryBuilder(result: [AuditEvent[], number] = [[], 0]) {
  const qb = automock<SelectQueryBuilder<AuditEvent>>(SelectQueryBuilder);
  for (const chained of [qb.andWhere, qb.where, qb.orWhere, qb.orderBy, qb.addOrderBy, qb.skip, qb.take]) chained.mockReturnThis();
  qb.getManyAndCount.mockResolvedValue(result);
  return qb;
}

/**
 * A manager whose inserts (createQueryBuilder().insert().into().values().updateEntity(false))
 * are recorded, and whose `save` gives the entity id 41 (save's overloads type only the last:
 * target, entity, options).
 */
function managerMock(): jest.Mocked<EntityManager> {
  const manager = automock(EntityManager);
  manager.save.mockImplementation(async (event: unknown) => Object.assign(event as AuditEvent, { id: 41 }));
  const insert = automock<InsertQueryBuilder<AuditEvent>>(InsertQueryBuilder);
  for (const chained of [insert.into, insert.values, insert.updateEntity]) chained.mockReturnThis();
  insert.execute.mockResolvedValue({ identifiers: [], generatedMaps: [], raw: [] });
  const builder = automock<SelectQueryBuilder<AuditEvent>>(SelectQueryBuilder);
  builder.insert.mockReturnValue(insert);
  manager.createQueryBuilder.mockReturnValue(builder);
  inserts.set(manager, insert);
  return manager;
}
const inserts = new WeakMap<EntityManager, jest.Mocked<InsertQueryBuilder<AuditEvent>>>();

/** The service with the unit of work's current manager and the events' repository mocked. */
function setup() {
  const manager = managerMock();
  const events = automock<Repository<AuditEvent>>(Repository);
  const qb = queryBuilder();
  events.createQueryBuilder.mockReturnValue(qb);
  events.find.mockResolvedValue([]);
  const uow = fakeUnitOfWork();
  jest.spyOn(uow, 'manager', 'get').mockReturnValue(manager);
  uow.repository.mockReturnValue(events);
  const { sut } = newTestService(AuditService, [provide(UnitOfWork, uow)]);
  return { sut, manager, events, qb, uow };
}

const entry: AuditEntry = { action: 'field.update', entityType: 'field', entityId: 3, summary: 'Sửa lĩnh vực "Thể chế"', changes: [{ field: 'name', before: 'A', after: 'B' }] };
const author = ctxOf(person(7, [Role.Author]));

/** The one event written through this manager: saved (read back for its id), or inserted (not read back, into the events' table). */
function saved(manager: jest.Mocked<EntityManager>): AuditEvent {
  const insert = inserts.get(manager) as jest.Mocked<InsertQueryBuilder<AuditEvent>>;
  const events: unknown[] = [...manager.save.mock.calls.map((c) => c[0]), ...insert.values.mock.calls.map((c) => c[0])];
  expect(events).toHaveLength(1);
  if (insert.values.mock.calls.length) {
    expect(insert.into).toHaveBeenCalledWith(AuditEvent);
    expect(insert.updateEntity).toHaveBeenCalledWith(false);
    expect(insert.execute).toHaveBeenCalledTimes(1);
  }
  expect(events[0]).toBeInstanceOf(AuditEvent);
  return events[0] as AuditEvent;
}

describe(AuditService.name, () => {
  describe('writing', () => {
    it("records the context's person as the actor, with the entry, through the current unit of work", async () => {
      const { sut, manager } = setup();
      await sut.log(author, entry);
      expect({ ...saved(manager) }).toEqual({
        actorId: 7,
        actorName: 'Người 7 (u7)',
        ip: '127.0.0.1',
        action: 'field.update',
        entityType: 'field',
        entityId: '3',
        summary: 'Sửa lĩnh vực "Thể chế"',
        changes: [{ field: 'name', before: 'A', after: 'B' }],
      });
      // One INSERT, nothing read back (no id to give).
      expect(manager.save).not.toHaveBeenCalled();
    });

    it('records a guest and the system with no actor id, under their own names', async () => {
      const guest = setup();
      await guest.sut.log(RequestContext.guest('203.0.113.9'), entry);
      expect(saved(guest.manager)).toMatchObject({ actorId: null, actorName: 'Khách', ip: '203.0.113.9' });
      const system = setup();
      await system.sut.log(RequestContext.system(), entry);
      expect(saved(system.manager)).toMatchObject({ actorId: null, actorName: 'Hệ thống', ip: '' });
    });

    it('records the person signing in as the actor though the request has no viewer yet', async () => {
      const { sut, manager } = setup();
      await sut.log(RequestContext.signingIn({ id: 5, fullName: 'Trần B', username: 'tranb' }, '10.0.0.2'), { action: 'auth.login', entityType: 'session', entityId: 5, summary: 'Đăng nhập' });
      expect(saved(manager)).toMatchObject({ actorId: 5, actorName: 'Trần B (tranb)', ip: '10.0.0.2' });
    });

    it('writes an IPv4 address that reached a dual-stack socket as plain IPv4', async () => {
      const { sut, manager } = setup();
      await sut.log(RequestContext.forViewer(person(7, [Role.Author]), '::ffff:192.168.1.20'), entry);
      expect(saved(manager).ip).toBe('192.168.1.20');
    });

    it('cuts the summary to the 500 characters its column holds', async () => {
      const { sut, manager } = setup();
      await sut.log(author, { ...entry, summary: 'é'.repeat(501) });
      expect(saved(manager).summary).toBe('é'.repeat(500));
    });

    it('stores the entity id as text, 0 included, and no id as null', async () => {
      const ids: [AuditEntry['entityId'], string | null][] = [
        [0, '0'],
        ['abc', 'abc'],
        [null, null],
        [undefined, null],
      ];
      for (const [given, stored] of ids) {
        const { sut, manager } = setup();
        await sut.log(author, { ...entry, entityId: given });
        expect(saved(manager).entityId).toBe(stored);
      }
    });

    it('stores no changes as null rather than an empty list', async () => {
      for (const changes of [undefined, []]) {
        const { sut, manager } = setup();
        await sut.log(author, { ...entry, changes });
        expect(saved(manager).changes).toBeNull();
      }
    });

    it("gives the new event's id from logged", async () => {
      const { sut, manager } = setup();
      await expect(sut.logged(author, entry)).resolves.toBe(41);
      expect(saved(manager).actorId).toBe(7);
    });

    it("records through the transaction it is given, not the unit of work's", async () => {
      const { sut, manager } = setup();
      const seeders = managerMock();
      await sut.record(seeders, RequestContext.system(), { action: 'demo.seed', entityType: 'unit', summary: 'Nạp dữ liệu mẫu' });
      expect(manager.save).not.toHaveBeenCalled();
      expect(manager.createQueryBuilder).not.toHaveBeenCalled();
      expect(saved(seeders)).toMatchObject({ action: 'demo.seed', actorName: 'Hệ thống', entityId: null });
    });

    it('completes a summary, cut to 500 characters, changing nothing else', async () => {
      const { sut, events } = setup();
      await sut.amendSummary(41, 'x'.repeat(600));
      expect(events.update).toHaveBeenCalledWith({ id: 41 }, { summary: 'x'.repeat(500) });
    });
  });

  describe('list', () => {
    const page1: AuditFilter = { page: 1 };

    it('pages every event, newest first, without conditions when nothing is filtered', async () => {
      const { sut, qb } = setup();
      const event = new AuditEvent({ id: 1 });
      qb.getManyAndCount.mockResolvedValue([[event], 120]);
      await expect(sut.list(page1)).resolves.toEqual({ events: [event], total: 120 });
      expect(qb.andWhere).not.toHaveBeenCalled();
      expect(qb.orderBy).toHaveBeenCalledWith('e.at', 'DESC');
      expect(qb.addOrderBy).toHaveBeenCalledWith('e.id', 'DESC');
      expect(qb.skip).toHaveBeenCalledWith(0);
      expect(qb.take).toHaveBeenCalledWith(PAGE_SIZE);
    });

    it('skips the pages before the one asked for', async () => {
      const { sut, qb } = setup();
      await sut.list({ page: 3 });
      expect(qb.skip).toHaveBeenCalledWith(2 * PAGE_SIZE);
    });

    it('filters by action, kind of record and actor', async () => {
      const { sut, qb } = setup();
      await sut.list({ ...page1, action: 'auth.login', entityType: 'session', actorId: 7 });
      expect(qb.andWhere.mock.calls).toEqual([
        ['e.action = :action', { action: 'auth.login' }],
        ['e.entityType = :entityType', { entityType: 'session' }],
        ['e.actorId = :actorId', { actorId: 7 }],
      ]);
    });

    it("takes dates as whole days in Vietnam's time, the last one included", async () => {
      const { sut, qb } = setup();
      await sut.list({ ...page1, from: '2026-03-01', to: '2026-03-31' });
      expect(qb.andWhere.mock.calls).toEqual([
        ['e.at >= :from', { from: new Date('2026-02-28T17:00:00Z') }],
        ['e.at < :to', { to: new Date('2026-03-31T17:00:00Z') }],
      ]);
    });

    it('searches summaries and actor names in any case, with LIKE wildcards taken literally, or an exact record id', async () => {
      const { sut, qb } = setup();
      await sut.list({ ...page1, q: 'Báo_Cáo 100%' });
      expect(qb.andWhere).toHaveBeenCalledTimes(1);
      const brackets = qb.andWhere.mock.calls[0][0];
      expect(brackets).toBeInstanceOf(Brackets);
      const inner = queryBuilder();
      (brackets as Brackets).whereFactory(inner);
      const pattern = { p: '%báo\\_cáo 100\\%%' };
      expect(inner.where).toHaveBeenCalledWith("LOWER(e.summary) LIKE :p ESCAPE '\\'", pattern);
      expect(inner.orWhere.mock.calls).toEqual([
        ["LOWER(e.actorName) LIKE :p ESCAPE '\\'", pattern],
        ['e.entityId = :exact', { exact: 'Báo_Cáo 100%' }],
      ]);
    });
  });

  describe('other reads', () => {
    it('gives the latest events, as many as asked', async () => {
      const { sut, events } = setup();
      await sut.recent(8);
      expect(events.find).toHaveBeenCalledWith({ order: { at: 'DESC', id: 'DESC' }, take: 8 });
    });

    it("gives a record's events by its id as stored (text), 50 unless asked", async () => {
      const { sut, events } = setup();
      await sut.forRecord('initiative', 12);
      await sut.forRecord('initiative', 12, 5);
      expect(events.find).toHaveBeenNthCalledWith(1, { where: { entityType: 'initiative', entityId: '12' }, order: { at: 'DESC', id: 'DESC' }, take: 50 });
      expect(events.find).toHaveBeenNthCalledWith(2, expect.objectContaining({ take: 5 }));
    });
  });
});
