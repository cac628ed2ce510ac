import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Sign-in: checked by AuthService (a wrong pair gets one message for both fields). */
export class LoginDto {
  @IsString()
  @MaxLength(200)
  username: string = '';

  @IsString()
  @MaxLength(200)
  password: string = '';

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}
