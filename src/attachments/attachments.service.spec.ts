import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachmentsService, PreparedFile } from './attachments.service';

describe(AttachmentsService.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sang-kien-attachments-'));
    mkdirSync(join(dir, 'tmp'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The service on a real upload folder, its transaction failing with `error`. */
  function setup(error: Error) {
    const uow = { active: false, run: jest.fn(async () => Promise.reject(error)), afterCommit: jest.fn() };
    const config = { get: (key: string) => (key === 'uploadDir' ? dir : 20 * 1024 * 1024) };
    const sut = new AttachmentsService({} as never, uow as never, config as never, {} as never, {} as never, {} as never);
    writeFileSync(join(dir, 'tmp', 'phan.part'), '%PDF-1.4');
    const file: PreparedFile = { tmpPath: join(dir, 'tmp', 'phan.part'), storedName: 'da-dat.pdf', originalName: 'Tờ trình.pdf', mediaType: 'application/pdf', size: 8, sha256: '' };
    return { sut, file };
  }

  describe('withFiles', () => {
    it('removes the placed files when the save fails: no row names them', async () => {
      const { sut, file } = setup(new Error('CHECK constraint failed'));
      await expect(sut.withFiles([file], async () => undefined)).rejects.toThrow('CHECK constraint failed');
      expect(existsSync(join(dir, 'da-dat.pdf'))).toBe(false);
    });

    it('keeps them when the connection broke, since the commit may have happened; the folder check removes those without a row', async () => {
      const { sut, file } = setup(Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined }));
      await expect(sut.withFiles([file], async () => undefined)).rejects.toThrow('Connection terminated unexpectedly');
      expect(existsSync(join(dir, 'da-dat.pdf'))).toBe(true);
    });
  });
});
