import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { InitiativeSearch } from '../database/search/initiative-search';
import { FieldsModule } from '../fields/fields.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RoundsModule } from '../rounds/rounds.module';
import { UsersModule } from '../users/users.module';
import { UnitsModule } from '../units/units.module';
import { InitiativeAuthor } from './initiative-author.entity';
import { InitiativeIndicator } from './initiative-indicator.entity';
import { InitiativeRevision } from './initiative-revision.entity';
import { InitiativeTransition } from './initiative-transition.entity';
import { Initiative } from './initiative.entity';
import { InitiativesController } from './initiatives.controller';
import { InitiativesRepository } from './initiatives.repository';
import { InitiativesService } from './initiatives.service';
import { InitiativesView } from './initiatives.view';
import { RoundInitiatives } from './round-initiatives';

@Module({
  imports: [
    TypeOrmModule.forFeature([Initiative, InitiativeAuthor, InitiativeIndicator, InitiativeTransition, InitiativeRevision]),
    AttachmentsModule,
    AuditModule,
    UnitsModule,
    FieldsModule,
    RoundsModule,
    NotificationsModule,
    UsersModule,
  ],
  controllers: [InitiativesController],
  providers: [InitiativesService, InitiativesRepository, InitiativesView, InitiativeSearch, RoundInitiatives],
  exports: [InitiativesService, InitiativesView, InitiativeSearch],
})
export class InitiativesModule {}
