import { neededPhrase, voteRuleOf, votesNeeded } from './vote-rule';

describe('the vote rule of a round', () => {
  it('needs two thirds of all members by default, rounded up', () => {
    expect([3, 4, 5, 6, 7, 9].map((n) => votesNeeded(n))).toEqual([2, 3, 4, 4, 5, 6]);
    expect(votesNeeded(5, 'two_thirds')).toBe(4);
  });

  it('needs more than half of all members under "quá 1/2": 3 of 5, 4 of 6', () => {
    expect([3, 4, 5, 6, 7].map((n) => votesNeeded(n, 'more_than_half'))).toEqual([2, 3, 3, 4, 4]);
  });

  it('reads an unknown stored value as today\'s rule, and words the count with its rule', () => {
    expect(voteRuleOf('more_than_half')).toBe('more_than_half');
    expect(voteRuleOf('unanimous')).toBe('two_thirds');
    expect(voteRuleOf(undefined)).toBe('two_thirds');
    expect(neededPhrase(5, 'more_than_half')).toBe('ít nhất 3 trên 5 thành viên (quá 1/2)');
    expect(neededPhrase(6, 'two_thirds')).toBe('ít nhất 4 trên 6 thành viên (2/3)');
  });
});
