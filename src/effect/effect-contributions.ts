import { Injectable } from '@nestjs/common';
import { Contributes, ROUND_INITIATIVES, ROUND_SCORES, RoundInitiativesContribution, RoundScoresContribution, UndecidedInitiative } from '../common/extensions';
import { EffectService } from './effect.service';

/** Tells the rounds feature which items of a round of effect and scope still wait for a decision (it may not close before). */
@Injectable()
@Contributes(ROUND_INITIATIVES)
export class EffectRoundItems implements RoundInitiativesContribution {
  constructor(private readonly effect: EffectService) {}

  async undecided(roundId: number): Promise<UndecidedInitiative[]> {
    const items = await this.effect.items(roundId);
    return items.filter((i) => !i.outcome).map((i) => ({ id: i.initiativeId, code: i.initiative?.code ?? null, title: i.initiative?.title ?? '', href: `/effect-items/${i.id}` }));
  }

  held(roundId: number): Promise<number> {
    return this.effect.countInRound(roundId);
  }
}

/** The council's work on the items: the round's criteria are fixed once a sheet is kept; a seat with a sheet or a vote stays. */
@Injectable()
@Contributes(ROUND_SCORES)
export class EffectRoundScores implements RoundScoresContribution {
  constructor(private readonly effect: EffectService) {}

  scoresExist(roundId: number): Promise<boolean> {
    return this.effect.sheetsExistInRound(roundId);
  }

  votesExist(roundId: number): Promise<boolean> {
    return this.effect.votesExistInRound(roundId);
  }

  async unassignUnlessSubmitted(memberId: number): Promise<boolean> {
    return !(await this.effect.memberHasWork(memberId));
  }
}
