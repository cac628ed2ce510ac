import { CallHandler, ExecutionContext, ForbiddenException } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { lastValueFrom, Observable, of, throwError } from 'rxjs';
import { automock } from '../../test/utils/mocks';
import { person } from '../../test/utils/context';
import { FormInvalidException } from '../common/exceptions';
import { contextOf } from '../common/request-context';
import { Role } from '../users/roles';
import { Attachment } from './attachment.entity';
import { AttachmentsService, PreparedFile } from './attachments.service';
import { ReceivedFiles } from './received-files';
import { Uploaded, UploadInterceptor, Uploads } from './upload.interceptor';

jest.mock('../common/uploads/multipart', () => ({
  ...jest.requireActual('../common/uploads/multipart'),
  // The multipart body itself is the e2e suites' (uploads-*.e2e-spec.ts): here it has arrived.
  receiveMultipart: jest.fn(async () => undefined),
}));

const file = (name: string): PreparedFile => ({ tmpPath: `/tmp/${name}`, storedName: `${name}.pdf`, originalName: `${name}.pdf`, mediaType: 'application/pdf', size: 10, sha256: 'x' });
const row = (id: number, name: string) => ({ id, originalName: name, size: 10 }) as Attachment;

class Routes {
  @Uploads('initiative', 'chosen')
  chosen() {}

  @Uploads('adoption', 'internal')
  evidence() {}
}

function setup(route: keyof Routes, body: Record<string, unknown>, prepared: PreparedFile[]) {
  const attachments = automock(AttachmentsService);
  attachments.multerOptions.mockReturnValue({});
  attachments.prepare.mockResolvedValue(prepared);
  attachments.stage.mockImplementation(async (files) => files.map((f, i) => row(100 + i, f.originalName)));
  attachments.staged.mockResolvedValue([row(7, 'truoc.pdf')]);
  const req = { body, files: [], ip: '127.0.0.1', currentUser: person(3, [Role.Author]) } as unknown as Request;
  const context = {
    getHandler: () => Routes.prototype[route],
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
  const sut = new UploadInterceptor(attachments, new Reflector());
  return { sut, attachments, req, context };
}

/** What the handler saw as its files, and what the route answered. */
async function run(route: keyof Routes, body: Record<string, unknown>, prepared: PreparedFile[], handler: (files: ReceivedFiles) => Observable<unknown>) {
  const s = setup(route, body, prepared);
  let seen: ReceivedFiles | undefined;
  const next: CallHandler = {
    handle: () => {
      // What @Uploaded() gives the handler: the files the interceptor received for this request.
      seen = uploadedOf(s.req);
      return handler(seen);
    },
  };
  const outcome = await lastValueFrom(s.sut.intercept(s.context, next)).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...s, seen, outcome };
}

/** @Uploaded() applied to a request (its factory, as Nest keeps it in the route's argument metadata). */
function uploadedOf(req: Request): ReceivedFiles {
  class Probe {
    handler(@Uploaded() files: ReceivedFiles) {
      return files;
    }
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<string, { factory: (data: unknown, ctx: ExecutionContext) => ReceivedFiles }>;
  const { factory } = Object.values(args)[0];
  return factory(undefined, { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext);
}

describe('UploadInterceptor (@Uploads)', () => {
  it('hands the handler the files checked by content', async () => {
    const { seen, outcome, attachments } = await run('chosen', {}, [file('a')], () => of('ok'));
    expect(attachments.prepare).toHaveBeenCalled();
    expect(seen?.files.map((f) => f.originalName)).toEqual(['a.pdf']);
    expect(outcome).toEqual({ value: 'ok' });
    expect(attachments.stage).not.toHaveBeenCalled();
  });

  it('keeps the files of a refused form with the visibility chosen on it, and lists them after those kept earlier', async () => {
    const { outcome, attachments, req } = await run('chosen', { attachmentVisibility: 'public', staged: ['7', 'x', '0'] }, [file('a'), file('b')], () => throwError(() => new FormInvalidException({ title: 'Vui lòng nhập tên.' }, { note: 'giữ' })));
    expect(attachments.stage).toHaveBeenCalledWith([expect.objectContaining({ originalName: 'a.pdf' }), expect.objectContaining({ originalName: 'b.pdf' })], 'initiative', 3, 'public');
    expect(attachments.staged).toHaveBeenCalledWith([7], 'initiative', 3);
    const error = (outcome as { error: FormInvalidException }).error;
    expect(error).toBeInstanceOf(FormInvalidException);
    expect(error.errors).toEqual({ title: 'Vui lòng nhập tên.' });
    expect(error.values).toEqual({
      note: 'giữ',
      staged: [
        { id: 7, name: 'truoc.pdf', size: 10 },
        { id: 100, name: 'a.pdf', size: 10 },
        { id: 101, name: 'b.pdf', size: 10 },
      ],
    });
    expect(contextOf(req).user.id).toBe(3);
  });

  it('keeps evidence as internal whatever the form says', async () => {
    const { attachments } = await run('evidence', { attachmentVisibility: 'public', staged: '7' }, [file('a')], () => throwError(() => new FormInvalidException({ reason: 'Vui lòng chọn lý do.' })));
    expect(attachments.stage).toHaveBeenCalledWith(expect.any(Array), 'adoption', 3, 'internal');
    expect(attachments.staged).toHaveBeenCalledWith([7], 'adoption', 3);
  });

  it('keeps nothing already placed (a refusal inside the save) and nothing of a refusal that is not the form\'s', async () => {
    const placed = await run('chosen', {}, [file('a')], (files) => {
      files.take();
      return throwError(() => new FormInvalidException({ attachments: 'Quá dung lượng.' }));
    });
    expect(placed.attachments.stage).not.toHaveBeenCalled();
    expect((placed.outcome as { error: FormInvalidException }).error.values).toEqual({ staged: [{ id: 7, name: 'truoc.pdf', size: 10 }] });

    const forbidden = await run('chosen', {}, [file('a')], () => throwError(() => new ForbiddenException('Không có quyền.')));
    expect(forbidden.attachments.stage).not.toHaveBeenCalled();
    expect((forbidden.outcome as { error: unknown }).error).toBeInstanceOf(ForbiddenException);
  });

  it('gives a handler of a route without files an empty set', () => {
    expect(uploadedOf({} as Request).count).toBe(0);
  });
});
