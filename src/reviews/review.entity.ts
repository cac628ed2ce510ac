import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Assignment } from './assignment.entity';

export type ReviewStatus = 'draft' | 'submitted';

/** A score sheet of one assignment, for one scoring cycle of the initiative. */
@Entity('reviews')
export class Review extends BaseEntity {
  @Column({ type: 'integer' })
  assignmentId: number;

  @ManyToOne(() => Assignment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignmentId' })
  assignment?: Assignment;

  @Column({ type: 'integer', default: 1 })
  cycle: number;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: ReviewStatus;

  @Column({ type: 'text', default: '' })
  overallComment: string;

  @Column({ type: Date, nullable: true })
  submittedAt: Date | null;

  @OneToMany(() => ReviewScore, (s) => s.review, { cascade: true })
  scores?: ReviewScore[];

  constructor(init?: Partial<Review>) {
    super();
    Object.assign(this, init);
  }
}

/** Points and a comment for one criterion on a sheet. */
@Entity('review_scores')
export class ReviewScore {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  reviewId: number;

  @ManyToOne(() => Review, (r) => r.scores, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reviewId' })
  review?: Review;

  @Column({ type: 'integer' })
  criterionId: number;

  @Column({ type: 'double precision', nullable: true })
  points: number | null;

  @Column({ type: 'text', default: '' })
  comment: string;

  constructor(init?: Partial<ReviewScore>) {
    Object.assign(this, init);
  }
}
