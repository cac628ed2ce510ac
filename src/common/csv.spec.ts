import { CsvFormatError, detectDelimiter, parseCsv } from './csv';

const cols = ['code', 'name', 'kind'] as const;

describe(parseCsv.name, () => {
  it('reads a comma file with a BOM and Vietnamese text', () => {
    const rows = parseCsv(Buffer.from('\uFEFFcode,name,kind\nX1,Xã Vĩnh Hòa,commune\n'), cols);
    expect(rows).toEqual([{ line: 2, values: { code: 'X1', name: 'Xã Vĩnh Hòa', kind: 'commune' } }]);
  });

  it('reads a semicolon file without BOM, with quoted fields and CRLF', () => {
    const rows = parseCsv(Buffer.from('code;name;kind\r\nX1;"Xã Trung Nam; huyện Vĩnh Linh";commune\r\n\r\nX2;Phòng Nội vụ;department\r\n'), cols);
    expect(rows.map((r) => r.values.name)).toEqual(['Xã Trung Nam; huyện Vĩnh Linh', 'Phòng Nội vụ']);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('accepts columns in any order and case', () => {
    const rows = parseCsv(Buffer.from('Name,KIND,code\nA,commune,C1\n'), cols);
    expect(rows[0].values).toEqual({ name: 'A', kind: 'commune', code: 'C1' });
  });

  it('refuses a missing column, naming it', () => {
    expect(() => parseCsv(Buffer.from('code,name\nX1,A\n'), cols)).toThrow(/Thiếu cột: kind/);
  });

  it('refuses a file that is not UTF-8', () => {
    const latin1 = Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xe0, 0x0a]);
    expect(() => parseCsv(latin1, ['code'])).toThrow(CsvFormatError);
  });

  it('refuses an empty file and a broken quote', () => {
    expect(() => parseCsv(Buffer.from(''), cols)).toThrow(/trống/);
    expect(() => parseCsv(Buffer.from('code,name,kind\n"X1,A,commune\n'), cols)).toThrow(CsvFormatError);
  });
});

describe(detectDelimiter.name, () => {
  it('ignores separators inside quotes', () => {
    expect(detectDelimiter('"a;b;c",x,y\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n')).toBe(';');
  });
});
