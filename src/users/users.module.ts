import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { SessionModule } from '../auth/session.module';
import { UnitsModule } from '../units/units.module';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { UsersView } from './users.view';
import { FirstAdminService } from './first-admin.service';
import { UnitMembers } from './unit-members';

@Module({
  imports: [TypeOrmModule.forFeature([User]), AuditModule, SessionModule, UnitsModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, UsersView, FirstAdminService, UnitMembers],
  exports: [UsersService],
})
export class UsersModule {}
