import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { Adoption, AdoptionReport, Programme, ProgrammeInitiative, ProgrammeUnit } from './programme.entity';
import { ReplicationController } from './replication.controller';
import { ReplicationRepository } from './replication.repository';
import { ReplicationService } from './replication.service';
import { ReplicationView } from './replication.view';

@Module({
  imports: [TypeOrmModule.forFeature([Programme, ProgrammeInitiative, ProgrammeUnit, Adoption, AdoptionReport]), AuditModule, AttachmentsModule, InitiativesModule, NotificationsModule, UnitsModule, UsersModule],
  controllers: [ReplicationController],
  providers: [ReplicationService, ReplicationRepository, ReplicationView],
  exports: [ReplicationService, ReplicationView],
})
export class ReplicationModule {}
