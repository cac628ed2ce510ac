import { DATASETS, dictionary, INITIATIVES, toCsv, toJson } from './datasets';
import { openDataDue } from './open-data.service';

describe('the open-data files', () => {
  const row = { id: 7, code: 'SK-2022-0005', year: 2022, title: '=Mã QR, "một cửa"', unit: 'UBND xã Vĩnh Thái', unitNow: 'UBND xã Vĩnh Hoàng', field: 'Cải cách TTHC', level: 'Cấp cơ sở', decisionNumber: '15/QĐ-UBND', decisionDate: '2022-12-20', adoptedUnits: 2 };

  it('writes CSV with a byte-order mark, quoting and neutralising what a spreadsheet would misread', () => {
    const csv = toCsv(INITIATIVES, [row]);
    expect(csv.startsWith('\uFEFFma,nam,ten,')).toBe(true);
    expect(csv).toContain(`SK-2022-0005,2022,"'=Mã QR, ""một cửa""",UBND xã Vĩnh Thái,UBND xã Vĩnh Hoàng,`);
    expect(csv.endsWith(',2022-12-20,2,/catalogue/7\r\n')).toBe(true);
    // The unit of today is left empty when it is the same.
    expect(toCsv(INITIATIVES, [{ ...row, unitNow: row.unit }])).toContain(',UBND xã Vĩnh Thái,,');
  });

  it('writes JSON keyed by the same columns, numbers as numbers', () => {
    expect(JSON.parse(toJson(INITIATIVES, [row]))[0]).toMatchObject({ ma: 'SK-2022-0005', nam: 2022, so_don_vi_da_ap_dung: 2, ngay_quyet_dinh: '2022-12-20' });
  });

  it('has a dictionary entry for every column of every file, each with a type and a meaning', () => {
    const entries = dictionary();
    expect(entries).toHaveLength(DATASETS.reduce((n, d) => n + d.columns.length, 0));
    for (const e of entries) expect(e.meaning.length).toBeGreaterThan(5);
    for (const d of DATASETS) expect(new Set(d.columns.map((c) => c.name)).size).toBe(d.columns.length);
  });

  it('is rebuilt once a day, from 03:00 in Vietnam', () => {
    const before = new Date('2026-12-06T19:59:00Z'); // 02:59 on 07/12 in Vietnam
    const after = new Date('2026-12-06T20:00:00Z'); // 03:00
    expect(openDataDue(null, before)).toBe(false);
    expect(openDataDue(null, after)).toBe(true);
    expect(openDataDue(new Date('2026-12-06T05:00:00Z'), after)).toBe(true);
    expect(openDataDue(new Date('2026-12-06T20:00:00Z'), new Date('2026-12-07T10:00:00Z'))).toBe(false);
  });
});
