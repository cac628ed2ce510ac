import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { Initiative } from './initiative.entity';

/** An author or co-author, as written in the request (optionally a user of the system). */
@Entity('initiative_authors')
export class InitiativeAuthor {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  initiativeId: number;

  @ManyToOne('Initiative', 'authors', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'initiativeId' })
  initiative?: Initiative;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 255 })
  fullName: string;

  /** Personal data: never shown publicly. */
  @Column({ type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  workplace: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  jobTitle: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  qualification: string;

  /** Contribution, in percent. */
  @Column({ type: 'double precision', default: 0 })
  share: number;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'userId' })
  user?: User | null;

  constructor(init?: Partial<InitiativeAuthor>) {
    Object.assign(this, init);
  }
}
