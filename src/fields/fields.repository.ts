import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { Field } from './field.entity';
import { EntityNotFound } from '../common/exceptions';

/** Every query on `fields`, inside the current unit of work when there is one. */
@Injectable()
export class FieldsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get fields() {
    return this.uow.repository(Field);
  }

  all(): Promise<Field[]> {
    return this.fields.find({ order: { position: 'ASC', id: 'ASC' } });
  }

  async findOrFail(id: number): Promise<Field> {
    const field = await this.fields.findOne({ where: { id } });
    if (!field) throw new EntityNotFound('field', id);
    return field;
  }

  find(id: number): Promise<Field | null> {
    return this.fields.findOne({ where: { id } });
  }

  /** A field of this name in any case, if there is one. */
  byName(name: string): Promise<Field | null> {
    return this.fields.createQueryBuilder('f').where('LOWER(f.name) = LOWER(:name)', { name }).getOne();
  }

  async lastPosition(): Promise<number> {
    const row = await this.fields.createQueryBuilder('f').select('MAX(f.position)', 'max').getRawOne<{ max: number | null }>();
    return Number(row?.max ?? 0);
  }

  save(field: Field): Promise<Field> {
    return this.fields.save(field);
  }
}
