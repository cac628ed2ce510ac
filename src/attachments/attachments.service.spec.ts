import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { automock, newTestService, provide } from '../../test/utils/mocks';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { AttachmentsService, PreparedFile } from './attachments.service';
import { ReceivedFiles } from './received-files';

describe(AttachmentsService.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sang-kien-attachments-'));
    mkdirSync(join(dir, 'tmp'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The service on a real upload folder, its transaction failing with `error`. */
  function setup(error: Error) {
    const config = automock(AppConfig);
    config.get.mockImplementation(((key: string) => (key === 'uploadDir' ? dir : 20 * 1024 * 1024)) as AppConfig['get']);
    const { sut, mock } = newTestService(AttachmentsService, [provide(AppConfig, config)]);
    mock(UnitOfWork).run.mockRejectedValue(error);
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

    it('takes the files of a form once: a second save of the same files is refused before touching the folder', async () => {
      const { sut, file } = setup(new Error('CHECK constraint failed'));
      const received = new ReceivedFiles([file]);
      await expect(sut.withFiles(received, async () => undefined)).rejects.toThrow('CHECK constraint failed');
      expect(received.pending).toBe(false);
      await expect(sut.withFiles(received, async () => undefined)).rejects.toThrow('already placed or kept');
    });

    it('keeps them when the connection broke, since the commit may have happened; the folder check removes those without a row', async () => {
      const { sut, file } = setup(Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined }));
      await expect(sut.withFiles([file], async () => undefined)).rejects.toThrow('Connection terminated unexpectedly');
      expect(existsSync(join(dir, 'da-dat.pdf'))).toBe(true);
    });
  });
});
