import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { InitiativesModule } from '../initiatives/initiatives.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AttachmentsModule, AuditModule, InitiativesModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
