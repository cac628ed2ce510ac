import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { DownloadAuditInterceptor } from './download-audit';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController],
  // Every download of a list or a document is recorded, whichever feature serves it.
  providers: [AuditService, { provide: APP_INTERCEPTOR, useClass: DownloadAuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
