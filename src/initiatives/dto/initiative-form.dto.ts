import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { OptionalDate, OptionalId, OptionalPastDate, OptionalText, RequiredDate, RequiredId, RequiredText, Rows } from '../../common/validation';

const toIds = () =>
  Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]).map(Number).filter((n: number) => Number.isInteger(n) && n > 0));

/** One author row; an entirely empty row is ignored. Shares are checked by the service. */
export class AuthorRowDto {
  @OptionalText('họ và tên tác giả')
  fullName: string = '';

  @OptionalPastDate('ngày sinh')
  birthDate?: string;

  @OptionalText('nơi công tác')
  workplace: string = '';

  @OptionalText('chức danh')
  jobTitle: string = '';

  @OptionalText('trình độ chuyên môn')
  qualification: string = '';

  /** Kept as typed; read with parseNumberVi. */
  @OptionalText('tỷ lệ đóng góp', 20)
  share: string = '';

  /** Username of the author's account, when the author uses the system. */
  @OptionalText('tên đăng nhập', 64)
  username: string = '';
}

export class IndicatorRowDto {
  @OptionalText('tên chỉ số')
  name: string = '';

  @OptionalText('đơn vị tính', 50)
  unitOfMeasure: string = '';

  @OptionalText('giá trị trước', 30)
  before: string = '';

  @OptionalText('giá trị sau', 30)
  after: string = '';
}

/** The request for recognition, as typed in the form (multipart, with files). */
export class InitiativeFormDto {
  @RequiredText('tên sáng kiến', 500)
  title: string;

  @RequiredId('đơn vị')
  unitId: number;

  @RequiredId('lĩnh vực')
  fieldId: number;

  @OptionalId('đợt xét')
  roundId?: number;

  @OptionalText('thực trạng, vấn đề cần giải quyết', 20000)
  problem: string = '';

  @OptionalText('nội dung giải pháp', 30000)
  solution: string = '';

  @OptionalText('tính mới', 10000)
  novelty: string = '';

  @OptionalText('điều kiện cần thiết để áp dụng', 10000)
  conditions: string = '';

  @OptionalText('khả năng áp dụng ở nơi khác', 10000)
  applicability: string = '';

  @OptionalText('hiệu quả', 20000)
  effects: string = '';

  @OptionalDate('ngày áp dụng lần đầu')
  firstAppliedDate?: string;

  @OptionalText('chủ đầu tư tạo ra sáng kiến')
  investorName: string = '';

  @OptionalText('có sử dụng ngân sách nhà nước', 5)
  stateFunded: string = '';

  @OptionalText('những người tham gia áp dụng lần đầu', 5000)
  participants: string = '';

  @OptionalText('thông tin cần bảo mật', 10000)
  confidentialInfo: string = '';

  @Rows()
  @IsArray()
  @ValidateNested({ each: true, message: 'Danh sách tác giả không hợp lệ.' })
  @Type(() => AuthorRowDto)
  authors: AuthorRowDto[] = [];

  @Rows()
  @IsArray()
  @ValidateNested({ each: true, message: 'Danh sách chỉ số hiệu quả không hợp lệ.' })
  @Type(() => IndicatorRowDto)
  indicators: IndicatorRowDto[] = [];

  /** Files kept from an earlier refused attempt. */
  @toIds()
  @IsInt({ each: true })
  staged: number[] = [];

  @IsIn(['public', 'internal'], { message: 'Vui lòng chọn chế độ công khai của tệp.' })
  attachmentVisibility: 'public' | 'internal' = 'internal';
}

/** Adding files to an existing initiative. */
export class AddAttachmentsDto {
  @IsIn(['public', 'internal'], { message: 'Vui lòng chọn chế độ công khai của tệp.' })
  attachmentVisibility: 'public' | 'internal' = 'internal';
}

export class TransitionNoteDto {
  @OptionalText('ghi chú', 2000)
  note: string = '';
}

/**
 * An initiative of an earlier year entered from the paper files: the request as on the
 * form, plus its year (when it has no round) and the day it was filed.
 */
export class PaperRecordFormDto extends InitiativeFormDto {
  @Transform(({ value }) => (typeof value === 'string' ? (value.trim() === '' ? undefined : /^\d+$/.test(value.trim()) ? Number(value.trim()) : value) : value))
  @IsOptional()
  @IsInt({ message: 'Năm phải là số nguyên, ví dụ 2016.' })
  @Min(2000, { message: 'Năm phải từ 2000 trở đi.' })
  @Max(2100, { message: 'Năm phải là số nguyên, ví dụ 2016.' })
  year?: number;

  @RequiredDate('ngày nộp đơn')
  submittedOn: string;
}

/** Submitting; the district admin may let a submission in outside its round's receiving dates, with a reason. */
export class SubmitDto extends TransitionNoteDto {
  @OptionalText('lý do cho phép nộp ngoài thời gian nhận hồ sơ', 2000)
  overrideReason: string = '';
}

/** The council's secretary attaches a submission waiting without a round. */
export class AttachRoundDto {
  @RequiredId('đợt xét')
  roundId: number;
}
