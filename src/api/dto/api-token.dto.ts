import { OptionalText } from '../../common/validation';

export class ApiTokenDto {
  /** Checked by the service (a name is required), so that its message sits beside the field. */
  @OptionalText('tên mã truy cập', 100)
  name: string = '';
}
