import { Module } from '@nestjs/common';
import { RoundsModule } from '../rounds/rounds.module';
import { AuditModule } from '../audit/audit.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { EffectModule } from '../effect/effect.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReplicationModule } from '../replication/replication.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { HealthController } from './health.controller';
import { HomeController } from './home.controller';
import { HomeView } from './home.view';

@Module({
  imports: [UnitsModule, UsersModule, AuditModule, InitiativesModule, NotificationsModule, ReviewsModule, DecisionsModule, ReplicationModule, RoundsModule, EffectModule],
  controllers: [HomeController, HealthController],
  providers: [HomeView],
})
export class HomeModule {}
