import { ConflictException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { UnitKind } from './unit-kinds';
import { Unit } from './unit.entity';
import { findParentCycle, UnitsService } from './units.service';

const actor = { id: 1, name: 'Quản trị (admin)', ip: '127.0.0.1' };

function fakeManager(options: { codeTaken?: number; units?: Partial<Unit>[]; references?: number } = {}) {
  const qb = { where: jest.fn().mockReturnThis() };
  const units = (options.units ?? []).map((u) => new Unit(u));
  const findOne = async (opts: { where: { id: number } }) => units.find((u) => u.id === opts.where.id) ?? null;
  return {
    getRepository: jest.fn(() => ({
      findOne,
      createQueryBuilder: () => ({ ...qb, getCount: jest.fn().mockResolvedValue(options.references ?? options.codeTaken ?? 0) }),
    })),
    findOne: jest.fn(async (_e: unknown, opts: { where: { id: number } }) => findOne(opts)),
    find: jest.fn(async () => units),
    save: jest.fn(async (x: unknown) => x),
    update: jest.fn(),
    delete: jest.fn(),
    query: jest.fn(),
  };
}

function setup(manager: ReturnType<typeof fakeManager>, entityMetadatas: unknown[] = []) {
  const uow = { run: jest.fn((work: (m: EntityManager) => unknown) => work(manager as unknown as EntityManager)) } as unknown as UnitOfWork;
  const audit = { record: jest.fn() } as unknown as AuditService;
  const db = { entityMetadatas, driver: { escapeQueryWithParameters: (q: string, p: unknown) => [q, p] } } as unknown as DataSource;
  return { sut: new UnitsService(db, uow, audit), audit };
}

describe(UnitsService.name, () => {
  describe('create', () => {
    it('refuses a code already used and saves nothing', async () => {
      const m = fakeManager({ codeTaken: 1 });
      const { sut, audit } = setup(m);
      await expect(sut.create({ code: 'VL-VH', name: 'Trùng', kind: UnitKind.Commune }, actor)).rejects.toBeInstanceOf(FormInvalidException);
      expect(m.save).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('saves with folded search text and audits', async () => {
      const m = fakeManager();
      const { sut, audit } = setup(m);
      const unit = await sut.create({ code: 'VL-VH', name: 'UBND xã Vĩnh Hòa', kind: UnitKind.Commune }, actor);
      expect(unit.searchText).toBe('vl-vh ubnd xa vinh hoa');
      expect(audit.record).toHaveBeenCalledWith(m, actor, expect.objectContaining({ action: 'unit.create' }));
    });
  });

  describe('merge', () => {
    it('refuses to merge a unit into itself and changes nothing', async () => {
      const m = fakeManager({ units: [{ id: 5, name: 'Xã A', validTo: null }] });
      const { sut } = setup(m);
      const dto = { predecessorIds: [5], target: 'existing' as const, successorId: 5, newCode: '', newName: '', newKind: '', moveMembers: '', instrument: 'NQ 1', effectiveDate: '2025-07-01' };
      await expect(sut.merge(dto, actor)).rejects.toMatchObject({ errors: { successorId: expect.stringContaining('không được nằm trong danh sách') } });
      expect(m.update).not.toHaveBeenCalled();
      expect(m.save).not.toHaveBeenCalled();
    });
  });

  describe('remove', () => {
    it('never deletes a unit that something refers to', async () => {
      const m = fakeManager({ units: [{ id: 7, code: 'X', name: 'Xã có dữ liệu' }], references: 3 });
      const meta = { tableName: 'users', target: class {}, manyToOneRelations: [{ inverseEntityMetadata: { target: Unit }, joinColumns: [{ databaseName: 'unitId' }] }] };
      const { sut, audit } = setup(m, [meta]);
      await expect(sut.remove(7, actor)).rejects.toBeInstanceOf(ConflictException);
      await expect(sut.remove(7, actor)).rejects.toThrow('3 người dùng');
      expect(m.delete).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
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
