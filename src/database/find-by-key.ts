import { FindOptionsRelations, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';

/**
 * The row found by a key (its id, or columns that are unique together) with its relations,
 * in one query; null when there is none. `findOne` would add a LIMIT 1, and TypeORM answers
 * a LIMIT over joined relations with two queries: first the ids (a SELECT DISTINCT over
 * every join), then the rows, each statement built and run in full. For a row its key
 * already makes the only one, that is twice the work for nothing (the initiative page
 * loaded its initiative that way: a quarter of its time).
 */
export async function findByKey<T extends ObjectLiteral>(repo: Repository<T>, where: FindOptionsWhere<T>, relations: FindOptionsRelations<T>): Promise<T | null> {
  const [row] = await repo.find({ where, relations });
  return row ?? null;
}
