import { Injectable } from '@nestjs/common';
import { Contributes, UNIT_MEMBERS, UnitMember, UnitMembersContribution } from '../common/extensions';
import { roleLabels } from './roles';
import { UsersRepository } from './users.repository';

/** Tells the units feature who belongs to a unit, and moves them when their unit merges into another. */
@Injectable()
@Contributes(UNIT_MEMBERS)
export class UnitMembers implements UnitMembersContribution {
  constructor(private readonly repo: UsersRepository) {}

  async inUnit(unitId: number): Promise<UnitMember[]> {
    return (await this.repo.inUnit(unitId)).map((u) => ({ id: u.id, fullName: u.fullName, position: u.position, active: u.active, roleLabels: roleLabels(u.roles) }));
  }

  moveToUnit(fromUnitIds: number[], toUnitId: number): Promise<void> {
    return this.repo.moveToUnit(fromUnitIds, toUnitId);
  }
}
