import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Initiative } from '../initiatives/initiative.entity';

/**
 * The secretary's finding that an initiative repeats one already filed ("trùng với SK-…"):
 * the initiative leaves its round's scoring, and both initiatives' pages show the link. One
 * per initiative while it stands; undoing it deletes the row (the audit and the
 * initiative's history keep both steps).
 */
@Entity('duplicate_marks')
@Index('IDX_duplicate_marks_initiative', ['initiativeId'], { unique: true })
@Index('IDX_duplicate_marks_original', ['originalId'])
export class DuplicateMark extends BaseEntity {
  @Column({ type: 'integer' })
  initiativeId: number;

  @ManyToOne(() => Initiative, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'initiativeId' })
  initiative?: Initiative;

  /** The initiative already filed that this one repeats. */
  @Column({ type: 'integer' })
  originalId: number;

  @ManyToOne(() => Initiative, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'originalId' })
  original?: Initiative;

  /** What the two have in common, in the secretary's words. */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'integer', nullable: true })
  markedById: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  markedByName: string;

  constructor(init?: Partial<DuplicateMark>) {
    super();
    Object.assign(this, init);
  }
}
