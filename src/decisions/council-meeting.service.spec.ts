import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { EntityNotFound } from '../common/exceptions';
import { ChangeSet } from '../database/data-changes';
import { UnitOfWork } from '../database/unit-of-work';
import { CouncilMember, CouncilRole } from '../rounds/council-member.entity';
import { Round } from '../rounds/round.entity';
import { RoundsService } from '../rounds/rounds.service';
import { Role } from '../users/roles';
import { User } from '../users/user.entity';
import { CouncilMeeting } from './council-meeting.entity';
import { CouncilMeetingService } from './council-meeting.service';
import { CouncilMeetingDto } from './dto/council-meeting.dto';
import { ctxOf, person } from '../../test/utils/context';
import { automock, fakeUnitOfWork, newTestService, provide } from '../../test/utils/mocks';
import { refusal } from '../../test/utils/refusal';

const ROUND = 4;
const seat = (id: number, role: CouncilRole) => new CouncilMember({ id, roundId: ROUND, userId: 100 + id, role, user: new User({ id: 100 + id, fullName: `Thành viên ${id}` }) });
/** The council of the round: a chair, a secretary and two members. */
const council4 = () => [seat(11, 'chair'), seat(12, 'secretary'), seat(13, 'member'), seat(14, 'member')];

const secretary = ctxOf(person(500, [Role.CouncilSecretary]));

/** The service with the round's council and its recorded meeting (if any) behind the unit of work's repository. */
function setup(o: { seats?: CouncilMember[]; meeting?: CouncilMeeting | null } = {}) {
  const meetings = automock<Repository<CouncilMeeting>>(Repository);
  meetings.findOne.mockResolvedValue(o.meeting ?? null);
  // The service saves one entity (save's overloads type only the last: entity, options).
  meetings.save.mockImplementation(async (m: unknown) => m as CouncilMeeting);
  const uow = fakeUnitOfWork();
  uow.repository.mockReturnValue(meetings);
  const ended: ChangeSet[] = [];
  uow.onTransactionEnd((changed) => ended.push(changed));
  const { sut, mock } = newTestService(CouncilMeetingService, [provide(UnitOfWork, uow)]);
  const rounds = mock(RoundsService);
  rounds.findOne.mockResolvedValue(new Round({ id: ROUND, name: 'Đợt xét sáng kiến năm 2022' }));
  rounds.members.mockResolvedValue(o.seats ?? council4());
  return { sut, meetings, uow, ended, rounds, audit: mock(AuditService) };
}

type Setup = ReturnType<typeof setup>;

const dto = (fields: Partial<CouncilMeetingDto> = {}): CouncilMeetingDto =>
  Object.assign(new CouncilMeetingDto(), { number: '02/BB-HĐSK', date: '2022-12-18', startTime: '08:30', place: 'Phòng họp số 2', present: ['11', '12', '14'], ...fields });

const recorded = () => new CouncilMeeting({ id: 7, roundId: ROUND, number: '01/BB-HĐSK', date: '2022-12-15', startTime: '14:00', place: 'Hội trường', absentMemberIds: '12,14', recordedById: 1 });

/** Nothing was written: no meeting saved, no audit entry. */
function expectNothingWritten(s: Setup) {
  expect(s.meetings.save).not.toHaveBeenCalled();
  expect(s.audit.log).not.toHaveBeenCalled();
}

