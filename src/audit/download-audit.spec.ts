import { downloadRoutes } from '../../test/download-routes';
import { AUDIT_ACTION_LABELS } from './audit.service';
import { AUDITED_DOWNLOADS, downloadSummary, filenameOf, filtersOf } from './download-audit';

describe('AUDITED_DOWNLOADS', () => {
  it('decides, for every file route of the controllers, how its download is recorded', () => {
    expect(Object.keys(AUDITED_DOWNLOADS).sort()).toEqual(downloadRoutes());
  });

  it('records every list, template, password file and council document, each with a labelled action', () => {
    for (const [path, download] of Object.entries(AUDITED_DOWNLOADS)) {
      if (download === null) expect(path).toMatch(/\/import\/template\.csv$/);
      else expect(AUDIT_ACTION_LABELS[download.action]).toBeDefined();
    }
  });
});

describe(filenameOf.name, () => {
  it('reads the UTF-8 name first, else the plain one', () => {
    expect(filenameOf(`attachment; filename="bien-ban.docx"; filename*=UTF-8''bi%C3%AAn-b%E1%BA%A3n.docx`)).toBe('biên-bản.docx');
    expect(filenameOf('attachment; filename="danh-sach-sang-kien.csv"')).toBe('danh-sach-sang-kien.csv');
    expect(filenameOf('attachment; filename=mau.csv')).toBe('mau.csv');
    expect(filenameOf(undefined)).toBeNull();
  });
});

describe(filtersOf.name, () => {
  it('names the filters of a list in Vietnamese, leaving out the page, the separator and empty ones', () => {
    expect(filtersOf({ year: '2022', q: 'cai cach', unit: '12', status: '', page: '3', sep: 'semicolon' })).toBe('năm 2022, từ khóa "cai cach", đơn vị #12');
  });

  it('keeps what was typed on one line and short', () => {
    expect(filtersOf({ q: `a\r\nb${'x'.repeat(200)}` })).toBe(`từ khóa "a b${'x'.repeat(97)}…"`);
    expect(filtersOf({ khac: 'y', mang: ['a', 'b'] })).toBe('khac=y');
  });
});

describe(downloadSummary.name, () => {
  it('says what, which file, the rows of each sheet and the filters', () => {
    expect(downloadSummary('Xuất danh sách sáng kiến', 'danh-sach-sang-kien.csv', [{ sheet: '', rows: 1234 }], { year: '2023' })).toBe('Xuất danh sách sáng kiến: danh-sach-sang-kien.csv, 1.234 dòng; bộ lọc: năm 2023');
    expect(downloadSummary('Xuất kết quả nhân rộng của kế hoạch', 'nhan-rong-2023-1.xlsx', [{ sheet: 'Ma trận áp dụng', rows: 5 }, { sheet: 'Tỷ lệ áp dụng', rows: 5 }], {})).toBe(
      'Xuất kết quả nhân rộng của kế hoạch: nhan-rong-2023-1.xlsx, Ma trận áp dụng 5 dòng, Tỷ lệ áp dụng 5 dòng',
    );
    expect(downloadSummary('Tải biên bản họp hội đồng', 'bien-ban.docx', [], {})).toBe('Tải biên bản họp hội đồng: bien-ban.docx');
  });
});
