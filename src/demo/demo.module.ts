import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AuditModule, InitiativesModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
