import { ArgumentsHost, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { concurrentChangeLine, HttpExceptionFilter, isConcurrentChange, isDatabaseBusy } from './http-exception.filter';

/** A database refusal as TypeORM throws it: the driver's error, whose message it takes. */
function refused(driverError: Record<string, unknown> & { message: string }): QueryFailedError {
  return new QueryFailedError('INSERT INTO "adoption_reports" …', [], Object.assign(new Error(driverError.message), driverError));
}

const PG_DUPLICATE = refused({
  message: 'duplicate key value violates unique constraint "IDX_adoption_reports_version"',
  code: '23505',
  table: 'adoption_reports',
  constraint: 'IDX_adoption_reports_version',
  detail: 'Key ("adoptionId", version)=(62, 1) already exists.',
});
const SQLITE_UNIQUE = refused({ message: 'SQLITE_CONSTRAINT: UNIQUE constraint failed: adoption_reports.adoptionId, adoption_reports.version', code: 'SQLITE_CONSTRAINT' });

function host(req: Partial<Request>, res: Partial<Response>): ArgumentsHost {
  return { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
}

describe('concurrent changes', () => {
  it('are the refusals of a constraint or of a concurrent transaction, on both databases', () => {
    expect(isConcurrentChange(PG_DUPLICATE)).toBe(true);
    expect(isConcurrentChange(SQLITE_UNIQUE)).toBe(true);
    expect(isConcurrentChange(refused({ message: 'could not obtain lock on row', code: '55P03' }))).toBe(false);
    expect(isConcurrentChange(refused({ message: 'syntax error', code: '42601' }))).toBe(false);
    expect(isConcurrentChange(new Error('UNIQUE constraint failed: x'))).toBe(false);
  });

  it('are logged with what the database said: code, table, constraint and the key taken', () => {
    expect(concurrentChangeLine(PG_DUPLICATE)).toBe(
      'duplicate key value violates unique constraint "IDX_adoption_reports_version" (23505; table adoption_reports; constraint IDX_adoption_reports_version; Key ("adoptionId", version)=(62, 1) already exists.)',
    );
    expect(concurrentChangeLine(SQLITE_UNIQUE)).toBe('SQLITE_CONSTRAINT: UNIQUE constraint failed: adoption_reports.adoptionId, adoption_reports.version (SQLITE_CONSTRAINT)');
  });

  it('answer 409 and leave a warning naming the request and the database error', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const res = { headersSent: false, status: jest.fn(), render: jest.fn(), json: jest.fn() };
    res.status.mockReturnValue(res);
    const req = { method: 'POST', originalUrl: '/adoptions/62', accepts: jest.fn().mockReturnValue('html') };
    new HttpExceptionFilter().catch(PG_DUPLICATE, host(req as unknown as Request, res as unknown as Response));
    expect(res.status).toHaveBeenCalledWith(409);
    expect(res.render).toHaveBeenCalledWith('errors/error', expect.objectContaining({ status: 409 }));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('409 POST /adoptions/62: duplicate key value violates unique constraint "IDX_adoption_reports_version" (23505;'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Key ("adoptionId", version)=(62, 1) already exists.'));
    warn.mockRestore();
  });
});

describe('a busy database', () => {
  const PG_LOCK_TIMEOUT = refused({ message: 'canceling statement due to lock timeout', code: '55P03' });
  const SQLITE_BUSY = refused({ message: 'SQLITE_BUSY: database is locked', code: 'SQLITE_BUSY' });

  it('is a lock not obtained in time on PostgreSQL or a database locked past busy_timeout on SQLite, not a conflict', () => {
    expect(isDatabaseBusy(PG_LOCK_TIMEOUT)).toBe(true);
    expect(isDatabaseBusy(SQLITE_BUSY)).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isDatabaseBusy(PG_DUPLICATE)).toBe(false);
    expect(isDatabaseBusy(SQLITE_UNIQUE)).toBe(false);
    expect(isDatabaseBusy(new Error('database is locked'))).toBe(false);
  });

  it('answers 503 with Retry-After and a message saying nothing was saved, never 500 or 409', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    for (const busy of [PG_LOCK_TIMEOUT, SQLITE_BUSY]) {
      const res = { headersSent: false, status: jest.fn(), render: jest.fn(), json: jest.fn(), setHeader: jest.fn() };
      res.status.mockReturnValue(res);
      const req = { method: 'POST', originalUrl: '/adoptions/62', accepts: jest.fn().mockReturnValue('html') };
      new HttpExceptionFilter().catch(busy, host(req as unknown as Request, res as unknown as Response));
      expect(res.status).toHaveBeenCalledWith(503);
      expect(res.setHeader).toHaveBeenCalledWith('Retry-After', '5');
      expect(res.render).toHaveBeenCalledWith('errors/error', expect.objectContaining({ status: 503, message: expect.stringContaining('chưa được lưu') }));
    }
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('503 POST /adoptions/62: cơ sở dữ liệu bận'));
    warn.mockRestore();
  });
});
