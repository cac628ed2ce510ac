import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';
import { NotificationsController } from './notifications.controller';
import { NotificationDigest } from './notification-digest';

@Module({
  imports: [TypeOrmModule.forFeature([Notification]), MailModule, UsersModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationDigest],
  exports: [NotificationsService],
})
export class NotificationsModule {}
