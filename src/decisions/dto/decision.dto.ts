import { Transform } from 'class-transformer';
import { IsIn, IsInt, Min } from 'class-validator';
import { OptionalText, RequiredDate, RequiredText } from '../../common/validation';

const toInt = () => Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value === '' ? undefined : value));

export class DecisionDto {
  @IsIn(['recognized', 'not_recognized'], { message: 'Vui lòng chọn kết quả.' })
  outcome: 'recognized' | 'not_recognized';

  @OptionalText('phạm vi ảnh hưởng', 20)
  level: string = '';

  @toInt()
  @IsInt({ message: 'Số phiếu phải là số nguyên không âm.' })
  @Min(0, { message: 'Số phiếu phải là số nguyên không âm.' })
  votesFor: number;

  @toInt()
  @IsInt({ message: 'Số phiếu phải là số nguyên không âm.' })
  @Min(0, { message: 'Số phiếu phải là số nguyên không âm.' })
  votesAgainst: number;

  @toInt()
  @IsInt({ message: 'Số phiếu phải là số nguyên không âm.' })
  @Min(0, { message: 'Số phiếu phải là số nguyên không âm.' })
  votesAbstain: number;

  @RequiredText('số quyết định', 100)
  number: string;

  @RequiredDate('ngày quyết định')
  date: string;

  @OptionalText('lý do', 10000)
  reasons: string = '';
}

export class ReturnDto {
  @RequiredText('nội dung cần bổ sung', 5000)
  note: string;
}
