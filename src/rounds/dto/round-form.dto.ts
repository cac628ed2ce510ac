import { Transform, Type } from 'class-transformer';
import { IsArray, IsEmpty, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { OptionalDate, OptionalId, OptionalText, RequiredId, RequiredText, Rows } from '../../common/validation';
import { COUNCIL_ROLES, CouncilRole } from '../council-member.entity';
import { ROUND_STATUSES, RoundStatus } from '../round.entity';
import { VOTE_RULES, VoteRule } from '../vote-rule';
import { ROUND_KINDS, RoundKind } from '../round-kind';

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

  /** The legal bases the round cites (ids); read only when the form showed them (`legalBasesShown`). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]))
  @IsArray()
  legalBasisIds?: string[];

  @OptionalText('căn cứ pháp lý', 5)
  legalBasesShown: string = '';

  /** Today's two thirds when not posted (a form of before). */
  @IsOptional()
  @IsIn(['', ...VOTE_RULES], { message: 'Vui lòng chọn quy tắc biểu quyết.' })
  voteRule?: VoteRule | '';

  /** A round of effect and scope: the rule of its proposed scope (typed as people write numbers). */
  @OptionalText('số đơn vị áp dụng để đề xuất cấp tỉnh', 10)
  scopeUnits: string = '';

  @OptionalText('tỷ lệ xã, phường, đặc khu áp dụng để đề xuất cấp tỉnh', 10)
  scopeCommuneShare: string = '';
}

/**
 * A new round: its starting status too. A round of an earlier year (for records entered
 * from the paper files) may start evaluating or closed; the service refuses that for a
 * round of this year or later.
 */
export class NewRoundFormDto extends RoundFormDto {
  @IsOptional()
  @IsIn(['', ...ROUND_STATUSES], { message: 'Vui lòng chọn trạng thái của đợt xét.' })
  status?: RoundStatus | '';

  /** What the round recognises (round-kind.ts); a round of recognition when not posted. */
  @IsOptional()
  @IsIn(['', ...ROUND_KINDS], { message: 'Vui lòng chọn loại đợt xét.' })
  kind?: RoundKind | '';
}

/**
 * Editing a round: its status is not a field of the form (it moves on only with the round
 * page's button, open → evaluating → closed). A status posted anyway is refused, not ignored.
 */
export class EditRoundFormDto extends RoundFormDto {
  @IsEmpty({ message: 'Trạng thái của đợt xét không sửa ở đây: chỉ chọn khi tạo đợt xét, sau đó chuyển bằng nút chuyển bước trên trang đợt xét.' })
  status?: unknown;

  @IsEmpty({ message: 'Loại đợt xét chỉ chọn khi tạo đợt xét.' })
  kind?: unknown;
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
