import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

/** One version of a unit's authority profile, in force from `validFrom` until the next version. */
@Entity('authority_profiles')
@Index('IDX_authority_profiles_unit_from', ['unitId', 'validFrom'], { unique: true })
export class AuthorityProfile extends BaseEntity {
  @Column({ type: 'integer' })
  unitId: number;

  /** yyyy-mm-dd */
  @Column({ type: 'date' })
  validFrom: string;

  /** Heading lines, one per line. */
  @Column({ type: 'text' })
  headingLines: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  place: string;

  @Column({ type: 'varchar', length: 50, default: '' })
  symbol: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  headTitle: string;

  /** Who carries out its decisions, one per line. */
  @Column({ type: 'text', default: '' })
  recipients: string;

  constructor(init?: Partial<AuthorityProfile>) {
    super();
    Object.assign(this, init);
  }
}
