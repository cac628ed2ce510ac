import { Module } from '@nestjs/common';
import { LegalBasesModule } from '../legal-bases/legal-bases.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { CouncilMember } from './council-member.entity';
import { Criterion } from './criterion.entity';
import { Round } from './round.entity';
import { RoundsController } from './rounds.controller';
import { RoundsRepository } from './rounds.repository';
import { RoundsService } from './rounds.service';
import { RoundsView } from './rounds.view';

@Module({
  imports: [TypeOrmModule.forFeature([Round, Criterion, CouncilMember]), AuditModule, LegalBasesModule, UnitsModule, UsersModule],
  controllers: [RoundsController],
  providers: [RoundsService, RoundsRepository, RoundsView],
  exports: [RoundsService, RoundsView],
})
export class RoundsModule {}
