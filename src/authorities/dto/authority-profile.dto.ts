import { OptionalText, RequiredDate, RequiredText } from '../../common/validation';

/** A new version of an authority profile, in force from a date on. */
export class AuthorityProfileDto {
  @RequiredDate('ngày áp dụng')
  validFrom: string;

  @RequiredText('tên cơ quan ở đầu văn bản', 1000)
  headingLines: string;

  @RequiredText('tên cơ quan trong câu văn', 255)
  name: string;

  @RequiredText('địa danh ghi ở ngày tháng', 255)
  place: string;

  @RequiredText('ký hiệu quyết định', 50)
  symbol: string;

  @RequiredText('chức danh người đứng đầu', 255)
  headTitle: string;

  @OptionalText('nơi nhận, thi hành quyết định', 4000)
  recipients: string = '';
}
