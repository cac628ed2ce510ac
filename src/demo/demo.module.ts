import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { AuditModule } from '../audit/audit.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { UnitsModule } from '../units/units.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AttachmentsModule, AuditModule, InitiativesModule, UnitsModule, AuthoritiesModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
