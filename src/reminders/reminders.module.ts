import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EffectModule } from '../effect/effect.module';
import { ReplicationModule } from '../replication/replication.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { RoundsModule } from '../rounds/rounds.module';
import { ReminderSetting } from './reminder-setting.entity';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

/** Weekly reminders the system sends by itself (off until the system administrator turns them on). */
@Module({
  imports: [TypeOrmModule.forFeature([ReminderSetting]), AuditModule, EffectModule, ReplicationModule, ReviewsModule, RoundsModule],
  controllers: [RemindersController],
  providers: [RemindersService, RemindersRepository],
})
export class RemindersModule {}
