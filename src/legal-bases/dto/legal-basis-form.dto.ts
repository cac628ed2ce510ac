import { OptionalDate, OptionalText, RequiredDate, RequiredText } from '../../common/validation';

/** A legal document of the register. */
export class LegalBasisFormDto {
  @RequiredText('loại văn bản (Luật, Nghị định, Thông tư, Quyết định …)', 50)
  docType: string;

  @RequiredText('số, ký hiệu', 100)
  number: string;

  @RequiredDate('ngày ban hành')
  issuedOn: string;

  @OptionalText('cơ quan ban hành', 255)
  issuer: string = '';

  @RequiredText('trích yếu', 500)
  title: string;

  @OptionalDate('ngày có hiệu lực')
  validFrom?: string;

  @OptionalDate('ngày cuối còn hiệu lực')
  validTo?: string;

  /** "1": ticked for a new round. */
  @OptionalText('mặc định cho đợt xét mới', 5)
  byDefault: string = '';

  /** "1": ticked for a new round of effect and scope of influence. */
  @OptionalText('mặc định cho đợt xét hiệu quả áp dụng mới', 5)
  byDefaultEffect: string = '';

  @OptionalText('thứ tự in', 6)
  position: string = '';
}
