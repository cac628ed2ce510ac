import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { OptionalDate, OptionalId, OptionalText, RequiredId, RequiredText, Rows } from '../../common/validation';
import { COUNCIL_ROLES, CouncilRole } from '../council-member.entity';
import { ROUND_STATUSES, RoundStatus } from '../round.entity';

export class RoundFormDto {
  @Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value))
  @IsInt({ message: 'Năm phải là số nguyên, ví dụ 2026.' })
  @Min(2000, { message: 'Năm phải là số nguyên, ví dụ 2026.' })
  @Max(2100, { message: 'Năm phải là số nguyên, ví dụ 2026.' })
  year: number;

  @RequiredText('tên đợt xét')
  name: string;

  @OptionalId('đơn vị tổ chức')
  organisingUnitId?: number;

  @OptionalDate('ngày bắt đầu nhận hồ sơ')
  submissionStart?: string;

  @OptionalDate('ngày kết thúc nhận hồ sơ')
  submissionEnd?: string;

  /** Typed as Vietnamese people write numbers; read with parseNumberVi. */
  @OptionalText('ngưỡng điểm công nhận', 10)
  threshold: string = '';

  @OptionalText('xung đột lợi ích cùng đơn vị', 5)
  conflictSameUnit: string = '';

  /** Only when creating: a round of an earlier year may start evaluating or closed. */
  @IsOptional()
  @IsIn(['', ...ROUND_STATUSES], { message: 'Vui lòng chọn trạng thái của đợt xét.' })
  status?: RoundStatus | '';
}

export class CriterionRowDto {
  @OptionalText('tên tiêu chí')
  name: string = '';

  @OptionalText('mô tả', 2000)
  description: string = '';

  @OptionalText('điểm tối đa', 10)
  maxPoints: string = '';

  @OptionalText('trọng số', 10)
  weight: string = '';

  @OptionalText('mức điểm', 1000)
  bands: string = '';
}

export class CriteriaFormDto {
  @Rows()
  @IsArray()
  @ValidateNested({ each: true, message: 'Danh sách tiêu chí không hợp lệ.' })
  @Type(() => CriterionRowDto)
  criteria: CriterionRowDto[] = [];
}

export class CopyCriteriaDto {
  @RequiredId('đợt xét để sao chép')
  sourceRoundId: number;
}

export class CouncilMemberDto {
  @RequiredId('người dùng')
  userId: number;

  @IsIn(COUNCIL_ROLES, { message: 'Vui lòng chọn vai trò trong hội đồng.' })
  role: CouncilRole;
}
