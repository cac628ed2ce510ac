import { ConflictException, ForbiddenException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { EntityNotFound, FormInvalidException } from '../common/exceptions';
import { Extensions, UNIT_MEMBERS, UnitMembersContribution } from '../common/extensions';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { UnitKind } from './unit-kinds';
import { Unit } from './unit.entity';
import { UnitSuccession } from './unit-succession.entity';
import { UnitEnding } from './unit-ending.entity';
import { UnitList } from './unit-list';
import { UnitsRepository } from './units.repository';
import { findParentCycle, UnitsService } from './units.service';
import { adminCtx, ctxOf, person } from '../../test/utils/context';
import { Role } from '../users/roles';
import { fakeUnitOfWork, newTestService, provide } from '../../test/utils/mocks';

const ctx = adminCtx();

interface Stock {
  codeTaken?: boolean;
  units?: Partial<Unit>[];
  references?: string[];
}

/** The units' repository (a typed mock) holding these units: what it answers, and what the service asked of it. */
function stock(repo: jest.Mocked<UnitsRepository>, options: Stock) {
  const units = (options.units ?? []).map((u) => new Unit(u));
  const find = async (id: number) => units.find((u) => u.id === id) ?? null;
  repo.find.mockImplementation(find);
  repo.findOrFail.mockImplementation(async (id: number) => (await find(id)) ?? Promise.reject(new EntityNotFound('unit', id)));
  repo.byIds.mockImplementation(async (ids: number[]) => units.filter((u) => ids.includes(u.id)));
  repo.all.mockImplementation(async () => units);
  repo.codeTaken.mockImplementation(async () => options.codeTaken ?? false);
  repo.references.mockImplementation(async () => options.references ?? []);
  repo.save.mockImplementation(async (x: Unit) => Object.assign(x, { id: x.id ?? 99 }));
}

/**
 * The service with a real read cache over the test unit of work (each run is a transaction
 * whose end the cache hears), and the users feature's answer to UNIT_MEMBERS.
 */
function setup(options: Stock = {}, ttlMs = 10_000) {
  const uow = fakeUnitOfWork();
  const cache = new ReadCache(uow, { ttlMs });
  const users = { inUnit: jest.fn(async () => []), moveToUnit: jest.fn(async () => undefined) } satisfies UnitMembersContribution;
  const { sut, mock } = newTestService(UnitsService, [provide(UnitOfWork, uow), provide(ReadCache, cache)]);
  const repo = mock(UnitsRepository);
  stock(repo, options);
  mock(Extensions).of.mockImplementation((point: symbol) => (point === UNIT_MEMBERS ? [users] : []));
  return { sut, repo, audit: mock(AuditService), users, cache };
}

describe(UnitsService.name, () => {
  describe('create', () => {
    it('refuses a code already used and saves nothing', async () => {
      const { sut, audit, repo } = setup({ codeTaken: true });
      await expect(sut.create(ctx, { code: 'VL-VH', name: 'Trùng', kind: UnitKind.Commune })).rejects.toBeInstanceOf(FormInvalidException);
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('refuses a parent that does not exist and saves nothing', async () => {
      const { sut, repo } = setup();
      await expect(sut.create(ctx, { code: 'X1', name: 'Xã mới', kind: UnitKind.Commune, parentId: 404 })).rejects.toMatchObject({ errors: { parentId: 'Đơn vị cấp trên không tồn tại.' } });
      expect(repo.save).not.toHaveBeenCalled();
    });

    it('saves with folded search text and audits', async () => {
      const { sut, audit } = setup();
      const unit = await sut.create(ctx, { code: 'VL-VH', name: 'UBND xã Vĩnh Hòa', kind: UnitKind.Commune });
      expect(unit.searchText).toBe('vl-vh ubnd xa vinh hoa');
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'unit.create' }));
    });
  });

  describe('update', () => {
    it('refuses a sub-unit as the new parent (a loop) and saves nothing', async () => {
      const { sut, repo } = setup({ units: [{ id: 1, code: 'H', name: 'Huyện', parentId: null }, { id: 2, code: 'X', name: 'Xã', parentId: 1 }] });
      await expect(sut.update(ctx, 1, { name: 'Huyện', kind: UnitKind.District, parentId: 2 })).rejects.toMatchObject({ errors: { parentId: expect.stringContaining('đơn vị cấp dưới') } });
      expect(repo.save).not.toHaveBeenCalled();
    });
  });

  describe('kinds of before 01/07/2025', () => {
    it('refuses one for a new unit and saves nothing', async () => {
      const { sut, repo, audit } = setup();
      await expect(sut.create(ctx, { code: 'H2', name: 'Huyện mới', kind: UnitKind.District })).rejects.toMatchObject({ errors: { kind: expect.stringContaining('đến ngày 30/06/2025') } });
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('gives one to a unit ended by 30/06/2025, not to one in force', async () => {
      const { sut, repo } = setup({ units: [{ id: 1, code: 'HX', name: 'Thị trấn Hồ Xá', kind: UnitKind.Commune, validTo: '2025-06-30' }, { id: 2, code: 'VH', name: 'Xã Vĩnh Hòa', kind: UnitKind.Commune, validTo: null }] });
      await expect(sut.update(ctx, 2, { name: 'Xã Vĩnh Hòa', kind: UnitKind.Township })).rejects.toBeInstanceOf(FormInvalidException);
      expect(repo.save).not.toHaveBeenCalled();
      await expect(sut.update(ctx, 1, { name: 'Thị trấn Hồ Xá', kind: UnitKind.Township })).resolves.toMatchObject({ kind: UnitKind.Township });
    });
  });

  describe('end', () => {
    const dto = { effectiveDate: '2025-07-01', instrumentNumber: '1680/NQ-UBTVQH15', instrumentDate: '2025-06-16', instrumentIssuer: 'Ủy ban Thường vụ Quốc hội', transferIds: [2] };

    it('refuses a unit whose ending is recorded already (or merged away), and changes nothing', async () => {
      const { sut, repo, audit } = setup({ units: [{ id: 1, name: 'Huyện A', validTo: '2025-06-30' }, { id: 2, name: 'Tỉnh', validTo: null }] });
      repo.endingOf.mockResolvedValue(new UnitEnding({ unitId: 1, effectiveDate: '2025-07-01' }));
      repo.successionsOf.mockResolvedValue([[], []]);
      await expect(sut.end(ctx, 1, dto)).rejects.toMatchObject({ errors: { effectiveDate: expect.stringContaining('không chấm dứt hoạt động lại được') } });
      repo.endingOf.mockResolvedValue(null);
      repo.successionsOf.mockResolvedValue([[], [new UnitSuccession({ predecessorId: 1, successorId: 2, kind: 'merge' })]]);
      await expect(sut.end(ctx, 1, dto)).rejects.toMatchObject({ errors: { effectiveDate: expect.stringContaining('không chấm dứt hoạt động lại được') } });
      expect(repo.update).not.toHaveBeenCalled();
      expect(repo.addEnding).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('records the instrument of a unit entered already ended, for the day it ended only', async () => {
      const { sut, repo, audit } = setup({ units: [{ id: 1, name: 'Huyện A', validTo: '2025-06-30' }, { id: 2, name: 'Tỉnh', validTo: null }] });
      repo.endingOf.mockResolvedValue(null);
      repo.successionsOf.mockResolvedValue([[], []]);
      repo.addEnding.mockImplementation(async (e) => Object.assign(e, { id: 3 }));
      await expect(sut.end(ctx, 1, { ...dto, effectiveDate: '2025-08-01' })).rejects.toMatchObject({ errors: { effectiveDate: 'Đơn vị đã hết hiệu lực từ ngày 01/07/2025: hãy ghi văn bản chấm dứt hoạt động từ ngày đó.' } });
      expect(repo.addEnding).not.toHaveBeenCalled();
      await expect(sut.end(ctx, 1, dto)).resolves.toMatchObject({ id: 1, validTo: '2025-06-30' });
      expect(repo.addEnding).toHaveBeenCalledWith(expect.objectContaining({ unitId: 1, effectiveDate: '2025-07-01' }), [2]);
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'unit.end', entityId: 1 }));
    });

    it('ends the unit the day before, records the instrument and the takers, adds no succession, and audits', async () => {
      const { sut, repo, audit } = setup({ units: [{ id: 1, name: 'Huyện A', validTo: null }, { id: 2, name: 'Tỉnh', validTo: null }] });
      repo.addEnding.mockImplementation(async (e) => Object.assign(e, { id: 3 }));
      await expect(sut.end(ctx, 1, dto)).resolves.toMatchObject({ id: 1, validTo: '2025-06-30' });
      expect(repo.update).toHaveBeenCalledWith(1, { validTo: '2025-06-30' });
      expect(repo.addEnding).toHaveBeenCalledWith(expect.objectContaining({ unitId: 1, effectiveDate: '2025-07-01', instrumentNumber: '1680/NQ-UBTVQH15' }), [2]);
      expect(repo.addSuccession).not.toHaveBeenCalled();
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ action: 'unit.end', entityId: 1 }));
    });
  });

  describe('merge', () => {
    it('refuses to merge a unit into itself and changes nothing', async () => {
      const { sut, users, repo } = setup({ units: [{ id: 5, name: 'Xã A', validTo: null }] });
      const dto = { predecessorIds: [5], target: 'existing' as const, successorId: 5, newCode: '', newName: '', newKind: '', moveMembers: '1', instrument: 'NQ 1', effectiveDate: '2025-07-01' };
      await expect(sut.merge(ctx, dto)).rejects.toMatchObject({ errors: { successorId: expect.stringContaining('không được nằm trong danh sách') } });
      expect(repo.update).not.toHaveBeenCalled();
      expect(repo.save).not.toHaveBeenCalled();
      expect(users.moveToUnit).not.toHaveBeenCalled();
    });

    it('ends the predecessors the day before, links them and moves their people and sub-units', async () => {
      const { sut, users, repo } = setup({ units: [{ id: 5, name: 'Xã A', validTo: null }, { id: 6, name: 'Xã B', validTo: null }, { id: 7, name: 'Xã AB', validTo: null }] });
      const dto = { predecessorIds: [5, 6], target: 'existing' as const, successorId: 7, newCode: '', newName: '', newKind: '', moveMembers: '1', instrument: 'NQ 1', effectiveDate: '2025-07-01' };
      await expect(sut.merge(ctx, dto)).resolves.toMatchObject({ id: 7 });
      expect(repo.update.mock.calls).toEqual([
        [5, { validTo: '2025-06-30' }],
        [6, { validTo: '2025-06-30' }],
      ]);
      expect(repo.addSuccession).toHaveBeenCalledTimes(2);
      expect(users.moveToUnit).toHaveBeenCalledWith([5, 6], 7);
      expect(repo.moveSubUnits).toHaveBeenCalledWith([5, 6], 7);
    });

    it("leaves people and sub-units where they are when asked to (the users feature is not asked)", async () => {
      const { sut, users, repo } = setup({ units: [{ id: 5, name: 'Xã A', validTo: null }, { id: 7, name: 'Xã AB', validTo: null }] });
      const dto = { predecessorIds: [5], target: 'existing' as const, successorId: 7, newCode: '', newName: '', newKind: '', moveMembers: '0', instrument: 'NQ 1', effectiveDate: '2025-07-01' };
      await expect(sut.merge(ctx, dto)).resolves.toMatchObject({ id: 7 });
      expect(users.moveToUnit).not.toHaveBeenCalled();
      expect(repo.moveSubUnits).not.toHaveBeenCalled();
    });
  });

  describe('remove', () => {
    it('never deletes a unit that something refers to', async () => {
      const { sut, audit, repo } = setup({ units: [{ id: 7, code: 'X', name: 'Xã có dữ liệu' }], references: ['3 người dùng'] });
      await expect(sut.remove(ctx, 7)).rejects.toBeInstanceOf(ConflictException);
      await expect(sut.remove(ctx, 7)).rejects.toThrow('3 người dùng');
      expect(repo.delete).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });
});

