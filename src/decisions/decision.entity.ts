import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { RecognitionLevel } from '../initiatives/initiative-status';

export type Outcome = 'recognized' | 'not_recognized';

/** The council's decision on an initiative (quyết định công nhận / không công nhận). */
@Entity('decisions')
export class Decision extends BaseEntity {
  @Column({ type: 'integer' })
  initiativeId: number;

  @Column({ type: 'integer', nullable: true })
  roundId: number | null;

  @Column({ type: 'varchar', length: 20 })
  outcome: Outcome;

  @Column({ type: 'varchar', length: 20, nullable: true })
  level: RecognitionLevel | null;

  @Column({ type: 'integer' })
  votesFor: number;

  @Column({ type: 'integer' })
  votesAgainst: number;

  @Column({ type: 'integer' })
  votesAbstain: number;

  /** Members of the council when it decided (the vote rule counts them all). */
  @Column({ type: 'integer' })
  councilSize: number;

  @Column({ type: 'double precision', nullable: true })
  meanTotal: number | null;

  /** Number of the decision, e.g. "1234/QĐ-UBND". */
  @Column({ type: 'varchar', length: 100 })
  number: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'text', default: '' })
  reasons: string;

  @Column({ type: 'integer' })
  decidedById: number;

  /** Place name of the date line ("Vĩnh Linh, ngày 20 tháng 12 năm 2022"). */
  @Column({ type: 'varchar', length: 255, default: '' })
  place: string;

  /** Title of the signer, e.g. "CHỦ TỊCH" or "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH". */
  @Column({ type: 'varchar', length: 255, default: '' })
  signerTitle: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  signerName: string;

  /** The unit whose authority issued the decision: the round's organiser, or the one a paper record names. */
  @Column({ type: 'integer', nullable: true })
  authorityUnitId: number | null;

  /** What its documents print, as it was when the decision was recorded (JSON, see decision-snapshot.ts). */
  @Column({ type: 'text', nullable: true })
  snapshot: string | null;

  /** Typed by an admin from the paper files of an earlier year (totals typed, no member votes). */
  @Column({ type: 'boolean', default: false })
  paperRecord: boolean;

  constructor(init?: Partial<Decision>) {
    super();
    Object.assign(this, init);
  }
}
