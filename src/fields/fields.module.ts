import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Field } from './field.entity';
import { FieldsController } from './fields.controller';
import { FieldsRepository } from './fields.repository';
import { FieldsService } from './fields.service';

@Module({
  imports: [TypeOrmModule.forFeature([Field]), AuditModule],
  controllers: [FieldsController],
  providers: [FieldsService, FieldsRepository],
  exports: [FieldsService],
})
export class FieldsModule {}