describe(CouncilMeetingService.name, () => {
  describe('the page "Thông tin cuộc họp"', () => {
    it('offers every seat of the council, named with its role, ticked present until a meeting is recorded', async () => {
      const { sut, meetings } = setup();
      const page = await sut.page(ROUND);
      expect(meetings.findOne).toHaveBeenCalledWith({ where: { roundId: ROUND } });
      expect(page).toEqual({
        title: 'Thông tin cuộc họp hội đồng: Đợt xét sáng kiến năm 2022',
        round: { id: ROUND, name: 'Đợt xét sáng kiến năm 2022' },
        recorded: false,
        memberOptions: [
          { value: '11', label: 'Thành viên 11 (Chủ tịch hội đồng)' },
          { value: '12', label: 'Thành viên 12 (Thư ký hội đồng)' },
          { value: '13', label: 'Thành viên 13 (Thành viên)' },
          { value: '14', label: 'Thành viên 14 (Thành viên)' },
        ],
        noCouncil: false,
        form: { values: { number: '', date: '', startTime: '', place: '', present: ['11', '12', '13', '14'] }, errors: {} },
        links: { minutes: `/rounds/${ROUND}/minutes`, back: `/rounds/${ROUND}` },
      });
    });

    it('shows the meeting recorded, its absent seats not ticked', async () => {
      const { sut } = setup({ meeting: recorded() });
      const page = await sut.page(ROUND);
      expect(page.recorded).toBe(true);
      expect(page.form.values).toEqual({ number: '01/BB-HĐSK', date: '2022-12-15', startTime: '14:00', place: 'Hội trường', present: ['11', '13'] });
    });

    it('says when the round has no council yet, with no seat to tick', async () => {
      const { sut } = setup({ seats: [] });
      const page = await sut.page(ROUND);
      expect(page.noCouncil).toBe(true);
      expect(page.memberOptions).toEqual([]);
      expect(page.form.values.present).toEqual([]);
    });
  });

  describe('recording the meeting', () => {
    it('records the meeting with every seat not ticked as absent and who recorded it, audited as "Ghi" with the seats present counted', async () => {
      const s = setup();
      const saved = await s.sut.save(secretary, ROUND, dto());
      expect(s.uow.run).toHaveBeenCalledTimes(1);
      expect(s.uow.repository).toHaveBeenCalledWith(CouncilMeeting);
      expect(s.meetings.save).toHaveBeenCalledTimes(1);
      expect(s.meetings.save).toHaveBeenCalledWith(
        new CouncilMeeting({ roundId: ROUND, number: '02/BB-HĐSK', date: '2022-12-18', startTime: '08:30', place: 'Phòng họp số 2', absentMemberIds: '13', recordedById: 500 }),
      );
      expect(saved).toBe(s.meetings.save.mock.calls[0][0]);
      expect(s.audit.log).toHaveBeenCalledTimes(1);
      expect(s.audit.log).toHaveBeenCalledWith(secretary, {
        action: 'round.council',
        entityType: 'round',
        entityId: ROUND,
        summary: 'Ghi thông tin cuộc họp hội đồng của "Đợt xét sáng kiến năm 2022": biên bản số 02/BB-HĐSK, 08 giờ 30 ngày 18/12/2022, Phòng họp số 2; có mặt 3/4 thành viên',
      });
    });

    it('records nobody absent when every seat is ticked', async () => {
      const s = setup();
      await s.sut.save(secretary, ROUND, dto({ present: ['11', '12', '13', '14'] }));
      expect(s.meetings.save).toHaveBeenCalledWith(expect.objectContaining({ absentMemberIds: '' }));
      expect(s.audit.log).toHaveBeenCalledWith(secretary, expect.objectContaining({ summary: expect.stringContaining('có mặt 4/4 thành viên') }));
    });

    it('corrects the meeting already recorded in place, not a second one; audited as "Sửa"', async () => {
      const meeting = recorded();
      const s = setup({ meeting });
      const saved = await s.sut.save(secretary, ROUND, dto({ present: ['12', '13'] }));
      expect(s.meetings.save).toHaveBeenCalledTimes(1);
      expect(s.meetings.save.mock.calls[0][0]).toBe(meeting);
      expect(saved).toEqual(expect.objectContaining({ id: 7, number: '02/BB-HĐSK', date: '2022-12-18', absentMemberIds: '11,14', recordedById: 500 }));
      expect(s.audit.log).toHaveBeenCalledWith(secretary, expect.objectContaining({ summary: expect.stringMatching(/^Sửa thông tin cuộc họp hội đồng của "Đợt xét sáng kiến năm 2022": .*; có mặt 2\/4 thành viên$/) }));
    });

    it('declares that the rounds changed, and nothing else', async () => {
      const s = setup();
      await s.sut.save(secretary, ROUND, dto());
      expect(s.uow.changes.mock.calls).toEqual([['rounds']]);
      expect(s.ended).toEqual([new Set(['rounds'])]);
    });
  });

  describe('refused whole, with a message beside each field', () => {
    it('refuses a meeting on a day to come and one with nobody present, before the meeting is read or written', async () => {
      const s = setup();
      expect(await refusal(s.sut.save(secretary, ROUND, dto({ date: '2099-01-01', present: [] })))).toEqual({
        date: 'Ngày họp không được sau ngày hôm nay.',
        present: 'Vui lòng chọn các thành viên có mặt tại cuộc họp.',
      });
      expect(s.meetings.findOne).not.toHaveBeenCalled();
      expectNothingWritten(s);
    });

    it('refuses seats that are not of the round’s council (a page from before the council changed)', async () => {
      const s = setup();
      expect(await refusal(s.sut.save(secretary, ROUND, dto({ present: ['11', '99'] })))).toEqual({
        present: 'Danh sách thành viên có mặt không khớp với hội đồng của đợt xét: vui lòng tải lại trang.',
      });
      expectNothingWritten(s);
    });

    it('refuses the meeting of a round without a council, whatever is ticked', async () => {
      const s = setup({ seats: [] });
      expect(await refusal(s.sut.save(secretary, ROUND, dto({ present: ['11'] })))).toEqual({
        present: 'Đợt xét chưa có hội đồng: hãy lập hội đồng trước khi ghi thông tin cuộc họp.',
      });
      expectNothingWritten(s);
    });

    it('answers a round that does not exist as not found, writing nothing', async () => {
      const s = setup();
      s.rounds.findOne.mockRejectedValue(new EntityNotFound('round', 999));
      await expect(s.sut.save(secretary, 999, dto())).rejects.toBeInstanceOf(EntityNotFound);
      expectNothingWritten(s);
    });
  });
});
