import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, ValidateNested } from 'class-validator';
import { OptionalId, OptionalText, RequiredDate, RequiredText, Rows } from '../../common/validation';

const toIds = () =>
  Transform(({ value }) => (value === undefined || value === '' ? [] : (Array.isArray(value) ? value : [value])).map((v: unknown) => Number(v)));

export class RenameUnitDto {
  @RequiredText('tên mới')
  newName: string;

  @RequiredText('văn bản pháp lý')
  instrument: string;

  @RequiredDate('ngày có hiệu lực')
  effectiveDate: string;
}

export class MergeUnitsDto {
  /** The units that end and merge. */
  @toIds()
  @IsInt({ each: true, message: 'Danh sách đơn vị được sáp nhập không hợp lệ.' })
  predecessorIds: number[] = [];

  /** 'existing': merge into an existing unit; 'new': into a new unit. */
  @IsIn(['existing', 'new'], { message: 'Vui lòng chọn sáp nhập vào đơn vị có sẵn hay đơn vị mới.' })
  target: 'existing' | 'new';

  @OptionalId('đơn vị nhận sáp nhập')
  successorId?: number;

  @OptionalText('mã đơn vị mới', 32)
  newCode: string = '';

  @OptionalText('tên đơn vị mới')
  newName: string = '';

  @OptionalText('loại đơn vị mới', 20)
  newKind: string = '';

  @OptionalId('đơn vị cấp trên')
  newParentId?: number;

  @RequiredText('văn bản pháp lý')
  instrument: string;

  @RequiredDate('ngày có hiệu lực')
  effectiveDate: string;

  /** "1" when the users and current sub-units of the ended units move to the successor. */
  @OptionalText('chuyển người dùng', 5)
  moveMembers: string = '';
}

export class NewUnitPart {
  @OptionalText('mã đơn vị', 32)
  code: string = '';

  @OptionalText('tên đơn vị')
  name: string = '';
}

export class SplitUnitDto {
  @Rows()
  @IsArray({ message: 'Danh sách đơn vị mới không hợp lệ.' })
  @ValidateNested({ each: true, message: 'Danh sách đơn vị mới không hợp lệ.' })
  @Type(() => NewUnitPart)
  parts: NewUnitPart[] = [];

  /** Existing units that take over part of the ended one. */
  @toIds()
  @IsInt({ each: true, message: 'Danh sách đơn vị tiếp nhận không hợp lệ.' })
  existingIds: number[] = [];

  @RequiredText('văn bản pháp lý')
  instrument: string;

  @RequiredDate('ngày có hiệu lực')
  effectiveDate: string;
}

/** "Chấm dứt hoạt động": the unit ends without a successor; others may take over its tasks. */
export class EndUnitDto {
  @RequiredDate('ngày chấm dứt hoạt động')
  effectiveDate: string;

  @RequiredText('số, ký hiệu văn bản', 100)
  instrumentNumber: string;

  @RequiredDate('ngày ban hành văn bản')
  instrumentDate: string;

  @RequiredText('cơ quan ban hành văn bản')
  instrumentIssuer: string;

  /** Units in force that take over its tasks (nothing rolls into them). */
  @toIds()
  @IsInt({ each: true, message: 'Danh sách đơn vị tiếp nhận nhiệm vụ không hợp lệ.' })
  transferIds: number[] = [];
}
