import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RoundsModule } from '../rounds/rounds.module';
import { Assignment } from './assignment.entity';
import { CouncilNote } from './council-note.entity';
import { Review, ReviewScore } from './review.entity';
import { ReviewsController } from './reviews.controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';
import { ReviewsView } from './reviews.view';

@Module({
  imports: [TypeOrmModule.forFeature([Assignment, Review, ReviewScore, CouncilNote]), AuditModule, InitiativesModule, NotificationsModule, RoundsModule],
  controllers: [ReviewsController],
  providers: [ReviewsService, ReviewsRepository, ReviewsView],
  exports: [ReviewsService, ReviewsView],
})
export class ReviewsModule {}
