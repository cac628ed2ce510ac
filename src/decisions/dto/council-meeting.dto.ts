import { Transform } from 'class-transformer';
import { IsArray, IsNotEmpty, Matches } from 'class-validator';
import { RequiredDate, RequiredText } from '../../common/validation';

/** A time as typed ("14h30", "8 giờ", "8:05") written 24-hour "HH:MM"; anything else left for the rule to refuse. */
export function meetingTime(typed: string): string {
  const t = typed.trim();
  const m = /^(\d{1,2})\s*(?:giờ|h|g|:)\s*(\d{2})?\s*(?:phút)?$/i.exec(t);
  return m ? `${m[1].padStart(2, '0')}:${m[2] ?? '00'}` : t;
}

/** The meeting's form ("Thông tin cuộc họp") of a round's minutes. */
export class CouncilMeetingDto {
  @RequiredText('số biên bản', 100)
  number: string;

  @RequiredDate('ngày họp')
  date: string;

  @Transform(({ value }) => (typeof value === 'string' ? meetingTime(value) : value))
  @IsNotEmpty({ message: 'Vui lòng nhập giờ họp.' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Giờ họp không hợp lệ: nhập theo dạng giờ:phút, ví dụ 14:00.' })
  startTime: string;

  @RequiredText('địa điểm họp', 255)
  place: string;

  /** The seats present (council_members.id), one checkbox each. */
  @Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]).map(String))
  @IsArray()
  present: string[] = [];
}