describe(findParentCycle.name, () => {
  it('finds a loop of parents within the file', () => {
    expect(
      findParentCycle([
        { line: 2, code: 'A', parentCode: 'B' },
        { line: 3, code: 'B', parentCode: 'A' },
      ]),
    ).toBe(2);
  });
  it('accepts chains that end outside the file', () => {
    expect(
      findParentCycle([
        { line: 2, code: 'A', parentCode: 'B' },
        { line: 3, code: 'B', parentCode: 'VL' },
      ]),
    ).toBeNull();
  });
});

describe('UnitsService.archiveOf', () => {
  it("gives the units whose records a unit keeps, at any depth: merged into it, or ended with their tasks given to it; not a split's, not another's", async () => {
    const { sut, repo } = setup();
    // 2 and 3 merged into 4; 4's tasks (after it ended) went to 1; 5 split into 6 and 7; 8 ended giving its tasks to 9.
    repo.successions.mockResolvedValue([
      { predecessorId: 2, successorId: 4, kind: 'merge' },
      { predecessorId: 3, successorId: 4, kind: 'merge' },
      { predecessorId: 5, successorId: 6, kind: 'split' },
      { predecessorId: 5, successorId: 7, kind: 'split' },
    ] as never);
    repo.allTaskTransfers.mockResolvedValue([
      { endedId: 4, takerId: 1 },
      { endedId: 8, takerId: 9 },
    ]);
    expect((await sut.archiveOf(1)).sort()).toEqual([2, 3, 4]);
    expect((await sut.archiveOf(4)).sort()).toEqual([2, 3]);
    expect(await sut.archiveOf(6)).toEqual([]);
    expect(await sut.archiveOf(9)).toEqual([8]);
  });
});

