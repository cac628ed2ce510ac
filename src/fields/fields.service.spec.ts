import { AuditService } from '../audit/audit.service';
import { EntityNotFound, FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { Field } from './field.entity';
import { FieldsRepository } from './fields.repository';
import { FieldsService } from './fields.service';
import { adminCtx } from '../../test/utils/context';
import { newTestService } from '../../test/utils/mocks';

const ctx = adminCtx();

/** The service over a repository holding these fields (found by id and, case-insensitively, by name). */
function setup(fields: Field[] = []) {
  const t = newTestService(FieldsService);
  const repo = t.mock(FieldsRepository);
  const copy = (f: Field) => new Field({ ...f });
  repo.all.mockImplementation(async () => fields.map(copy));
  repo.find.mockImplementation(async (id) => fields.find((f) => f.id === id) ?? null);
  repo.findOrFail.mockImplementation(async (id) => {
    const found = fields.find((f) => f.id === id);
    if (!found) throw new EntityNotFound('field', id);
    return copy(found);
  });
  repo.byName.mockImplementation(async (name) => fields.find((f) => f.name.toLowerCase() === name.toLowerCase()) ?? null);
  repo.lastPosition.mockImplementation(async () => Math.max(0, ...fields.map((f) => f.position)));
  repo.save.mockImplementation(async (f) => (f.id ? f : Object.assign(f, { id: 100 })));
  return { ...t, repo, audit: t.mock(AuditService), uow: t.mock(UnitOfWork) };
}

const legal = new Field({ id: 1, name: 'Thể chế', position: 1, active: true });
const procedures = new Field({ id: 2, name: 'Thủ tục hành chính', position: 2, active: false });

describe(FieldsService.name, () => {
  describe('reads', () => {
    it('lists every field, and only those in use as active', async () => {
      const { sut } = setup([legal, procedures]);
      expect((await sut.all()).map((f) => f.id)).toEqual([1, 2]);
      expect((await sut.active()).map((f) => f.id)).toEqual([1]);
    });

    it('finds a field by id, or null', async () => {
      const { sut } = setup([legal]);
      expect(await sut.find(1)).toMatchObject({ id: 1, name: 'Thể chế' });
      expect(await sut.find(9)).toBeNull();
    });
  });

  describe('create', () => {
    it('adds an active field after the last one and audits it with its new id, in one unit of work', async () => {
      const { sut, repo, audit, uow } = setup([legal, procedures]);
      const inTransaction: boolean[] = [];
      repo.save.mockImplementation(async (f) => (inTransaction.push(uow.active), Object.assign(f, { id: 100 })));
      audit.log.mockImplementation(async () => void inTransaction.push(uow.active));
      const field = await sut.create(ctx, 'Tổ chức bộ máy');
      expect(inTransaction).toEqual([true, true]);
      expect(field).toMatchObject({ id: 100, name: 'Tổ chức bộ máy', position: 3, active: true });
      expect(repo.save).toHaveBeenCalledTimes(1);
      expect(uow.run).toHaveBeenCalledTimes(1);
      expect(audit.log).toHaveBeenCalledWith(ctx, { action: 'field.create', entityType: 'field', entityId: 100, summary: 'Thêm lĩnh vực "Tổ chức bộ máy"' });
    });

    it('puts the first field at position 1', async () => {
      const { sut } = setup([]);
      expect((await sut.create(ctx, 'Thể chế')).position).toBe(1);
    });

    it('refuses a name another field has (in any case), naming that field, and writes nothing', async () => {
      const { sut, repo, audit } = setup([legal]);
      const refusal = sut.create(ctx, 'THỂ CHẾ');
      await expect(refusal).rejects.toBeInstanceOf(FormInvalidException);
      await expect(refusal).rejects.toMatchObject({ errors: { name: 'Đã có lĩnh vực "Thể chế".' } });
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });

  describe('update', () => {
    it('renames a field and audits the name changed (the unchanged state is not listed)', async () => {
      const { sut, repo, audit } = setup([legal]);
      const field = await sut.update(ctx, 1, 'Thể chế, chính sách', true);
      expect(field).toMatchObject({ id: 1, name: 'Thể chế, chính sách', active: true });
      expect(repo.save).toHaveBeenCalledWith(expect.objectContaining({ id: 1, name: 'Thể chế, chính sách', active: true }));
      expect(audit.log).toHaveBeenCalledTimes(1);
      expect(audit.log).toHaveBeenCalledWith(ctx, {
        action: 'field.update',
        entityType: 'field',
        entityId: 1,
        summary: 'Sửa lĩnh vực "Thể chế, chính sách"',
        changes: [{ field: 'name', before: 'Thể chế', after: 'Thể chế, chính sách' }],
      });
    });

    it('takes a field out of use, recording only that change', async () => {
      const { sut, audit } = setup([legal]);
      await sut.update(ctx, 1, 'Thể chế', false);
      expect(audit.log).toHaveBeenCalledWith(ctx, expect.objectContaining({ changes: [{ field: 'active', before: true, after: false }] }));
    });

    it('lets a field keep its own name in another case', async () => {
      const { sut, repo } = setup([legal]);
      await expect(sut.update(ctx, 1, 'THỂ CHẾ', true)).resolves.toMatchObject({ name: 'THỂ CHẾ' });
      expect(repo.save).toHaveBeenCalledTimes(1);
    });

    it('audits nothing when nothing changed', async () => {
      const { sut, audit } = setup([legal]);
      await sut.update(ctx, 1, 'Thể chế', true);
      expect(audit.log).not.toHaveBeenCalled();
    });

    it("refuses another field's name and writes nothing", async () => {
      const { sut, repo, audit } = setup([legal, procedures]);
      await expect(sut.update(ctx, 2, 'thể chế', false)).rejects.toMatchObject({ errors: { name: 'Đã có lĩnh vực "Thể chế".' } });
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });

    it('passes on EntityNotFound for an unknown field and writes nothing', async () => {
      const { sut, repo, audit } = setup([legal]);
      const refusal = sut.update(ctx, 9, 'Mới', true);
      await expect(refusal).rejects.toBeInstanceOf(EntityNotFound);
      await expect(refusal).rejects.toMatchObject({ entity: 'field', id: 9 });
      expect(repo.byName).not.toHaveBeenCalled();
      expect(repo.save).not.toHaveBeenCalled();
      expect(audit.log).not.toHaveBeenCalled();
    });
  });
});
