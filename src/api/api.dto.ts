import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';

// The shapes the JSON API answers with, as its OpenAPI document describes them (examples in
// Vietnamese, from the demo). Public data only: nothing personal (no dates of birth),
// no confidential text, no internal files, no unit's reasons for not adopting.

export class ApiInitiative {
  @ApiProperty({ example: 5, description: 'Mã số của sáng kiến trong hệ thống' })
  id: number;

  @ApiProperty({ example: 'SK-2022-0005', description: 'Mã sáng kiến (SK-năm-số)' })
  code: string;

  @ApiProperty({ example: 2022, description: 'Năm của sáng kiến (năm của đợt xét)' })
  year: number;

  @ApiProperty({ example: 'Niêm yết, tra cứu thông tin thủ tục hành chính bằng mã QR Code tại Bộ phận Tiếp nhận và trả kết quả' })
  title: string;

  @ApiProperty({ example: 'UBND xã Vĩnh Thái', description: 'Đơn vị của sáng kiến khi nộp' })
  unit: string;

  @ApiProperty({ example: 'UBND xã Vĩnh Linh', description: 'Đơn vị hiện nay (đơn vị kế thừa nếu đơn vị cũ đã sáp nhập)' })
  unitNow: string;

  @ApiProperty({ example: 'Cải cách thủ tục hành chính', description: 'Lĩnh vực' })
  field: string;

  @ApiProperty({ example: 'unit', enum: ['unit', 'district', 'province', 'national'], nullable: true, description: 'Phạm vi ảnh hưởng được công nhận (mã)' })
  level: string | null;

  @ApiProperty({ example: 'Cấp cơ sở', description: 'Phạm vi ảnh hưởng được công nhận (tên)' })
  levelLabel: string;

  @ApiProperty({ example: '/catalogue/5', description: 'Trang của sáng kiến trong danh mục công khai' })
  url: string;
}

/** What every page of a list says besides its items. */
export class ApiPageInfo {
  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 25, description: 'Số sáng kiến mỗi trang (tối đa 100)' })
  pageSize: number;

  @ApiProperty({ example: 42, description: 'Số sáng kiến khớp bộ lọc (đếm tới 2.000 khi tìm kiếm rộng)' })
  total: number;

  @ApiProperty({ example: false, description: 'true: còn nhiều hơn total, số đếm dừng ở total' })
  totalCapped: boolean;

  @ApiProperty({ example: '/api/v1/initiatives?page=2', nullable: true, description: 'Trang tiếp theo, hoặc null' })
  next: string | null;
}

export class ApiInitiativePage extends ApiPageInfo {
  @ApiProperty({ type: [ApiInitiative] })
  data: ApiInitiative[];
}

export class ApiAuthor {
  @ApiProperty({ example: 'Võ Thị Thu' })
  fullName: string;

  @ApiProperty({ example: 'Công chức Tư pháp - Hộ tịch' })
  jobTitle: string;

  @ApiProperty({ example: 'UBND xã Vĩnh Thái' })
  workplace: string;

  @ApiProperty({ example: 100, description: 'Tỷ lệ đóng góp (%)' })
  share: number;
}

export class ApiIndicator {
  @ApiProperty({ example: 'Thời gian tra cứu thủ tục' })
  name: string;

  @ApiProperty({ example: 'phút' })
  unitOfMeasure: string;

  @ApiProperty({ example: 15, nullable: true })
  before: number | null;

  @ApiProperty({ example: 2, nullable: true })
  after: number | null;
}

export class ApiFile {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ example: 'mau-ma-qr.pdf' })
  name: string;

  @ApiProperty({ example: 'application/pdf' })
  mediaType: string;

  @ApiProperty({ example: 182044, description: 'Kích thước (byte)' })
  size: number;

  @ApiProperty({ example: '/attachments/12', description: 'Đường dẫn tải tệp' })
  url: string;
}

/** What names a programme: its title, its decision and its report deadline. */
export class ApiProgrammeHeading {
  @ApiProperty({ example: 'Kế hoạch nhân rộng sáng kiến cải cách hành chính năm 2023' })
  title: string;

  @ApiProperty({ example: '45/KH-UBND' })
  decisionNumber: string;

  @ApiProperty({ example: '2023-02-15', nullable: true })
  decisionDate: string | null;

  @ApiProperty({ example: '2023-11-30', nullable: true })
  reportDeadline: string | null;
}

export class ApiProgrammeProgress extends ApiProgrammeHeading {
  @ApiProperty({ example: 8, description: 'Số đơn vị được giao áp dụng sáng kiến này' })
  targets: number;

  @ApiProperty({ example: 4, description: 'Số đơn vị đã áp dụng' })
  adopted: number;
}

export class ApiKindCount {
  @ApiProperty({ example: 'Xã' })
  kind: string;

