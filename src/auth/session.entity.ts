import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Server-side sessions (express-session store rows). */
@Entity('sessions')
export class SessionRecord {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'text' })
  data: string;

  @Column() // datetime on SQLite, timestamp on PostgreSQL
  expiresAt: Date;
}
