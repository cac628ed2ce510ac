import { InitiativeSearch, searchWords } from './initiative-search';

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

describe('InitiativeSearch.tsQuery (PostgreSQL)', () => {
  it('makes the same words as the SQLite expression: all required, the last as a prefix', () => {
    expect(InitiativeSearch.tsQuery('Cải cách')).toBe('cai & cach:*');
    expect(InitiativeSearch.tsQuery('Đức Hạnh')).toBe('duc & hanh:*');
  });
  it('leaves no tsquery syntax from user input', () => {
    expect(InitiativeSearch.tsQuery("'một cửa' | !x & (y):*")).toBe('mot & cua & x & y:*');
    expect(InitiativeSearch.tsQuery(' ^ : ( ) ')).toBeNull();
  });
});

describe(searchWords.name, () => {
  it('indexes the words the queries look for, on both databases', () => {
    expect(searchWords('SK-2022-0002: Bộ phận Một cửa xã Vĩnh Hòa (đất đai)')).toEqual(['sk', '2022', '0002', 'bo', 'phan', 'mot', 'cua', 'xa', 'vinh', 'hoa', 'dat', 'dai']);
  });
});
