import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Unit } from '../units/unit.entity';
import { Role } from './roles';

@Entity('users')
export class User extends BaseEntity {
  @Index('IDX_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  fullName: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  position: string;

  /** Where notices are also e-mailed when SMTP is set up ('' : in-app only). */
  @Column({ type: 'varchar', length: 255, default: '' })
  email: string;

  /** Notices by e-mail once a day, in one message (NotificationDigest), instead of one e-mail per notice. */
  @Column({ type: 'boolean', default: false })
  emailDigest: boolean;

  /** When this person's last daily message was claimed (by one instance). */
  @Column({ type: Date, nullable: true })
  lastDigestAt: Date | null;

  @Column({ type: 'integer' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId' })
  unit?: Unit;

  @Column({ type: 'simple-array', default: '' })
  roles: Role[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** scrypt$N$r$p$salt$hash; never leaves the server, never written to the audit. */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** Set after an administrator resets the password: the user chooses a new one. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ type: 'varchar', length: 600, default: '' })
  searchText: string;

  constructor(init?: Partial<User>) {
    super();
    Object.assign(this, init);
  }
}
