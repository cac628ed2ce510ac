import { Code, OneOf, OptionalDate, OptionalId, RequiredText } from '../../common/validation';
import { UNIT_KINDS, UnitKind } from '../unit-kinds';

/** Editing: the official code is fixed once created (codes are never reused). */
export class UnitEditDto {
  @RequiredText('tên đơn vị')
  name: string;

  @OneOf('loại đơn vị', UNIT_KINDS)
  kind: UnitKind;

  @OptionalId('đơn vị cấp trên')
  parentId?: number;

  @OptionalDate('ngày bắt đầu hiệu lực')
  validFrom?: string;
}

export class UnitFormDto extends UnitEditDto {
  @Code('mã đơn vị')
  code: string;
}
