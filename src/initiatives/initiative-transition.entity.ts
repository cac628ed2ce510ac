import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { InitiativeStatus } from './initiative-status';

/** One step of the status timeline: who, when, from what to what, and why. */
@Entity('initiative_transitions')
export class InitiativeTransition {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  initiativeId: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus: InitiativeStatus | null;

  @Column({ type: 'varchar', length: 20 })
  toStatus: InitiativeStatus;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  actorName: string;

  @Column({ type: 'text', default: '' })
  note: string;

  @CreateDateColumn()
  at: Date;

  constructor(init?: Partial<InitiativeTransition>) {
    Object.assign(this, init);
  }
}
