import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

/**
 * A legal document a council's decisions cite ("Căn cứ …"): a law, decree, circular or the
 * province's own regulation, with the dates it is in force. Kept by the system administrator;
 * never deleted (rounds of earlier years cite it), ended by its last day in force.
 */
@Entity('legal_bases')
export class LegalBasis extends BaseEntity {
  /** Luật, Nghị định, Thông tư, Quyết định, Nghị quyết … */
  @Column({ type: 'varchar', length: 50 })
  docType: string;

  /** 13/2012/NĐ-CP */
  @Column({ type: 'varchar', length: 100 })
  number: string;

  @Column({ type: 'date' })
  issuedOn: string;

  /** Chính phủ, Bộ Khoa học và Công nghệ, Quốc hội, UBND tỉnh … (a law names none). */
  @Column({ type: 'varchar', length: 255, default: '' })
  issuer: string;

  /** What it is about, as cited after the issuer ("ban hành Điều lệ Sáng kiến"); a law's name ("Thi đua, khen thưởng"). */
  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'date', nullable: true })
  validFrom: string | null;

  /** Its last day in force, when replaced or repealed. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  /** Ticked for a new round (the documents on initiatives every round cites). */
  @Column({ type: 'boolean', default: false })
  byDefault: boolean;

  /** Ticked for a new round of effect and scope of influence (the law on emulation and commendation). */
  @Column({ type: 'boolean', default: false })
  byDefaultEffect: boolean;

  /** Order in which the "Căn cứ" lines print (higher documents first). */
  @Column({ type: 'integer', default: 0 })
  position: number;

  constructor(init?: Partial<LegalBasis>) {
    super();
    Object.assign(this, init);
  }
}

/** A legal basis a round cites: its decisions print it among their "Căn cứ" lines. */
@Entity('round_legal_bases')
@Index('IDX_round_legal_bases_unique', ['roundId', 'legalBasisId'], { unique: true })
export class RoundLegalBasis extends BaseEntity {
  @Column({ type: 'integer' })
  roundId: number;

  @Column({ type: 'integer' })
  legalBasisId: number;

  @ManyToOne(() => LegalBasis, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'legalBasisId' })
  legalBasis?: LegalBasis;

  constructor(init?: Partial<RoundLegalBasis>) {
    super();
    Object.assign(this, init);
  }
}
