import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Attachment } from './attachment.entity';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { UploadInterceptor } from './upload.interceptor';

@Module({
  imports: [TypeOrmModule.forFeature([Attachment]), AuditModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, AttachmentsRepository, UploadInterceptor],
  exports: [AttachmentsService, UploadInterceptor],
})
export class AttachmentsModule {}
