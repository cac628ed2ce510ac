import { Module } from '@nestjs/common';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { ReplicationModule } from '../replication/replication.module';
import { UnitsModule } from '../units/units.module';
import { CatalogueController } from './catalogue.controller';
import { CatalogueView } from './catalogue.view';

@Module({
  imports: [InitiativesModule, ReplicationModule, UnitsModule],
  controllers: [CatalogueController],
  providers: [CatalogueView],
})
export class CatalogueModule {}
