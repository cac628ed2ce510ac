import { Injectable } from '@nestjs/common';
import { UnitOfWork } from './unit-of-work';

/**
 * The installation's identity: the one row of `installation`, made with the database by its
 * migration and carried by its backups and by db:copy. What it is for: an upload folder is
 * marked with it (see AttachmentsService), so that an application on another database never
 * takes the folder's files for its own leftovers.
 */
@Injectable()
export class Installation {
  private known: string | null = null;

  constructor(private readonly uow: UnitOfWork) {}

  /** The id; it never changes once the database exists, so it is read once. */
  async id(): Promise<string> {
    if (this.known) return this.known;
    const [row] = (await this.uow.manager.query(`SELECT "id" FROM "installation" WHERE "one" = 1`)) as { id: string }[];
    if (!row) throw new Error('the database has no installation id');
    this.known = row.id;
    return row.id;
  }
}
