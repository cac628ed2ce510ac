import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { ExportedSheet, exportedSheets } from '../common/exports';
import { formatInteger } from '../common/numbers';
import { oneLine } from '../common/validation';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditAction, AuditService } from './audit.service';
import { contextOf } from '../common/request-context';

/** How the download of one file route is recorded. */
export interface AuditedDownload {
  action: AuditAction;
  /** What the person did, as the summary begins ("Xuất danh sách sáng kiến"). */
  what: string;
  entityType: string;
  /** The route parameter holding the record's id, if the file is of one record. */
  idParam?: string;
}

const list = (what: string, entityType: string, idParam?: string): AuditedDownload => ({ action: 'export.list', what, entityType, idParam });

/**
 * Every GET route that serves a file (.xlsx, .csv, .docx), by its path as the router
 * declares it, with how its download is recorded, or null for a file that holds no record
 * (a blank import template). The spec beside this file fails when a file route of a
 * controller is missing here, so a new export is decided on, not forgotten.
 */
export const AUDITED_DOWNLOADS: Readonly<Record<string, AuditedDownload | null>> = {
  '/initiatives/export.xlsx': list('Xuất danh sách sáng kiến', 'initiative'),
  '/initiatives/export.csv': list('Xuất danh sách sáng kiến', 'initiative'),
  '/programmes/:id/export.xlsx': list('Xuất kết quả nhân rộng của kế hoạch', 'programme', 'id'),
  '/programmes/:id/export.csv': list('Xuất kết quả nhân rộng của kế hoạch', 'programme', 'id'),
  '/programmes/:id/rates.csv': list('Xuất tỷ lệ áp dụng của kế hoạch', 'programme', 'id'),
  '/rounds/:id/results.xlsx': list('Xuất bảng tổng hợp kết quả chấm điểm', 'round', 'id'),
  '/programmes/:id/template.xlsx': { action: 'export.template', what: 'Tải mẫu báo cáo áp dụng của kế hoạch', entityType: 'programme', idParam: 'id' },
  '/units/:id/adoptions/template.xlsx': { action: 'export.template', what: 'Tải mẫu báo cáo áp dụng của đơn vị', entityType: 'unit', idParam: 'id' },
  '/users/import/result/passwords.csv': { action: 'user.passwords_file', what: 'Tải tệp mật khẩu tạm thời', entityType: 'user' },
  '/rounds/:id/minutes.docx': { action: 'document.minutes', what: 'Tải biên bản họp hội đồng', entityType: 'round', idParam: 'id' },
  '/rounds/:id/recognition.docx': { action: 'document.recognition', what: 'Tải quyết định công nhận sáng kiến', entityType: 'round', idParam: 'id' },
  '/initiatives/:id/certificate.docx': { action: 'document.certificate', what: 'Tải giấy chứng nhận sáng kiến', entityType: 'initiative', idParam: 'id' },
  '/effect-items/:id/giay-xac-nhan.docx': { action: 'document.effect_certificate', what: 'Tải giấy xác nhận hiệu quả áp dụng, phạm vi ảnh hưởng', entityType: 'effect-item', idParam: 'id' },
  '/effect-items/:id/quyet-dinh.docx': { action: 'document.effect_decision', what: 'Tải quyết định công nhận hiệu quả áp dụng, phạm vi ảnh hưởng', entityType: 'effect-item', idParam: 'id' },
  '/account/recognitions.xlsx': list('Xuất danh sách sáng kiến được công nhận của mình', 'user'),
  '/account/recognitions.csv': list('Xuất danh sách sáng kiến được công nhận của mình', 'user'),
  '/users/:id/recognitions.xlsx': list('Xuất danh sách sáng kiến được công nhận của một người', 'user', 'id'),
  '/users/:id/recognitions.csv': list('Xuất danh sách sáng kiến được công nhận của một người', 'user', 'id'),
  '/users/import/template.csv': null,
  '/units/import/template.csv': null,
};

/** The filters of a list as the audit names them; other query parameters are named by their key. */
const FILTERS: Record<string, { label: string; show?: (v: string) => string }> = {
  year: { label: 'năm' },
  round: { label: 'đợt xét', show: (v) => `#${v}` },
  unit: { label: 'đơn vị', show: (v) => `#${v}` },
  field: { label: 'lĩnh vực', show: (v) => `#${v}` },
  status: { label: 'trạng thái' },
  level: { label: 'phạm vi ảnh hưởng' },
  q: { label: 'từ khóa', show: (v) => `"${v}"` },
  sort: { label: 'sắp xếp' },
};
/** Not filters: which page of the list was on screen, the CSV's separator. */
const NOT_FILTERS = new Set(['page', 'sep']);

