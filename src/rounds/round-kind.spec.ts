import { EFFECT_CRITERIA, roundKindOf, scopeRuleOf, scopeRuleText, takesInitiatives } from './round-kind';

describe('round kinds', () => {
  it('reads a stored kind, a value this version does not know as a round of recognition', () => {
    expect(roundKindOf('effect')).toBe('effect');
    expect(roundKindOf('recognition')).toBe('recognition');
    expect(roundKindOf('award')).toBe('recognition');
    expect(roundKindOf(undefined)).toBe('recognition');
  });

  it('takes submissions into rounds of recognition only', () => {
    expect(takesInitiatives({ kind: 'recognition' })).toBe(true);
    expect(takesInitiatives({ kind: null })).toBe(true);
    expect(takesInitiatives({ kind: 'effect' })).toBe(false);
  });

  it('states the rule of the proposed scope, the default for a round of before', () => {
    expect(scopeRuleOf({})).toEqual({ units: 10, communeShare: 20 });
    expect(scopeRuleOf({ scopeUnits: 2, scopeCommuneShare: 12.5 })).toEqual({ units: 2, communeShare: 12.5 });
    expect(scopeRuleText({ scopeUnits: 2, scopeCommuneShare: 12.5 })).toBe('cấp tỉnh khi ≥ 2 đơn vị hoặc ≥ 12,5% số xã, phường, đặc khu áp dụng');
  });

  it('seeds a sheet of 100 points for a round of effect and scope', () => {
    expect(EFFECT_CRITERIA.reduce((a, c) => a + c.maxPoints, 0)).toBe(100);
  });
});
