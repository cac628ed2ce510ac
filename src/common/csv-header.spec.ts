import { parseCsv } from './csv';
import { CsvColumn, csvHeaderRow, headerColumns } from './csv-header';

const columns: CsvColumn[] = [
  { key: 'code', title: 'Mã đơn vị' },
  { key: 'name', title: 'Tên đơn vị' },
  { key: 'parent_code', title: 'Mã đơn vị cấp trên' },
];

describe(headerColumns.name, () => {
  it('reads the Vietnamese names of the template in any case, with spaces around, and the codes', () => {
    expect(headerColumns(['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên'], columns)).toEqual({ keys: ['code', 'name', 'parent_code'] });
    expect(headerColumns(['  MÃ ĐƠN VỊ ', 'tên  đơn vị', ' mã đơn vị cấp trên'], columns)).toEqual({ keys: ['code', 'name', 'parent_code'] });
    expect(headerColumns(['NAME', 'code', 'Parent_Code'], columns)).toEqual({ keys: ['name', 'code', 'parent_code'] });
    // Decomposed marks (as some systems write them) and names typed without marks.
    expect(headerColumns(['Mã đơn vị'.normalize('NFD'), 'Ten don vi', 'parent_code'], columns)).toEqual({ keys: ['code', 'name', 'parent_code'] });
  });

  it('ignores a blank header cell (a trailing separator)', () => {
    expect(headerColumns(['code', 'name', 'parent_code', ''], columns)).toEqual({ keys: ['code', 'name', 'parent_code', null] });
  });

  it('refuses an unknown column, naming it and the columns it may be', () => {
    const result = headerColumns(['Mã đơn vị', 'Tên đơn vị', 'Mã cấp trên', 'Ghi chú'], columns);
    expect(result).toEqual({
      error:
        'Không nhận ra cột: "Mã cấp trên", "Ghi chú". Các cột dùng được (tên cột trong tệp mẫu hoặc mã cột): Mã đơn vị (code), Tên đơn vị (name), Mã đơn vị cấp trên (parent_code).',
    });
  });

  it('refuses a column given twice and one missing', () => {
    expect(headerColumns(['code', 'Mã đơn vị', 'name', 'parent_code'], columns)).toEqual({ error: 'Cột bị lặp: Mã đơn vị (code). Mỗi cột chỉ ghi một lần ở dòng đầu tiên.' });
    expect(headerColumns(['code', 'name'], columns)).toEqual({
      error: 'Thiếu cột: Mã đơn vị cấp trên (parent_code). Dòng đầu tiên phải có các cột: Mã đơn vị (code), Tên đơn vị (name), Mã đơn vị cấp trên (parent_code).',
    });
  });

  it('keeps plain codes as before: extra columns pass, the message lists the codes', () => {
    expect(headerColumns(['code', 'note'], ['code'])).toEqual({ keys: ['code', 'note'] });
    expect(headerColumns(['code'], ['code', 'kind'])).toEqual({ error: 'Thiếu cột: kind. Dòng đầu tiên phải là: code,kind' });
  });
});

describe(csvHeaderRow.name, () => {
  it('writes the Vietnamese names, quoting one that holds a separator', () => {
    expect(csvHeaderRow(columns)).toBe('Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên');
    expect(csvHeaderRow([{ key: 'a', title: 'Tên; ghi chú' }])).toBe('"Tên; ghi chú"');
  });
});

describe('parseCsv with named columns', () => {
  it('reads the values under the column codes', () => {
    const rows = parseCsv(Buffer.from('\uFEFF Tên đơn vị ;MÃ ĐƠN VỊ;mã đơn vị cấp trên\nXã A;X1;VL\n'), columns);
    expect(rows).toEqual([{ line: 2, values: { name: 'Xã A', code: 'X1', parent_code: 'VL' } }]);
  });

  it('refuses the file when a column is unknown', () => {
    expect(() => parseCsv(Buffer.from('Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Số điện thoại\nX1,A,,1\n'), columns)).toThrow('Không nhận ra cột: "Số điện thoại"');
  });
});
