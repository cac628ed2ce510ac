import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

/**
 * The council's meeting of a round, as its secretary records it for the minutes: the
 * minutes' own number, the meeting's date, time and place, and who was absent (every other
 * seat was present). One per round.
 */
@Entity('council_meetings')
@Index('IDX_council_meetings_round', ['roundId'], { unique: true })
export class CouncilMeeting extends BaseEntity {
  @Column({ type: 'integer' })
  roundId: number;

  /** Number of the minutes, e.g. "01/BB-HĐSK". */
  @Column({ type: 'varchar', length: 100 })
  number: string;

  @Column({ type: 'date' })
  date: string;

  /** "14:00" (24-hour clock). */
  @Column({ type: 'varchar', length: 5 })
  startTime: string;

  /** Where the meeting sat: "Phòng họp số 1, UBND tỉnh Quảng Trị". */
  @Column({ type: 'varchar', length: 255 })
  place: string;

  /** Council seats (council_members.id) absent from the meeting, comma-separated. */
  @Column({ type: 'text', default: '' })
  absentMemberIds: string;

  @Column({ type: 'integer' })
  recordedById: number;

  constructor(init?: Partial<CouncilMeeting>) {
    super();
    Object.assign(this, init);
  }
}
