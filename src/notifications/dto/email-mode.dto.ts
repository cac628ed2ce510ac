import { IsIn } from 'class-validator';

/** How one's notices come by e-mail: one by one, or once a day in one message. */
export class EmailModeDto {
  @IsIn(['each', 'daily'], { message: 'Vui lòng chọn cách nhận thư.' })
  emailMode: 'each' | 'daily';
}
