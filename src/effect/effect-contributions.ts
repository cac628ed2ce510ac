import { Injectable } from '@nestjs/common';
import { Contributes, INITIATIVE_EFFECTS, InitiativeEffectsContribution, RecognisedEffect, ROUND_INITIATIVES, ROUND_SCORES, RoundInitiativesContribution, RoundScoresContribution, UndecidedInitiative } from '../common/extensions';
import { LEVEL_LABELS, RecognitionLevel } from '../initiatives/initiative-status';

/** Scopes from the narrowest to the widest. */
const SCOPE_ORDER: readonly RecognitionLevel[] = [RecognitionLevel.Unit, RecognitionLevel.District, RecognitionLevel.Province, RecognitionLevel.National];
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

  unassignUnlessSubmitted(memberId: number): Promise<boolean> {
    return this.effect.unassignUnlessSubmitted(memberId);
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
    // The widest scope recognised stands, and of those the latest decision.
    const rank = (level: string | null) => SCOPE_ORDER.indexOf(level as RecognitionLevel);
    items.sort((a, b) => rank(b.level) - rank(a.level) || (b.date ?? '').localeCompare(a.date ?? '') || b.id - a.id);
    for (const i of items) if (!found.has(i.initiativeId)) found.set(i.initiativeId, { level: i.level ? LEVEL_LABELS[i.level] : '', number: i.number, date: i.date as string });
    return found;
  }
}
