import { NotFoundException } from '@nestjs/common';
import { EntityTarget, FindOneOptions, ObjectLiteral, EntityManager, DataSource } from 'typeorm';

/** Loads one row or answers 404 with a Vietnamese message. */
export async function findOrFail<T extends ObjectLiteral>(
  db: DataSource | EntityManager,
  entity: EntityTarget<T>,
  options: FindOneOptions<T>,
  what = 'bản ghi',
): Promise<T> {
  const row = await db.getRepository(entity).findOne(options);
  if (!row) throw new NotFoundException(`Không tìm thấy ${what}.`);
  return row;
}
