import { downloadRoutes } from '../../test/download-routes';
import { fakeUnitOfWork } from '../../test/utils/mocks';
import { AUDIT_ACTION_LABELS } from './audit.service';
import { noteRows } from '../common/exports';
import { AUDITED_DOWNLOADS, AuditedDownload, DownloadAuditInterceptor, downloadSummary, filenameOf, filtersOf } from './download-audit';

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

describe(DownloadAuditInterceptor.name, () => {
  /** A response as the interceptor sees it: what reached the client, in order. */
  function response() {
    const sent: string[] = [];
    const res = {
      statusCode: 200,
      locals: {} as Record<string, unknown>,
      headers: { 'content-disposition': 'attachment; filename="danh-sach.csv"' } as Record<string, string>,
      getHeader(name: string) {
        return this.headers[name.toLowerCase()];
      },
      write(chunk: string) {
        sent.push(chunk);
        return true;
      },
      end(chunk?: string) {
        if (chunk) sent.push(chunk);
        sent.push('<end>');
        return this;
      },
      destroy: jest.fn(),
    };
    return { res, sent };
  }

  function setup(logged: () => Promise<number>) {
    const audit = { logged: jest.fn(logged), amendSummary: jest.fn(async () => undefined) };
    const sut = new DownloadAuditInterceptor(audit as never, fakeUnitOfWork());
    const req = { currentUser: undefined, ip: '127.0.0.1', params: {}, query: {}, originalUrl: '/initiatives/export.csv' };
    return { sut, audit, req };
  }
  const flush = () => new Promise((r) => setImmediate(r));

  it('lets no byte of a file out before its audit entry is written, then sends everything in order and adds the row counts before the last byte', async () => {
    let recorded: (id: number) => void = () => undefined;
    const { sut, audit, req } = setup(() => new Promise<number>((r) => (recorded = r)));
    const { res, sent } = response();
    sut.recordBeforeFirstByte(req as never, res as never, AUDITED_DOWNLOADS['/initiatives/export.csv'] as AuditedDownload);
    res.write('dòng 1\n');
    res.write('dòng 2\n');
    noteRows(res as never, '', 2);
    res.end();
    await flush();
    expect(sent).toEqual([]);
    expect(audit.logged).toHaveBeenCalledTimes(1);
    expect((audit.logged.mock.calls[0] as unknown[])[1]).toMatchObject({ action: 'export.list', summary: 'Xuất danh sách sáng kiến: danh-sach.csv' });
    recorded(7);
    await flush();
    expect(audit.amendSummary).toHaveBeenCalledWith(7, 'Xuất danh sách sáng kiến: danh-sach.csv, 2 dòng');
    expect(sent).toEqual(['dòng 1\n', 'dòng 2\n', '<end>']);
  });

  it('delivers nothing when the entry cannot be written, and records nothing for a refused request', async () => {
    const { sut, req } = setup(() => Promise.reject(new Error('database is locked')));
    const failed = response();
    sut.recordBeforeFirstByte(req as never, failed.res as never, AUDITED_DOWNLOADS['/initiatives/export.csv'] as AuditedDownload);
    failed.res.write('dòng 1\n');
    failed.res.end();
    await flush();
    expect(failed.sent).toEqual([]);
    expect(failed.res.destroy).toHaveBeenCalled();

    const refused = setup(async () => 1);
    const page = response();
    page.res.statusCode = 403;
    refused.sut.recordBeforeFirstByte(refused.req as never, page.res as never, AUDITED_DOWNLOADS['/initiatives/export.csv'] as AuditedDownload);
    page.res.end('Không có quyền');
    expect(page.sent).toEqual(['Không có quyền', '<end>']);
    expect(refused.audit.logged).not.toHaveBeenCalled();
  });
});
