import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, diffFields } from '../audit/audit.types';
import { FormInvalidException } from '../common/exceptions';
import { findOrFail } from '../common/find-or-fail';
import { UnitOfWork } from '../database/unit-of-work';
import { Field } from './field.entity';

@Injectable()
export class FieldsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  all(): Promise<Field[]> {
    return this.db.getRepository(Field).find({ order: { position: 'ASC', id: 'ASC' } });
  }

  async active(): Promise<Field[]> {
    return (await this.all()).filter((f) => f.active);
  }

  async create(name: string, actor: Actor): Promise<Field> {
    return this.uow.run(async (m) => {
      await this.checkFree(m, name, null);
      const max = await m.getRepository(Field).createQueryBuilder('f').select('MAX(f.position)', 'max').getRawOne<{ max: number | null }>();
      const field = await m.save(new Field({ name, position: Number(max?.max ?? 0) + 1, active: true }));
      await this.audit.record(m, actor, { action: 'field.create', entityType: 'field', entityId: field.id, summary: `Thêm lĩnh vực "${name}"` });
      return field;
    });
  }

  async update(id: number, name: string, active: boolean, actor: Actor): Promise<Field> {
    return this.uow.run(async (m) => {
      const field = await findOrFail(m, Field, { where: { id } }, 'lĩnh vực');
      await this.checkFree(m, name, id);
      const before = { ...field };
      Object.assign(field, { name, active });
      await m.save(field);
      const changes = diffFields<Field>(before, field, ['name', 'active']);
      if (changes.length) await this.audit.record(m, actor, { action: 'field.update', entityType: 'field', entityId: id, summary: `Sửa lĩnh vực "${name}"`, changes });
      return field;
    });
  }

  private async checkFree(m: EntityManager, name: string, selfId: number | null): Promise<void> {
    const same = await m.getRepository(Field).createQueryBuilder('f').where('LOWER(f.name) = LOWER(:name)', { name }).getOne();
    if (same && same.id !== selfId) throw new FormInvalidException({ name: `Đã có lĩnh vực "${same.name}".` });
  }
}
