import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Who did what to which record, when, with the changed values. Append-only. */
@Entity('audit_events')
export class AuditEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @CreateDateColumn()
  at: Date;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  /** Kept as text so the event still reads well if the user is renamed. */
  @Column({ type: 'varchar', length: 255, default: '' })
  actorName: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  summary: string;

  @Column({ type: 'simple-json', nullable: true })
  changes: FieldChange[] | null;

  @Column({ type: 'varchar', length: 64, default: '' })
  ip: string;

  constructor(init?: Partial<AuditEvent>) {
    Object.assign(this, init);
  }
}
