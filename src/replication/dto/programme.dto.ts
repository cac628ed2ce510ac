import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { OptionalDate, OptionalText, RequiredId, RequiredText, Rows } from '../../common/validation';
import { ADOPTION_STATUSES } from '../adoption-rules';
import { IndicatorRowDto } from '../../initiatives/dto/initiative-form.dto';

const toIds = () =>
  Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]).map(Number).filter((n: number) => Number.isInteger(n) && n > 0));

export class ProgrammeDto {
  @Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value))
  @IsInt({ message: 'Năm phải là số nguyên, ví dụ 2026.' })
  @Min(2000, { message: 'Năm phải là số nguyên, ví dụ 2026.' })
  @Max(2100, { message: 'Năm phải là số nguyên, ví dụ 2026.' })
  year: number;

  @RequiredText('tên kế hoạch', 500)
  title: string;

  @RequiredId('đơn vị ban hành')
  issuingUnitId: number;

  @OptionalText('số quyết định', 100)
  decisionNumber: string = '';

  @OptionalDate('ngày quyết định')
  decisionDate?: string;

  @OptionalDate('hạn báo cáo')
  reportDeadline?: string;

  @toIds()
  @IsInt({ each: true })
  initiativeIds: number[] = [];

  @toIds()
  @IsInt({ each: true })
  unitIds: number[] = [];
}

export class ReportDto {
  /** Effect indicators measured at the unit (the initiative's, and free ones). */
  @Rows()
  @IsArray()
  @ValidateNested({ each: true, message: 'Danh sách chỉ số không hợp lệ.' })
  @Type(() => IndicatorRowDto)
  indicators: IndicatorRowDto[] = [];

  /** Evidence kept from an earlier refused attempt. */
  @toIds()
  @IsInt({ each: true })
  staged: number[] = [];

  @IsIn(ADOPTION_STATUSES, { message: 'Vui lòng chọn tình trạng áp dụng.' })
  status: string;

  @OptionalDate('ngày bắt đầu áp dụng')
  adoptedDate?: string;

  /** Checked with the status by reportErrors (required for not adopted). */
  @OptionalText('lý do', 30)
  reason: string = '';

  @OptionalText('giải thích', 5000)
  explanation: string = '';

  @OptionalText('điều chỉnh cho phù hợp', 5000)
  adaptation: string = '';
}

export class ProgrammeChangeDto {
  @toIds()
  @IsInt({ each: true })
  initiativeIds: number[] = [];

  @toIds()
  @IsInt({ each: true })
  unitIds: number[] = [];

  @toIds()
  @IsInt({ each: true })
  removeUnitIds: number[] = [];

  /** "1" when removing units that have already reported. */
  @OptionalText('xác nhận', 5)
  confirm: string = '';
}

/** The reminder form: the overdue units ticked, and why to remind again a unit reminded today. */
export class RemindDto {
  @toIds()
  @IsInt({ each: true })
  unitIds: number[] = [];

  /** Needed only to remind again within the day; kept in the audit. */
  @OptionalText('lý do nhắc lại', 500)
  reason: string = '';
}
