import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { UsersService } from './users.service';

/** On an empty database, creates `admin` so that someone can sign in and set things up. */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const generated = await this.users.ensureFirstAdmin(this.config.get('adminPassword'));
    if (generated) {
      this.logger.warn(`Đã tạo tài khoản quản trị đầu tiên: admin / ${generated} — hãy đăng nhập và đổi mật khẩu. (Shown once.)`);
    }
  }
}
