import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { OpenDataFile } from './open-data-file.entity';

/** Every query on `open_data_files`. */
@Injectable()
export class OpenDataRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get files() {
    return this.uow.repository(OpenDataFile);
  }

  /** Replaces the whole bundle (inside the caller's transaction: readers see the old one or the new one). */
  async replaceAll(files: OpenDataFile[]): Promise<void> {
    await this.files.clear();
    await this.files.save(files);
  }

  one(name: string): Promise<OpenDataFile | null> {
    return this.files.findOne({ where: { name } });
  }

  /** The files without their content. */
  list(): Promise<OpenDataFile[]> {
    return this.files.find({ select: { name: true, rows: true, generatedAt: true }, order: { name: 'ASC' } });
  }
}
