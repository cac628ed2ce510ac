import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** Council-internal discussion of an initiative; never shown to authors or the public. */
@Entity('council_notes')
export class CouncilNote {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  initiativeId: number;

  @Column({ type: 'integer' })
  authorId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authorId' })
  author?: User;

  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn()
  createdAt: Date;

  constructor(init?: Partial<CouncilNote>) {
    Object.assign(this, init);
  }
}
