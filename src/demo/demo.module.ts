import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AuditModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
