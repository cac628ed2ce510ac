import { Global, Module } from '@nestjs/common';
import { InitiativeSearch } from '../database/search/initiative-search';
import { UnitsModule } from '../units/units.module';
import { NoveltyController } from './novelty.controller';
import { NoveltyRepository } from './novelty.repository';
import { NoveltyService } from './novelty.service';

/**
 * The novelty check: similar earlier initiatives while drafting, the list kept at each
 * submission, today's list for the council. Global, so that the initiatives, the score
 * sheet and the council's documents use it without importing one another.
 */
@Global()
@Module({
  imports: [UnitsModule],
  controllers: [NoveltyController],
  providers: [NoveltyService, NoveltyRepository, InitiativeSearch],
  exports: [NoveltyService],
})
export class NoveltyModule {}
