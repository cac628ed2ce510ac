import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { FieldsModule } from '../fields/fields.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { ReplicationModule } from '../replication/replication.module';
import { OpenDataFile } from './open-data-file.entity';
import { OpenDataAdminController, OpenDataController } from './open-data.controller';
import { OpenDataRepository } from './open-data.repository';
import { OpenDataService } from './open-data.service';

/** The open-data bundle: public data as CSV and JSON files with a data dictionary, at stable addresses. */
@Module({
  imports: [TypeOrmModule.forFeature([OpenDataFile]), AttachmentsModule, AuditModule, DecisionsModule, FieldsModule, InitiativesModule, ReplicationModule],
  controllers: [OpenDataController, OpenDataAdminController],
  providers: [OpenDataService, OpenDataRepository],
})
export class OpenDataModule {}