describe('UnitsService.all', () => {
  it('gives the units read as one UnitList (what pages build from it is kept on it)', async () => {
    const { sut } = setup({ units: [{ id: 1, name: 'UBND huyện' }] });
    expect(await sut.all()).toBeInstanceOf(UnitList);
  });

  afterEach(() => jest.useRealTimers());

  it('shares one reload among requests that arrive while it runs, then serves it from the read cache', async () => {
    const { sut, cache, repo } = setup({ units: [{ id: 1, name: 'UBND huyện' }] });
    let release: () => void = () => undefined;
    repo.all.mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve([new Unit({ id: 1, name: 'UBND huyện' })]))));
    const waiting = Promise.all([sut.all(), sut.all(), sut.all()]);
    release();
    const [a, b, c] = await waiting;
    expect(repo.all).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await sut.all()).toBe(a);
    expect(repo.all).toHaveBeenCalledTimes(1);
    // Kept as reference data, beside the results (none here).
    expect(cache.size).toBe(0);
  });

  it('shows a change made through this instance at once: the end of its unit of work drops the list', async () => {
    const { sut, repo } = setup({ units: [{ id: 1, code: 'H', name: 'Tên cũ' }] });
    expect((await sut.all())[0].name).toBe('Tên cũ');
    await sut.rename(ctx, 1, { newName: 'Tên mới', instrument: 'NQ 1', effectiveDate: '2025-07-01' });
    expect((await sut.all())[0].name).toBe('Tên mới');
    expect(repo.all).toHaveBeenCalledTimes(2);
  });

  it('drops the list after a refused change too (the transaction ended)', async () => {
    const { sut, repo } = setup({ units: [{ id: 1, code: 'H', name: 'Huyện' }], codeTaken: true });
    await sut.all();
    await expect(sut.create(ctx, { code: 'H', name: 'Trùng', kind: UnitKind.Commune })).rejects.toBeInstanceOf(FormInvalidException);
    await sut.all();
    expect(repo.all).toHaveBeenCalledTimes(2);
  });

  it("keeps the list until a change to units, whatever READ_CACHE_SECONDS is (0 too), and at most 10 minutes (an edit made directly in the database)", async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const { sut, repo, cache } = setup({ units: [{ id: 1, name: 'UBND huyện' }] }, 0);
    await sut.all();
    jest.setSystemTime(new Date('2026-01-01T00:09:00Z'));
    await sut.all();
    expect(repo.all).toHaveBeenCalledTimes(1);
    cache.changed(new Set(['initiatives']));
    await sut.all();
    expect(repo.all).toHaveBeenCalledTimes(1);
    // Another instance's change to units arrives as a change (ChangeFeed): read again at once.
    cache.changed(new Set(['units']));
    await sut.all();
    expect(repo.all).toHaveBeenCalledTimes(2);
    jest.setSystemTime(new Date('2026-01-01T00:19:01Z'));
    await sut.all();
    expect(repo.all).toHaveBeenCalledTimes(3);
  });

  it("keeps a unit's scope, the succession edges and what is built of them until a change to units", async () => {
    const { sut, repo, cache } = setup({ units: [{ id: 1, name: 'UBND huyện' }] }, 0);
    repo.scopeIds.mockResolvedValue(new Set([1, 2]));
    repo.successions.mockResolvedValue([]);
    const build = jest.fn((units: readonly Unit[], edges: readonly unknown[]) => `${units.length}:${edges.length}`);
    for (let i = 0; i < 2; i++) {
      expect(await sut.scopeIds(1)).toEqual(new Set([1, 2]));
      expect(await sut.successions()).toEqual([]);
      expect(await sut.derived('labels', build)).toBe('1:0');
    }
    expect(repo.scopeIds).toHaveBeenCalledTimes(1);
    expect(repo.successions).toHaveBeenCalledTimes(1);
    expect(build).toHaveBeenCalledTimes(1);
    cache.changed(new Set(['units']));
    await sut.scopeIds(1);
    await sut.derived('labels', build);
    expect(repo.scopeIds).toHaveBeenCalledTimes(2);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('does not keep a reload that started before a change', async () => {
    const { sut, cache, repo } = setup({ units: [{ id: 1, name: 'UBND huyện' }] });
    let release: () => void = () => undefined;
    repo.all.mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve([new Unit({ id: 1, name: 'Tên cũ' })]))));
    const stale = sut.all();
    cache.changed();
    release();
    expect((await stale)[0].name).toBe('Tên cũ');
    expect((await sut.all())[0].name).toBe('UBND huyện');
    expect(repo.all).toHaveBeenCalledTimes(2);
  });
});

