import { Global, Module } from '@nestjs/common';
import { MailService } from './mail.service';

/** E-mail (SMTP settings in src/config); global: one transport per app instance. */
@Global()
@Module({
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
