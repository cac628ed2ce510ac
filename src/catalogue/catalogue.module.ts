import { Module } from '@nestjs/common';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { CatalogueController } from './catalogue.controller';

@Module({
  imports: [InitiativesModule],
  controllers: [CatalogueController],
})
export class CatalogueModule {}