  @ApiProperty({ example: 2 })
  count: number;
}

export class ApiProgress {
  @ApiProperty({ example: 2, description: 'Số đơn vị hiện nay đã áp dụng, qua mọi kế hoạch' })
  adopted: number;

  @ApiProperty({ type: [ApiKindCount] })
  byKind: ApiKindCount[];

  @ApiProperty({ example: 1, description: 'Số đơn vị đang triển khai' })
  inProgress: number;

  @ApiProperty({ type: [ApiProgrammeProgress] })
  programmes: ApiProgrammeProgress[];
}

/** What an initiative says, as its page shows it: the same in the public answer and in the one read with a token. */
export class ApiInitiativeContent {
  @ApiProperty({ example: 'Người dân phải đến hỏi nhiều lần…', description: 'Thực trạng, vấn đề cần giải quyết' })
  problem: string;

  @ApiProperty({ example: 'Mỗi thủ tục có một mã QR…', description: 'Nội dung giải pháp' })
  solution: string;

  @ApiProperty({ description: 'Tính mới' })
  novelty: string;

  @ApiProperty({ description: 'Điều kiện cần thiết để áp dụng' })
  conditions: string;

  @ApiProperty({ description: 'Khả năng áp dụng ở nơi khác' })
  applicability: string;

  @ApiProperty({ description: 'Hiệu quả' })
  effects: string;

  @ApiPropertyOptional({ example: '2022-05-01', nullable: true, description: 'Ngày áp dụng lần đầu' })
  firstAppliedDate: string | null;

  @ApiProperty({ type: [ApiAuthor] })
  authors: ApiAuthor[];

  @ApiProperty({ type: [ApiIndicator] })
  indicators: ApiIndicator[];
}

export class ApiInitiativeDetail extends IntersectionType(ApiInitiative, ApiInitiativeContent) {
  @ApiProperty({ example: '1234/QĐ-UBND', description: 'Số quyết định công nhận' })
  decisionNumber: string;

  @ApiProperty({ example: '2022-12-20', nullable: true, description: 'Ngày quyết định công nhận' })
  decisionDate: string | null;

  @ApiProperty({ type: [ApiFile], description: 'Tệp công khai của sáng kiến' })
  files: ApiFile[];

  @ApiProperty({ type: ApiProgress, description: 'Tình hình nhân rộng (không có lý do không áp dụng)' })
  progress: ApiProgress;
}

export class ApiProgramme extends ApiProgrammeHeading {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 2023 })
  year: number;

  @ApiProperty({ example: 'UBND tỉnh Quảng Trị' })
  issuer: string;

  @ApiProperty({ example: 3, description: 'Số sáng kiến được nhân rộng' })
  initiatives: number;

  @ApiProperty({ example: 12, description: 'Số đơn vị được giao áp dụng' })
  units: number;

  @ApiProperty({ example: 36, description: 'Số bản ghi (mỗi sáng kiến ở mỗi đơn vị được giao)' })
  records: number;

  @ApiProperty({ example: 20, description: 'Số bản ghi đã áp dụng' })
  adopted: number;

  @ApiProperty({ example: 0.5556, nullable: true, description: 'Tỷ lệ đã áp dụng, từ 0 đến 1' })
  rate: number | null;
}

export class ApiError {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Tham số pageSize phải là số nguyên dương không quá 100.' })
  message: string;
}

export class ApiMe {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ example: 'daumoi.vinhthai' })
  username: string;

  @ApiProperty({ example: 'Dương Thị Kim Thoa' })
  fullName: string;

  @ApiProperty({ example: 'UBND xã Vĩnh Linh' })
  unit: string;

  @ApiProperty({ example: ['Tác giả', 'Đầu mối cải cách hành chính'], description: 'Vai trò (mã truy cập chỉ đọc, theo quyền của người này)' })
  roles: string[];
}

export class ApiInternalInitiative extends ApiInitiative {
  @ApiProperty({ example: 'submitted', description: 'Trạng thái (mã)' })
  status: string;

  @ApiProperty({ example: 'Đã nộp', description: 'Trạng thái (tên)' })
  statusLabel: string;

  @ApiProperty({ example: 'Đợt xét sáng kiến năm 2026', description: 'Đợt xét (trống khi chưa có)' })
  round: string;

  @ApiProperty({ example: '/initiatives/17', description: 'Trang của sáng kiến trong hệ thống (ghi đè url của danh mục công khai)' })
  declare url: string;
}

export class ApiInternalInitiativePage extends ApiPageInfo {
  @ApiProperty({ type: [ApiInternalInitiative] })
  data: ApiInternalInitiative[];
}

export class ApiInternalInitiativeDetail extends IntersectionType(ApiInternalInitiative, ApiInitiativeContent) {}
