import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface RevisionChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** A saved version after the first submission, with what changed since the one before. */
@Entity('initiative_revisions')
export class InitiativeRevision {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  initiativeId: number;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  actorName: string;

  @Column({ type: 'simple-json' })
  snapshot: Record<string, string>;

  @Column({ type: 'simple-json', nullable: true })
  changes: RevisionChange[] | null;

  @CreateDateColumn()
  at: Date;

  constructor(init?: Partial<InitiativeRevision>) {
    Object.assign(this, init);
  }
}
