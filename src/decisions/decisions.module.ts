import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { RecognitionsController } from './recognitions.controller';
import { RecognitionsView } from './recognitions.view';
import { LegalBasesModule } from '../legal-bases/legal-bases.module';
import { DuplicateMark } from './duplicate-mark.entity';
import { DuplicatesService } from './duplicates.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { RoundsModule } from '../rounds/rounds.module';
import { UnitsModule } from '../units/units.module';
import { CouncilController } from './council.controller';
import { CouncilDocuments } from './council-documents';
import { CouncilMeeting } from './council-meeting.entity';
import { CouncilMeetingController } from './council-meeting.controller';
import { CouncilMeetingService } from './council-meeting.service';
import { Decision } from './decision.entity';
import { DecisionsController } from './decisions.controller';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { DecisionsView } from './decisions.view';
import { MemberVote } from './member-vote.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Decision, MemberVote, CouncilMeeting, DuplicateMark]), AuditModule, AuthoritiesModule, LegalBasesModule, InitiativesModule, NotificationsModule, ReviewsModule, RoundsModule, UnitsModule, UsersModule],
  controllers: [DecisionsController, CouncilController, CouncilMeetingController, RecognitionsController],
  providers: [DecisionsService, DuplicatesService, DecisionsRepository, DecisionsView, CouncilDocuments, CouncilMeetingService, RecognitionsView],
  exports: [DecisionsService],
})
export class DecisionsModule {}
