import { absentIds, clockText } from './council-meeting.service';
import { meetingTime } from './dto/council-meeting.dto';

describe('the council meeting of the minutes', () => {
  it('reads a time as secretaries type it, 24-hour "HH:MM"', () => {
    expect(meetingTime('14:00')).toBe('14:00');
    expect(meetingTime('8:30')).toBe('08:30');
    expect(meetingTime(' 14h ')).toBe('14:00');
    expect(meetingTime('8h30')).toBe('08:30');
    expect(meetingTime('8 giờ 30')).toBe('08:30');
    expect(meetingTime('8 giờ 30 phút')).toBe('08:30');
    expect(meetingTime('14g15')).toBe('14:15');
    // Anything else stays as typed, for the rule to refuse beside the field.
    expect(meetingTime('chiều')).toBe('chiều');
  });

  it('writes the time in words and reads the seats absent as stored', () => {
    expect(clockText('08:30')).toBe('08 giờ 30');
    expect(clockText('')).toBe('');
    expect([...absentIds({ absentMemberIds: '3, 7,x,' })]).toEqual([3, 7]);
    expect(absentIds(null).size).toBe(0);
  });
});
