import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { diskStorage, Options as MulterOptions } from 'multer';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { CurrentUser } from '../common/current-user';
import { FormInvalidException } from '../common/exceptions';
import { findOrFail } from '../common/find-or-fail';
import { ACCEPTED_LABEL, sniffFile } from '../common/uploads/sniff';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { Attachment, AttachmentVisibility } from './attachment.entity';

/** A file received into the temporary folder, checked and ready to be recorded. */
export interface PreparedFile {
  tmpPath: string;
  storedName: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** Decides whether someone may download a file of a given owner type. */
export type DownloadPolicy = (user: CurrentUser | undefined, attachment: Attachment) => Promise<boolean>;

export const MAX_FILES_PER_FORM = 20;
const STAGED_TTL_MS = 24 * 60 * 60 * 1000;
const TMP_TTL_MS = 60 * 60 * 1000;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  if (n >= 1024) return `${Math.round(n / 1024).toLocaleString('vi-VN')} KB`;
  return `${n} byte`;
}

/**
 * The name to show and download with: the last path segment only ("../../x.pdf" is
 * "x.pdf"), composed Unicode, no control characters. Never used to store the file.
 */
export function displayName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? 'tep';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255) || 'tep';
}

/**
 * Uploaded files: received by multer into UPLOAD_DIR/tmp under random names, checked by
 * content, recorded in the database, and moved next to the others only once the
 * database row has committed — so neither a row without a file nor a file without a row
 * is left behind.
 */
