import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { Decision } from './decision.entity';

/** Every query on `decisions`, inside the current unit of work when there is one. */
@Injectable()
export class DecisionsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The decisions on an initiative, latest first. */
  forInitiative(initiativeId: number): Promise<Decision[]> {
    return this.uow.repository(Decision).find({ where: { initiativeId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  save(decision: Decision): Promise<Decision> {
    return this.uow.repository(Decision).save(decision);
  }
}
