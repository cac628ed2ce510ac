import { IsIn, Matches } from 'class-validator';
import { EmailAddress, List, OptionalText, Password, RequiredId, RequiredText } from '../../common/validation';
import { Role, ROLES } from '../roles';

class UserFieldsDto {
  @RequiredText('họ và tên')
  fullName: string;

  @OptionalText('chức vụ')
  position: string = '';

  /** Optional: notices are also e-mailed there when the server sends e-mail (one line: no CR/LF, even quoted). */
  @EmailAddress('thư điện tử')
  email?: string = '';

  @RequiredId('đơn vị')
  unitId: number;

  @List()
  @IsIn(ROLES, { each: true, message: 'Vai trò không hợp lệ.' })
  roles: Role[] = [];
}

export class CreateUserDto extends UserFieldsDto {
  @RequiredText('tên đăng nhập', 64)
  @Matches(/^[a-z0-9._-]{3,64}$/i, { message: 'Tên đăng nhập gồm 3–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.' })
  username: string;

  @Password('mật khẩu ban đầu')
  password: string;
}

export class EditUserDto extends UserFieldsDto {}
