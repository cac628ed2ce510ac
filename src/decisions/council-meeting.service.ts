import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { formatDate, todayIso } from '../common/dates';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { COUNCIL_ROLE_LABELS } from '../rounds/council-member.entity';
import { RoundsService } from '../rounds/rounds.service';
import { CouncilMeeting } from './council-meeting.entity';
import { CouncilMeetingDto } from './dto/council-meeting.dto';

/** The seats absent from a meeting, as stored ("3,7"). */
export function absentIds(meeting: Pick<CouncilMeeting, 'absentMemberIds'> | null | undefined): Set<number> {
  return new Set(
    (meeting?.absentMemberIds ?? '')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0),
  );
}

/** "14 giờ 00" for "14:00". */
export function clockText(time: string): string {
  const [h, m] = time.split(':');
  return h && m ? `${h} giờ ${m}` : '';
}

/**
 * The council's meeting of a round, as its secretary records it for the minutes: the
 * minutes' number, the meeting's date, time and place, the members present.
 */
@Injectable()
export class CouncilMeetingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly rounds: RoundsService,
    private readonly audit: AuditService,
  ) {}

  private get repo() {
    return this.uow.repository(CouncilMeeting);
  }

  /** The meeting recorded for a round, or null. */
  of(roundId: number): Promise<CouncilMeeting | null> {
    return this.repo.findOne({ where: { roundId } });
  }

  /** The page "Thông tin cuộc họp": the round, its seats to tick, what is recorded (or the refused form's values). */
  async page(roundId: number) {
    const [round, members, meeting] = await Promise.all([this.rounds.findOne(roundId), this.rounds.members(roundId), this.of(roundId)]);
    const absent = absentIds(meeting);
    return {
      title: `Thông tin cuộc họp hội đồng: ${round.name}`,
      round: { id: round.id, name: round.name },
      recorded: Boolean(meeting),
      memberOptions: members.map((m) => ({ value: String(m.id), label: `${m.user?.fullName ?? ''} (${COUNCIL_ROLE_LABELS[m.role]})` })),
      noCouncil: members.length === 0,
      form: {
        values: {
          number: meeting?.number ?? '',
          date: meeting?.date ?? '',
          startTime: meeting?.startTime ?? '',
          place: meeting?.place ?? '',
          present: members.filter((m) => !absent.has(m.id)).map((m) => String(m.id)),
        },
        errors: {},
      },
      links: { minutes: `/rounds/${round.id}/minutes`, back: `/rounds/${round.id}` },
    };
  }

  /** Records (or corrects) the meeting of a round; refused whole, with a message per field, when anything is wrong. */
  async save(ctx: RequestContext, roundId: number, dto: CouncilMeetingDto): Promise<CouncilMeeting> {
    return this.uow.run(async () => {
      const round = await this.rounds.findOne(roundId);
      const members = await this.rounds.members(roundId);
      const errors: FieldErrors = {};
      if (members.length === 0) errors.present = 'Đợt xét chưa có hội đồng: hãy lập hội đồng trước khi ghi thông tin cuộc họp.';
      if (dto.date > todayIso()) errors.date = 'Ngày họp không được sau ngày hôm nay.';
      const seats = new Set(members.map((m) => m.id));
      const present = new Set(dto.present.map(Number).filter((id) => seats.has(id)));
      if (dto.present.some((id) => !seats.has(Number(id)))) errors.present ??= 'Danh sách thành viên có mặt không khớp với hội đồng của đợt xét: vui lòng tải lại trang.';
      if (members.length && present.size === 0) errors.present ??= 'Vui lòng chọn các thành viên có mặt tại cuộc họp.';
      if (Object.keys(errors).length) throw new FormInvalidException(errors);
      const existing = await this.of(roundId);
      const row = existing ?? new CouncilMeeting({ roundId });
      Object.assign(row, {
        number: dto.number,
        date: dto.date,
        startTime: dto.startTime,
        place: dto.place,
        absentMemberIds: members
          .filter((m) => !present.has(m.id))
          .map((m) => m.id)
          .join(','),
        recordedById: ctx.user.id,
      });
      const saved = await this.repo.save(row);
      await this.audit.log(ctx, {
        action: 'round.council',
        entityType: 'round',
        entityId: round.id,
        summary: `${existing ? 'Sửa' : 'Ghi'} thông tin cuộc họp hội đồng của "${round.name}": biên bản số ${dto.number}, ${clockText(dto.startTime)} ngày ${formatDate(dto.date)}, ${dto.place}; có mặt ${present.size}/${members.length} thành viên`,
      });
      this.uow.changes('rounds');
      return saved;
    });
  }
}