/** The file name a Content-Disposition header gives (its UTF-8 form first). */
export function filenameOf(header: unknown): string | null {
  const value = Array.isArray(header) ? String(header[0]) : typeof header === 'string' ? header : '';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(value);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed encoding: the plain name below
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(value)?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(value)?.[1]?.trim() ?? null;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

/** The filters of a list's query, as read in the audit ("năm 2022, từ khóa "cai cach""). */
export function filtersOf(query: Record<string, unknown>): string {
  return Object.entries(query)
    .filter(([key, value]) => !NOT_FILTERS.has(key) && typeof value === 'string' && value.trim() !== '')
    .map(([key, value]) => {
      const v = clip(oneLine(String(value).trim()), 100);
      const filter = FILTERS[key];
      return filter ? `${filter.label} ${filter.show ? filter.show(v) : v}` : `${clip(oneLine(key), 30)}=${v}`;
    })
    .join(', ');
}

/** The summary of a download: what, which file, how many rows (per sheet of a workbook), the filters. */
export function downloadSummary(what: string, filename: string | null, sheets: ExportedSheet[], query: Record<string, unknown>): string {
  const rows = sheets.map((s) => `${s.sheet ? `${s.sheet} ` : ''}${formatInteger(s.rows)} dòng`).join(', ');
  const filters = filtersOf(query);
  return `${what}${filename ? `: ${filename}` : ''}${rows ? `, ${rows}` : ''}${filters ? `; bộ lọc: ${filters}` : ''}`;
}

/**
 * Records each download of a file route in the audit before the file's first byte leaves:
 * the first write (or the end) waits for the event to be written, and what the writer sends
 * meanwhile is held back in order. A streamed export knows its row counts only at its end:
 * they are added to the event's summary before the last byte leaves. A refused or failed
 * request (status 400 and above) records nothing; if the event cannot be written, nothing
 * of the file is delivered.
 */
@Injectable()
export class DownloadAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('DownloadAudit');

  constructor(
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    const download = req.method === 'GET' && typeof routePath === 'string' ? AUDITED_DOWNLOADS[routePath] : undefined;
    if (download) this.recordBeforeFirstByte(req, context.switchToHttp().getResponse<Response>(), download);
    return next.handle();
  }

  /** Wraps the response's write and end (see the class). */
  recordBeforeFirstByte(req: Request, res: Response, download: AuditedDownload): void {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let state: 'idle' | 'recording' | 'recorded' | 'failed' | 'passing' = 'idle';
    let eventId = 0;
    let countsRecorded = false;
    const held: { end: boolean; args: unknown[] }[] = [];

    const finish = (args: unknown[]) => {
      const sheets = exportedSheets(res);
      if (countsRecorded || sheets.length === 0) return void end(...args);
      this.uow
        .run(() => {
          this.uow.changes(); // the download's own audit entry: nothing any cache holds
          return this.audit.amendSummary(eventId, this.summary(req, res, download));
        })
        .catch((e: unknown) => this.logger.error(`row counts of the download of ${req.originalUrl} not added to its audit entry: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => end(...args));
    };
    const begin = () => {
      state = 'recording';
      countsRecorded = exportedSheets(res).length > 0;
      this.uow
        .run(() => {
          this.uow.changes();
          return this.audit.logged(contextOf(req), { action: download.action, entityType: download.entityType, entityId: this.entityId(req, download), summary: this.summary(req, res, download) });
        })
        .then(
          (id) => {
            eventId = id;
            state = 'recorded';
            for (const h of held.splice(0)) {
              if (h.end) finish(h.args);
              else write(...h.args);
            }
          },
          (e: unknown) => {
            state = 'failed';
            held.length = 0;
            this.logger.error(`download of ${req.originalUrl} not recorded in the audit, not delivered: ${e instanceof Error ? e.message : String(e)}`);
            res.destroy();
          },
        );
    };
    res.write = ((...args: unknown[]) => {
      if (state === 'idle') {
        if (res.statusCode >= 400) state = 'passing';
        else begin();
      }
      if (state === 'passing' || state === 'recorded') return write(...args);
      if (state === 'failed') return false;
      held.push({ end: false, args });
      return true;
    }) as Response['write'];
    res.end = ((...args: unknown[]) => {
      if (state === 'idle') {
        if (res.statusCode >= 400) state = 'passing';
        else begin();
      }
      if (state === 'passing') return end(...args);
      if (state === 'recorded') finish(args);
      else if (state === 'recording') held.push({ end: true, args });
      return res;
    }) as Response['end'];
  }

  private entityId(req: Request, download: AuditedDownload): string | null {
    const param: unknown = download.idParam ? req.params[download.idParam] : undefined;
    return typeof param === 'string' ? param.slice(0, 64) : null;
  }

  private summary(req: Request, res: Response, download: AuditedDownload): string {
    return downloadSummary(download.what, filenameOf(res.getHeader('Content-Disposition')), exportedSheets(res), req.query as Record<string, unknown>);
  }
}
