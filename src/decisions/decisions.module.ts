import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { Decision } from './decision.entity';
import { DecisionsController } from './decisions.controller';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { DecisionsView } from './decisions.view';

@Module({
  imports: [TypeOrmModule.forFeature([Decision]), AuditModule, InitiativesModule, NotificationsModule, ReviewsModule],
  controllers: [DecisionsController],
  providers: [DecisionsService, DecisionsRepository, DecisionsView],
  exports: [DecisionsService],
})
export class DecisionsModule {}