@Injectable()
export class AttachmentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private readonly policies = new Map<string, DownloadPolicy>();
  private timer?: NodeJS.Timeout;
  readonly dir: string;
  readonly tmpDir: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {
    this.dir = config.get('uploadDir');
    this.tmpDir = join(this.dir, 'tmp');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    const sweep = () => this.cleanup().catch((e: Error) => this.logger.error(`Cleaning uploads failed: ${e.message}`));
    void sweep();
    this.timer = setInterval(sweep, 60 * 60 * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get maxFileBytes(): number {
    return this.config.get('maxFileBytes');
  }

  get maxOwnerBytes(): number {
    return this.config.get('maxInitiativeBytes');
  }

  multerOptions(): MulterOptions {
    return {
      // Browsers send file names as raw UTF-8.
      defParamCharset: 'utf8',
      storage: diskStorage({
        destination: this.tmpDir,
        filename: (_req, _file, cb) => cb(null, `${randomBytes(16).toString('hex')}.part`),
      }),
      limits: { fileSize: this.maxFileBytes, files: MAX_FILES_PER_FORM, fields: 2000 },
    };
  }

  /** Owners (initiative, adoption report …) say who may download their files. */
  registerOwner(ownerType: string, policy: DownloadPolicy): void {
    this.policies.set(ownerType, policy);
  }

  async canDownload(user: CurrentUser | undefined, attachment: Attachment): Promise<boolean> {
    if (attachment.ownerId === null) return Boolean(user && user.id === attachment.uploadedById);
    const policy = this.policies.get(attachment.ownerType);
    return policy ? policy(user, attachment) : false;
  }

  /**
   * Checks received files by content. If any is refused, every file of the request is
   * removed and the form gets a message naming it.
   */
  async prepare(files: Express.Multer.File[] | undefined): Promise<PreparedFile[]> {
    const received = (files ?? []).filter((f) => f.size > 0 || f.originalname);
    const prepared: PreparedFile[] = [];
    try {
      for (const file of received) {
        const originalName = displayName(file.originalname);
        if (file.size === 0) throw new FormInvalidException({ attachments: `Tệp "${originalName}" rỗng.` });
        const kind = await sniffFile(file.path, originalName);
        if (!kind) {
          throw new FormInvalidException({
            attachments: `Tệp "${originalName}" không thuộc loại được chấp nhận (${ACCEPTED_LABEL}); hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên. Tệp chưa được lưu.`,
          });
        }
        prepared.push({
          tmpPath: file.path,
          storedName: `${randomBytes(16).toString('hex')}.${kind.ext}`,
          originalName,
          mediaType: kind.mediaType,
          size: file.size,
          sha256: await this.hash(file.path),
        });
      }
      return prepared;
    } catch (e) {
      await this.discard(received.map((f) => f.path));
      throw e;
    }
  }

  /** Records prepared files (inside the caller's transaction). */
  async record(m: EntityManager, files: PreparedFile[], owner: { type: string; id: number | null }, uploaderId: number, visibility: AttachmentVisibility): Promise<Attachment[]> {
    const rows: Attachment[] = [];
    for (const f of files) {
      rows.push(
        await m.save(
          new Attachment({
            ownerType: owner.type,
            ownerId: owner.id,
            originalName: f.originalName,
            storedName: f.storedName,
            mediaType: f.mediaType,
            size: f.size,
            sha256: f.sha256,
            visibility,
            uploadedById: uploaderId,
          }),
        ),
      );
    }
    return rows;
  }

  /** After the rows committed: the files take their place. */
  async moveIntoPlace(files: PreparedFile[]): Promise<void> {
    for (const f of files) await rename(f.tmpPath, join(this.dir, f.storedName));
  }

  async discard(paths: string[]): Promise<void> {
    await Promise.all(paths.map((p) => rm(p, { force: true })));
  }

  /**
   * Files of a refused form, kept (with no owner) so the person need not upload them
   * again. Committed and moved at once; claimed when the form is sent again.
   */
  async stage(files: PreparedFile[], ownerType: string, uploaderId: number, visibility: AttachmentVisibility): Promise<Attachment[]> {
    if (files.length === 0) return [];
    try {
      const rows = await this.uow.run((m) => this.record(m, files, { type: ownerType, id: null }, uploaderId, visibility));
      await this.moveIntoPlace(files);
      return rows;
    } catch (e) {
      await this.discard(files.map((f) => f.tmpPath));
      throw e;
    }
  }

  /** Staged files of this uploader among the given ids. */
  async staged(ids: number[], ownerType: string, uploaderId: number, m: EntityManager | DataSource = this.db): Promise<Attachment[]> {
    if (ids.length === 0) return [];
    return m.getRepository(Attachment).find({ where: { id: In(ids), ownerType, ownerId: IsNull(), uploadedById: uploaderId }, order: { id: 'ASC' } });
  }

  /** Kept files join their owner, with the visibility chosen when the form was saved. */
  async claim(m: EntityManager, staged: Attachment[], ownerId: number, visibility: AttachmentVisibility): Promise<void> {
    if (staged.length === 0) return;
    await m.update(Attachment, { id: In(staged.map((a) => a.id)), ownerId: IsNull() }, { ownerId, visibility });
  }

  forOwner(ownerType: string, ownerId: number): Promise<Attachment[]> {
    return this.db.getRepository(Attachment).find({ where: { ownerType, ownerId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async totalSize(ownerType: string, ownerId: number, m: EntityManager | DataSource = this.db): Promise<number> {
    const row = await m
      .getRepository(Attachment)
      .createQueryBuilder('a')
      .select('COALESCE(SUM(a.size), 0)', 'total')
      .where('a.ownerType = :ownerType AND a.ownerId = :ownerId', { ownerType, ownerId })
      .getRawOne<{ total: string | number }>();
    return Number(row?.total ?? 0);
  }

  /** Refuses (form message) when the new files would take the owner over its limit. */
  checkOwnerLimit(existingBytes: number, files: { size: number }[]): void {
    const added = files.reduce((a, f) => a + f.size, 0);
    if (added > 0 && existingBytes + added > this.maxOwnerBytes) {
      throw new FormInvalidException({
        attachments: `Tổng dung lượng tệp đính kèm của một sáng kiến không được vượt quá ${formatBytes(this.maxOwnerBytes)} (đã có ${formatBytes(existingBytes)}, thêm ${formatBytes(added)}). Tệp chưa được lưu.`,
      });
    }
  }

  findOne(id: number): Promise<Attachment> {
    return findOrFail(this.db, Attachment, { where: { id } }, 'tệp đính kèm');
  }

  path(attachment: Attachment): string {
    return join(this.dir, attachment.storedName);
  }

  async setVisibility(m: EntityManager, id: number, visibility: AttachmentVisibility): Promise<void> {
    await m.update(Attachment, { id }, { visibility });
  }

  /** Removes staged files nobody claimed within a day, and stray temporary files. */
  async cleanup(now = Date.now()): Promise<void> {
    // Found and deleted in one queued unit of work, so a save claiming a file cannot
    // slip in between.
    const removed = await this.uow.run(async (m) => {
      const stale = await m.getRepository(Attachment).find({ where: { ownerId: IsNull(), createdAt: LessThan(new Date(now - STAGED_TTL_MS)) } });
      if (stale.length > 0) await m.delete(Attachment, { id: In(stale.map((a) => a.id)), ownerId: IsNull() });
      return stale;
    });
    await this.discard(removed.map((a) => this.path(a)));
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const p = join(this.tmpDir, name);
      const s = await stat(p).catch(() => null);
      if (s && now - s.mtimeMs > TMP_TTL_MS) await rm(p, { force: true });
    }
  }

  private hash(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const h = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => h.update(chunk))
        .on('end', () => resolve(h.digest('hex')))
        .on('error', reject);
    });
  }
}
