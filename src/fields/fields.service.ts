import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { diffFields } from '../audit/audit.types';
import { FormInvalidException } from '../common/exceptions';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { Field } from './field.entity';
import { FieldsRepository } from './fields.repository';
import { RequestContext } from '../common/request-context';

@Injectable()
export class FieldsService {
  constructor(
    private readonly repo: FieldsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly cache: ReadCache,
  ) {}

  /** Every field, in order: reference data, kept until the fields change (shared: not to be changed). */
  all(): Promise<Field[]> {
    return this.cache.reference('fields.all', () => this.repo.all(), ['fields']);
  }

  async active(): Promise<Field[]> {
    return (await this.all()).filter((f) => f.active);
  }

  /** The field, or null. */
  find(id: number): Promise<Field | null> {
    return this.repo.find(id);
  }

  async create(ctx: RequestContext, name: string): Promise<Field> {
    return this.uow.run(async () => {
      this.uow.changes('fields');
      await this.checkFree(name, null);
      const field = await this.repo.save(new Field({ name, position: (await this.repo.lastPosition()) + 1, active: true }));
      await this.audit.log(ctx, { action: 'field.create', entityType: 'field', entityId: field.id, summary: `Thêm lĩnh vực "${name}"` });
      return field;
    });
  }

  async update(ctx: RequestContext, id: number, name: string, active: boolean): Promise<Field> {
    return this.uow.run(async () => {
      this.uow.changes('fields');
      const field = await this.repo.findOrFail(id);
      await this.checkFree(name, id);
      const before = { ...field };
      Object.assign(field, { name, active });
      await this.repo.save(field);
      const changes = diffFields<Field>(before, field, ['name', 'active']);
      if (changes.length) await this.audit.log(ctx, { action: 'field.update', entityType: 'field', entityId: id, summary: `Sửa lĩnh vực "${name}"`, changes });
      return field;
    });
  }

  private async checkFree(name: string, selfId: number | null): Promise<void> {
    const same = await this.repo.byName(name);
    if (same && same.id !== selfId) throw new FormInvalidException({ name: `Đã có lĩnh vực "${same.name}".` });
  }
}