describe('a unit administrator and the units below its own', () => {
  // Xã Vĩnh Hòa (3) with its office (30) under the province (1); xã Vĩnh Thái (4).
  const units = [
    { id: 1, code: 'QT', name: 'Tỉnh Quảng Trị', kind: UnitKind.Province, parentId: null },
    { id: 3, code: 'VH', name: 'UBND xã Vĩnh Hòa', kind: UnitKind.Commune, parentId: 1 },
    { id: 30, code: 'VH-VP', name: 'Văn phòng', kind: UnitKind.Agency, parentId: 3 },
    { id: 4, code: 'VT', name: 'UBND xã Vĩnh Thái', kind: UnitKind.Commune, parentId: 1 },
  ];
  const communeAdmin = () => ctxOf(person(31, [Role.UnitAdmin], 3, [3, 30]));

  it("edits the units below its own only, and places units only within its scope (403 otherwise); the system administrator anything", async () => {
    const { sut } = setup({ units });
    await expect(sut.assertMayEdit(communeAdmin(), 30, { parentId: '3' })).resolves.toBeUndefined();
    await expect(sut.assertMayEdit(communeAdmin(), 3)).rejects.toBeInstanceOf(ForbiddenException);
    await expect(sut.assertMayEdit(communeAdmin(), 4)).rejects.toBeInstanceOf(ForbiddenException);
    await expect(sut.assertMayEdit(communeAdmin(), 30, { parentId: '4' })).rejects.toBeInstanceOf(ForbiddenException);
    await expect(sut.assertMayEdit(communeAdmin(), null, { parentId: '1' })).rejects.toBeInstanceOf(ForbiddenException);
    await expect(sut.assertMayEdit(ctxOf(person(9, [Role.CouncilSecretary], 3, [3, 30])), null, { parentId: '3' })).rejects.toBeInstanceOf(ForbiddenException);
    await expect(sut.assertMayEdit(ctx, 4, { parentId: '1' })).resolves.toBeUndefined();
  });

  it('asks a unit administrator for a parent of its scope, saving nothing without one', async () => {
    const { sut, repo } = setup({ units });
    await expect(sut.create(communeAdmin(), { code: 'VH-T1', name: 'Thôn Một', kind: UnitKind.Agency })).rejects.toMatchObject({ errors: { parentId: 'Vui lòng chọn đơn vị cấp trên: đơn vị của bạn hoặc một đơn vị trực thuộc.' } });
    expect(repo.save).not.toHaveBeenCalled();
    await sut.create(communeAdmin(), { code: 'VH-T1', name: 'Thôn Một', kind: UnitKind.Agency, parentId: 30 });
    expect(repo.save).toHaveBeenCalledWith(expect.objectContaining({ code: 'VH-T1', parentId: 30 }));
  });
});
