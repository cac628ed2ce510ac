import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One file of the open-data bundle as last built (kept in the database, so that every
 * instance serves the same bundle): "sang-kien.csv", "sang-kien.json"…
 */
@Entity('open_data_files')
export class OpenDataFile {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'text' })
  content: string;

  /** Rows of data (without the header). */
  @Column({ type: 'integer' })
  rows: number;

  @Column({ type: Date })
  generatedAt: Date;

  constructor(init?: Partial<OpenDataFile>) {
    if (init) Object.assign(this, init);
  }
}
