import { Global, Injectable, Module, SetMetadata } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Viewer } from './viewer';
import type { RequestContext } from './request-context';

/**
 * Extension points: a feature contributes to another feature's page or rule by declaring a
 * provider with @Contributes(POINT); the owner of the point asks Extensions.of(POINT). One
 * visible mechanism (grep for the point's name) instead of callbacks registered at start-up,
 * and no import from the owner to the contributor.
 */
const EXTENSION_KEY = 'extension:point';

export const Contributes = (point: symbol) => SetMetadata(EXTENSION_KEY, point);

/** Extra keys for the initiative page, from the features that know more of it (decisions, replication). */
export const INITIATIVE_PAGE = Symbol('initiative-page');
export interface InitiativePageContribution {
  extend(initiative: { id: number; status: string }, viewer: { user: Viewer | undefined; scope: ReadonlySet<number> }): Promise<Record<string, unknown>>;
}

/** Who may download the files of one owner type (an initiative, an adoption report). */
export const ATTACHMENT_OWNER = Symbol('attachment-owner');
export interface AttachmentOwnerContribution {
  readonly ownerType: string;
  canDownload(ctx: RequestContext, attachment: { ownerId: number | null; visibility: string }): Promise<boolean>;
}

/** The council's work in a round, answered by the reviews feature (which the rounds feature does not import). */
export const ROUND_SCORES = Symbol('round-scores');
export interface RoundScoresContribution {
  /** Whether the round has sheets: its criteria are then frozen. */
  scoresExist(roundId: number): Promise<boolean>;
  /** Whether any member's vote is recorded in the round (answered by the decisions feature). */
  votesExist?(roundId: number): Promise<boolean>;
  /** A seat leaves the council with its assignments, unless it submitted a sheet (false then). */
  unassignUnlessSubmitted(memberId: number): Promise<boolean>;
}

/** An initiative of a round that still waits for the council's decision. */
export interface UndecidedInitiative {
  id: number;
  code: string | null;
  title: string;
  /** Where its decision is recorded (an initiative's decision page when not given). */
  href?: string;
}

/** The initiatives of a round, answered by the initiatives feature (which imports the rounds feature, not the reverse). */
export const ROUND_INITIATIVES = Symbol('round-initiatives');
export interface RoundInitiativesContribution {
  /** Those submitted or under review, without a decision yet, by code. */
  undecided(roundId: number): Promise<UndecidedInitiative[]>;
  /** How many initiatives the round holds, whatever their status (their codes carry its year). */
  held(roundId: number): Promise<number>;
}

/** Extra keys for a round's page, from the features that hold more of it (the items of a round of effect and scope). */
export const ROUND_PAGE = Symbol('round-page');
export interface RoundPageContribution {
  extend(ctx: RequestContext, round: { id: number; kind: string; status: string }, viewer: { manage: boolean; seated: boolean }): Promise<Record<string, unknown>>;
}

/** An initiative's effect and scope of influence as a council recognised it (the latest decision). */
export interface RecognisedEffect {
  level: string;
  number: string;
  date: string;
}

/** The effect and scope recognised for initiatives, answered by the feature of rounds of effect and scope (which imports the decisions feature, not the reverse). */
export const INITIATIVE_EFFECTS = Symbol('initiative-effects');
export interface InitiativeEffectsContribution {
  recognised(initiativeIds: number[]): Promise<Map<number, RecognisedEffect>>;
}

/** A person of a unit, as the unit's page lists them. */
export interface UnitMember {
  id: number;
  fullName: string;
  position: string;
  active: boolean;
  roleLabels: string[];
}

/** The people of a unit, answered by the users feature (which imports the units feature, not the reverse). */
export const UNIT_MEMBERS = Symbol('unit-members');
export interface UnitMembersContribution {
  /** Every account of the unit, active or not, by name. */
  inUnit(unitId: number): Promise<UnitMember[]>;
  /** After a merger: the people of the ended units belong to the successor (inside the merger's unit of work). */
  moveToUnit(fromUnitIds: number[], toUnitId: number): Promise<void>;
}

@Injectable()
export class Extensions {
  private readonly found = new Map<symbol, unknown[]>();

  constructor(private readonly discovery: DiscoveryService) {}

  /** The providers contributing to a point (found once, after the application has started). */
  of<T>(point: symbol): T[] {
    let list = this.found.get(point);
    if (!list) {
      list = this.discovery
        .getProviders()
        .filter((w) => w.metatype && w.instance && Reflect.getMetadata(EXTENSION_KEY, w.metatype) === point)
        .map((w) => w.instance as unknown);
      this.found.set(point, list);
    }
    return list as T[];
  }
}

@Global()
@Module({ imports: [DiscoveryModule], providers: [Extensions], exports: [Extensions] })
export class ExtensionsModule {}
