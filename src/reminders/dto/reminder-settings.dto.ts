import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';

const whole = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,2}$/.test(value.trim()) ? Number(value) : value);
const ticked = ({ value }: { value: unknown }) => (value === '1' ? '1' : '');

/** The weekly reminders' form: for each, on or off, the weekday and the hour. */
export class ReminderSettingsDto {
  @Transform(ticked)
  @IsIn(['', '1'])
  overdueEnabled: string = '';

  @Transform(whole)
  @IsInt({ message: 'Vui lòng chọn thứ trong tuần.' })
  @Min(0, { message: 'Vui lòng chọn thứ trong tuần.' })
  @Max(6, { message: 'Vui lòng chọn thứ trong tuần.' })
  overdueWeekday: number;

  @Transform(whole)
  @IsInt({ message: 'Vui lòng chọn giờ gửi (0–23).' })
  @Min(0, { message: 'Vui lòng chọn giờ gửi (0–23).' })
  @Max(23, { message: 'Vui lòng chọn giờ gửi (0–23).' })
  overdueHour: number;

  @Transform(ticked)
  @IsIn(['', '1'])
  sheetsEnabled: string = '';

  @Transform(whole)
  @IsInt({ message: 'Vui lòng chọn thứ trong tuần.' })
  @Min(0, { message: 'Vui lòng chọn thứ trong tuần.' })
  @Max(6, { message: 'Vui lòng chọn thứ trong tuần.' })
  sheetsWeekday: number;

  @Transform(whole)
  @IsInt({ message: 'Vui lòng chọn giờ gửi (0–23).' })
  @Min(0, { message: 'Vui lòng chọn giờ gửi (0–23).' })
  @Max(23, { message: 'Vui lòng chọn giờ gửi (0–23).' })
  sheetsHour: number;
}
