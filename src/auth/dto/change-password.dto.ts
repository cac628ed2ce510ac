import { IsString } from 'class-validator';
import { Password } from '../../common/validation';

export class ChangePasswordDto {
  @IsString({ message: 'Vui lòng nhập mật khẩu hiện tại.' })
  currentPassword: string;

  @Password('mật khẩu mới')
  newPassword: string;

  @IsString({ message: 'Vui lòng nhập lại mật khẩu mới.' })
  confirmPassword: string;
}
