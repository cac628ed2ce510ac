import { Injectable } from '@nestjs/common';
import { Contributes, INITIATIVE_EFFECTS, InitiativeEffectsContribution, RecognisedEffect, ROUND_INITIATIVES, ROUND_SCORES, RoundInitiativesContribution, RoundScoresContribution, UndecidedInitiative } from '../common/extensions';
import { LEVEL_LABELS } from '../initiatives/initiative-status';
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

/** The effect and scope recognised for initiatives (a person's recognitions, for an emulation dossier): the latest recognition of each. */
@Injectable()
@Contributes(INITIATIVE_EFFECTS)
export class EffectRecognitions implements InitiativeEffectsContribution {
  constructor(private readonly effect: EffectService) {}

  async recognised(initiativeIds: number[]): Promise<Map<number, RecognisedEffect>> {
    const found = new Map<number, RecognisedEffect>();
    const items = (await this.effect.ofInitiatives(initiativeIds)).filter((i) => i.outcome === 'recognized' && i.level && i.date);
    // Latest decision first: the first found of each initiative stands.
    items.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.id - a.id);
    for (const i of items) if (!found.has(i.initiativeId)) found.set(i.initiativeId, { level: i.level ? LEVEL_LABELS[i.level] : '', number: i.number, date: i.date as string });
    return found;
  }
}
