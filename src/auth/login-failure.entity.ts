import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A failed sign-in, kept for throttling (per username and per address). */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column() // datetime on SQLite, timestamp on PostgreSQL
  at: Date;
}
