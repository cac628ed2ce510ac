import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UnitsModule } from '../units/units.module';
import { AuthoritiesController } from './authorities.controller';
import { AuthoritiesRepository } from './authorities.repository';
import { AuthoritiesService } from './authorities.service';
import { AuthoritiesView } from './authorities.view';
import { AuthorityProfile } from './authority-profile.entity';

@Module({
  imports: [TypeOrmModule.forFeature([AuthorityProfile]), AuditModule, UnitsModule],
  controllers: [AuthoritiesController],
  providers: [AuthoritiesService, AuthoritiesRepository, AuthoritiesView],
  exports: [AuthoritiesService],
})
export class AuthoritiesModule {}
