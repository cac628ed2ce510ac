import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Initiative } from '../initiatives/initiative.entity';
import { CouncilMember } from '../rounds/council-member.entity';

/** A council member asked to score an initiative in a round. */
@Entity('assignments')
export class Assignment extends BaseEntity {
  @Column({ type: 'integer' })
  roundId: number;

  @Column({ type: 'integer' })
  initiativeId: number;

  @ManyToOne(() => Initiative, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'initiativeId' })
  initiative?: Initiative;

  @Column({ type: 'integer' })
  memberId: number;

  @ManyToOne(() => CouncilMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'memberId' })
  member?: CouncilMember;

  /** In conflict of interest: this member's score never counts. */
  @Column({ type: 'boolean', default: false })
  conflict: boolean;

  /** Marked by the system (the member is an author, or from the author's unit). */
  @Column({ type: 'boolean', default: false })
  conflictAuto: boolean;

  @Column({ type: 'text', default: '' })
  conflictReason: string;

  constructor(init?: Partial<Assignment>) {
    super();
    Object.assign(this, init);
  }
}
