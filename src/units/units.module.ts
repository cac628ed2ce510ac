import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UnitEnding, UnitTaskTransfer } from './unit-ending.entity';
import { UnitRename } from './unit-rename.entity';
import { UnitSuccession } from './unit-succession.entity';
import { Unit } from './unit.entity';
import { UnitsController } from './units.controller';
import { UnitsRepository } from './units.repository';
import { UnitsService } from './units.service';
import { UnitsView } from './units.view';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, UnitSuccession, UnitRename, UnitEnding, UnitTaskTransfer]), AuditModule],
  controllers: [UnitsController],
  providers: [UnitsService, UnitsRepository, UnitsView],
  exports: [UnitsService],
})
export class UnitsModule {}
