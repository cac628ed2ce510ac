import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReplicationModule } from '../replication/replication.module';
import { RoundsModule } from '../rounds/rounds.module';
import { UnitsModule } from '../units/units.module';
import { EffectRecognitions, EffectRoundItems, EffectRoundScores } from './effect-contributions';
import { EffectItem, EffectSheet, EffectVote } from './effect-item.entity';
import { EffectItemsController } from './effect.controller';
import { EffectRoundController } from './effect-round.controller';
import { EffectRepository } from './effect.repository';
import { EffectService } from './effect.service';
import { EffectInitiativePart, EffectView } from './effect.view';

/** Rounds of effect and scope of influence: their items, the council's work on them, the decisions and their documents. */
@Module({
  imports: [TypeOrmModule.forFeature([EffectItem, EffectSheet, EffectVote]), AuditModule, DecisionsModule, InitiativesModule, NotificationsModule, ReplicationModule, RoundsModule, UnitsModule],
  controllers: [EffectRoundController, EffectItemsController],
  providers: [EffectService, EffectRepository, EffectView, EffectInitiativePart, EffectRoundItems, EffectRoundScores, EffectRecognitions],
  exports: [EffectService],
})
export class EffectModule {}
