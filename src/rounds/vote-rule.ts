// The council's vote rule of a round, from its province's regulation: how many of all the
// council's members must vote for an initiative to recognise it. Pure; tested beside.

export type VoteRule = 'two_thirds' | 'more_than_half';

/** Today's rule first: at least two thirds of the members. */
export const VOTE_RULES: readonly VoteRule[] = ['two_thirds', 'more_than_half'];

export const DEFAULT_VOTE_RULE: VoteRule = 'two_thirds';

export const VOTE_RULE_LABELS: Record<VoteRule, string> = {
  two_thirds: 'Ít nhất 2/3 tổng số thành viên hội đồng đồng ý',
  more_than_half: 'Trên 1/2 (quá nửa) tổng số thành viên hội đồng đồng ý',
};

/** As the rule is written in brackets after a count: "(2/3)", "(quá 1/2)". */
export const VOTE_RULE_SHORT: Record<VoteRule, string> = { two_thirds: '2/3', more_than_half: 'quá 1/2' };

export function isVoteRule(v: unknown): v is VoteRule {
  return typeof v === 'string' && (VOTE_RULES as readonly string[]).includes(v);
}

/** A stored rule, or today's for a value this version does not know. */
export function voteRuleOf(v: unknown): VoteRule {
  return isVoteRule(v) ? v : DEFAULT_VOTE_RULE;
}

/** Members needed in favour, out of the whole council: 2/3 of 6 is 4, more than half of 5 is 3, of 6 is 4. */
export function votesNeeded(councilSize: number, rule: VoteRule = DEFAULT_VOTE_RULE): number {
  if (rule === 'more_than_half') return Math.floor(councilSize / 2) + 1;
  return Math.ceil((2 * councilSize) / 3);
}

/** "ít nhất 4 trên 5 thành viên (2/3)". */
export function neededPhrase(councilSize: number, rule: VoteRule): string {
  return `ít nhất ${votesNeeded(councilSize, rule)} trên ${councilSize} thành viên (${VOTE_RULE_SHORT[rule]})`;
}
