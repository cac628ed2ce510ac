import { Injectable } from '@nestjs/common';
import { Contributes, ROUND_INITIATIVES, RoundInitiativesContribution, UndecidedInitiative } from '../common/extensions';
import { InitiativeStatus } from './initiative-status';
import { InitiativesRepository } from './initiatives.repository';

/** Tells the rounds feature which initiatives of a round still wait for a decision (it may not close before). */
@Injectable()
@Contributes(ROUND_INITIATIVES)
export class RoundInitiatives implements RoundInitiativesContribution {
  constructor(private readonly repo: InitiativesRepository) {}

  async undecided(roundId: number): Promise<UndecidedInitiative[]> {
    // Returned for revision: it comes back to this round's council when resubmitted.
    const rows = await this.repo.inRound(roundId, [InitiativeStatus.Submitted, InitiativeStatus.UnderReview, InitiativeStatus.Returned]);
    return rows.map((i) => ({ id: i.id, code: i.code, title: i.title }));
  }

  held(roundId: number): Promise<number> {
    return this.repo.countInRound(roundId);
  }
}
