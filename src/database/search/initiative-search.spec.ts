import { InitiativeSearch } from './initiative-search';

describe('InitiativeSearch.matchExpression', () => {
  it('folds diacritics and đ; every word must match, the last as a prefix', () => {
    expect(InitiativeSearch.matchExpression('Cải cách')).toBe('"cai" "cach"*');
    expect(InitiativeSearch.matchExpression('Đức Hạnh')).toBe('"duc" "hanh"*');
  });
  it('drops FTS syntax from user input', () => {
    expect(InitiativeSearch.matchExpression('"một cửa" OR -x*')).toBe('"mot" "cua" "or" "x"*');
    expect(InitiativeSearch.matchExpression(' ^ : ( ) ')).toBeNull();
  });
});
