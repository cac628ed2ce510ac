import { OptionalText, RequiredText } from '../../common/validation';

export class FieldFormDto {
  @RequiredText('tên lĩnh vực')
  name: string;

  /** "1" when in use; unticked, the field stays on old initiatives but is not offered. */
  @OptionalText('đang dùng', 5)
  active: string = '';
}
