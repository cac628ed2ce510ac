import { normalQuery } from './catalogue.view';

describe(normalQuery.name, () => {
  it('keeps the filter and the page as the catalogue reads them, and nothing else', () => {
    expect(normalQuery({ q: '  dịch vụ công ', year: '2022', unit: '4', page: '3', status: 'draft', utm_source: 'thu', sort: 'title', level: 'district' })).toEqual({
      q: 'dịch vụ công',
      year: '2022',
      unit: '4',
      sort: 'title',
      level: 'district',
      page: '3',
    });
    expect(normalQuery({ page: '1', year: 'x', sort: 'nonsense', q: '   ' })).toEqual({});
  });

  it('gives one query for every spelling of the same page', () => {
    expect(normalQuery({ q: 'a', page: '1' })).toEqual(normalQuery({ q: ' a ', utm: 'x' }));
  });
});
