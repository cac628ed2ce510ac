import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { LegalBasis, RoundLegalBasis } from './legal-basis.entity';
import { LegalBasesController } from './legal-bases.controller';
import { LegalBasesRepository } from './legal-bases.repository';
import { LegalBasesService } from './legal-bases.service';
import { LegalBasesView } from './legal-bases.view';

/** The register of legal bases and what each round cites. */
@Module({
  imports: [TypeOrmModule.forFeature([LegalBasis, RoundLegalBasis]), AuditModule],
  controllers: [LegalBasesController],
  providers: [LegalBasesService, LegalBasesRepository, LegalBasesView],
  exports: [LegalBasesService],
})
export class LegalBasesModule {}
