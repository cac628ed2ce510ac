import { Module } from '@nestjs/common';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { CatalogueController } from './catalogue.controller';
import { CatalogueView } from './catalogue.view';

@Module({
  imports: [InitiativesModule],
  controllers: [CatalogueController],
  providers: [CatalogueView],
})
export class CatalogueModule {}
