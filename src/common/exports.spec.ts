import { csvField } from './exports';

describe(csvField.name, () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('Xã Vĩnh Hòa, Vĩnh Linh')).toBe('"Xã Vĩnh Hòa, Vĩnh Linh"');
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvField('a;b')).toBe('"a;b"');
  });
  it('writes dates as dd/mm/yyyy and empties as nothing', () => {
    expect(csvField('2023-05-01', true)).toBe('01/05/2023');
    expect(csvField(null)).toBe('');
  });
  it('neutralises formulas but keeps negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-12,5')).toBe('"-12,5"');
    expect(csvField(-3)).toBe('-3');
  });
});
