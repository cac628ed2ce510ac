import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpStatus, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { diskStorage, Options as MulterOptions } from 'multer';
import { Viewer } from '../common/viewer';
import { ATTACHMENT_OWNER, AttachmentOwnerContribution, Extensions } from '../common/extensions';
import { FormInvalidException } from '../common/exceptions';
import { formatInteger, formatNumber } from '../common/numbers';
import { ACCEPTED_LABEL, inspectFile } from '../common/uploads/sniff';
import { isDiskError, STORAGE_REFUSED } from '../common/uploads/disk';
import { AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../audit/audit.types';
import { UnitOfWork } from '../database/unit-of-work';
import { Attachment, AttachmentVisibility } from './attachment.entity';
import { AttachmentsRepository } from './attachments.repository';

/** A file received into the temporary folder, checked and ready to be recorded. */
export interface PreparedFile {
  tmpPath: string;
  storedName: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
}


export const MAX_FILES_PER_FORM = 20;
const STAGED_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A part nothing has written to for this long belongs to no request in progress (a finished
 * file of a large form sent over a slow line waits while the rest arrives).
 */
const TMP_TTL_MS = 60 * 60 * 1000;
/** A placed file waits for its commit for seconds; one without a row after this is left over. */
const ORPHAN_TTL_MS = 60 * 60 * 1000;
/** Form field that carries files, on every upload form. */
export const FILE_FIELD = 'attachments';

/** Flushes a directory's entries (the renames) to disk, where the system allows it (not on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EISDIR' || e.code === 'EPERM') return null;
    throw e;
  });
  if (!handle) return;
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface ReconcileReport {
  rows: number;
  /** Ids of rows whose file is not on disk. */
  missing: number[];
  /** Files without a row that were removed. */
  orphans: number;
  /** Stale parts removed from the temporary folder. */
  parts: number;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${formatNumber(n / 1024 / 1024, 1)} MB`;
  if (n >= 1024) return `${formatInteger(n / 1024)} KB`;
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
 * content, moved next to the others, and only then recorded in the database (see
 * withFiles) — so a row never points at a missing file.
 */
@Injectable()
export class AttachmentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private timer?: NodeJS.Timeout;
  readonly dir: string;
  readonly tmpDir: string;

  constructor(
    private readonly repo: AttachmentsRepository,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly extensions: Extensions,
  ) {
    this.dir = config.get('uploadDir');
    this.tmpDir = join(this.dir, 'tmp');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    const sweep = () => this.cleanup().catch((e: Error) => this.logger.error(`Cleaning uploads failed: ${e.message}`));
    // In the background: start-up does not wait for a look at every file.
    void this.reconcile()
      .then(sweep)
      .catch((e: Error) => this.logger.error(`Checking uploads failed: ${e.message}`));
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

  /** Owners (initiative, adoption report …) say who may download their files (ATTACHMENT_OWNER). */
  async canDownload(user: Viewer | undefined, attachment: Attachment): Promise<boolean> {
    if (attachment.ownerId === null) return Boolean(user && user.id === attachment.uploadedById);
    const owner = this.extensions.of<AttachmentOwnerContribution>(ATTACHMENT_OWNER).find((o) => o.ownerType === attachment.ownerType);
    return owner ? owner.canDownload(user, attachment) : false;
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
        const inspected = await inspectFile(file.path, originalName);
        if (!inspected) {
          throw new FormInvalidException({
            attachments: `Tệp "${originalName}" không thuộc loại được chấp nhận (${ACCEPTED_LABEL}); hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên. Tệp chưa được lưu.`,
          });
        }
        prepared.push({
          tmpPath: file.path,
          storedName: `${randomBytes(16).toString('hex')}.${inspected.kind.ext}`,
          originalName,
          mediaType: inspected.kind.mediaType,
          size: file.size,
          sha256: inspected.sha256,
        });
      }
      return prepared;
    } catch (e) {
      await this.discard(received.map((f) => f.path));
      throw e;
    }
  }

  /** Records prepared files (inside the current unit of work). */
  async record(files: PreparedFile[], owner: { type: string; id: number | null }, uploaderId: number, visibility: AttachmentVisibility): Promise<Attachment[]> {
    const rows: Attachment[] = [];
    for (const f of files) {
      rows.push(
        await this.repo.save(
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

  /**
   * The files of a form join their owner (inside the owner's unit of work, once the owner
   * row exists): those kept from an earlier refused form by the same person, and those
   * that came with this one; refused when they would take the owner over its limit.
   */
  async attach(owner: { type: string; id: number }, files: PreparedFile[], stagedIds: number[], uploaderId: number, visibility: AttachmentVisibility, existingBytes?: number): Promise<Attachment[]> {
    const staged = await this.repo.staged(stagedIds, owner.type, uploaderId);
    this.checkOwnerLimit(existingBytes ?? (await this.repo.totalSize(owner.type, owner.id)), [...staged, ...files]);
    const rows = await this.record(files, owner, uploaderId, visibility);
    const claimed = await this.repo.claim(staged.map((a) => a.id), owner.id, visibility);
    if (claimed < staged.length) {
      throw new FormInvalidException({ [FILE_FIELD]: 'Tệp giữ lại từ lần gửi trước đã hết hạn và bị xóa. Vui lòng chọn lại tệp rồi gửi lại; chưa có gì được lưu.' });
    }
    return rows;
  }

  /**
   * The database work of a form that brings files. The files take their place first
   * (a rename inside UPLOAD_DIR, flushed to disk), then the rows commit; if the work
   * fails, the placed files are removed. So a row never points at a missing file: a crash
   * in between leaves at most a file without a row, which the start-up check removes.
   */
  async withFiles<T>(files: PreparedFile[], work: () => Promise<T>): Promise<T> {
    await this.putInPlace(files);
    try {
      return await this.uow.run(() => work());
    } catch (e) {
      await this.discard(files.map((f) => join(this.dir, f.storedName)));
      throw e;
    }
  }

  /** Moves received files to their final names; all or none. Disk errors become a message. */
  private async putInPlace(files: PreparedFile[]): Promise<void> {
    const placed: string[] = [];
    try {
      for (const f of files) {
        const target = join(this.dir, f.storedName);
        await rename(f.tmpPath, target);
        placed.push(target);
      }
      if (files.length > 0) await syncDirectory(this.dir);
    } catch (e) {
      await this.discard(placed);
      throw this.storageRefusal(e);
    }
  }

  /** A disk that refuses to write (full, read-only, no permission): logged once, told plainly. */
  storageRefusal(e: unknown): unknown {
    if (!isDiskError(e)) return e;
    this.logger.error(`Không ghi được tệp: ${e.code} ${e.path ?? this.dir} (${e.message})`);
    return new FormInvalidException({ [FILE_FIELD]: STORAGE_REFUSED }, undefined, HttpStatus.INSUFFICIENT_STORAGE);
  }

  async discard(paths: string[]): Promise<void> {
    await Promise.all(paths.map((p) => rm(p, { force: true })));
  }

  /**
   * Files of a refused form, kept (with no owner) so the person need not upload them
   * again; claimed when the form is sent again.
   */
  async stage(files: PreparedFile[], ownerType: string, uploaderId: number, visibility: AttachmentVisibility): Promise<Attachment[]> {
    if (files.length === 0) return [];
    return this.withFiles(files, () => this.record(files, { type: ownerType, id: null }, uploaderId, visibility));
  }

  /** Staged files of this uploader among the given ids. */
  staged(ids: number[], ownerType: string, uploaderId: number): Promise<Attachment[]> {
    return this.repo.staged(ids, ownerType, uploaderId);
  }

  forOwner(ownerType: string, ownerId: number): Promise<Attachment[]> {
    return this.repo.forOwner(ownerType, ownerId);
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
    return this.repo.findOrFail(id);
  }

  /** An internal file was read: who, which file, of what (Nghị định 13/2023: access to personal data is logged). */
  async auditRead(attachment: Attachment, actor: Actor): Promise<void> {
    await this.uow.run(() =>
      this.audit.log(actor, {
        action: 'attachment.read',
        entityType: attachment.ownerType,
        entityId: attachment.ownerId ?? attachment.id,
        summary: `Tải tệp nội bộ "${attachment.originalName}"`,
      }),
    );
  }

  path(attachment: Attachment): string {
    return join(this.dir, attachment.storedName);
  }

  setVisibility(id: number, visibility: AttachmentVisibility): Promise<void> {
    return this.repo.setVisibility(id, visibility);
  }

  /**
   * At start-up: files left without a row (a crash between placing a file and its
   * commit) are removed once they are old enough not to belong to a save in progress on
   * another instance; rows whose file is missing are reported (they cannot be mended
   * here); stale parts in the temporary folder are removed. One summary line in the log.
   */
  async reconcile(now = Date.now()): Promise<ReconcileReport> {
    const known = await this.repo.storedNames();
    const onDisk = new Set<string>();
    let orphans = 0;
    for (const entry of await readdir(this.dir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      onDisk.add(entry.name);
      if (known.has(entry.name)) continue;
      const p = join(this.dir, entry.name);
      const info = await stat(p).catch(() => null);
      if (info && now - info.mtimeMs > ORPHAN_TTL_MS) {
        await rm(p, { force: true });
        orphans++;
      }
    }
    const missing = [...known].filter(([name]) => !onDisk.has(name)).map(([, id]) => id);
    const rows = known.size;
    const parts = await this.sweepTmp(now);
    const report = { rows, missing, orphans, parts };
    const line = `Kiểm tra tệp đính kèm: ${rows} bản ghi, ${missing.length} bản ghi thiếu tệp${missing.length ? ` (id ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''})` : ''}, đã xóa ${orphans} tệp không có bản ghi và ${parts} phần tải lên dở.`;
    if (missing.length) this.logger.warn(line);
    else this.logger.log(line);
    return report;
  }

  /** Removes parts of uploads in UPLOAD_DIR/tmp that nothing has written to for a while. */
  private async sweepTmp(now: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const p = join(this.tmpDir, name);
      const s = await stat(p).catch(() => null);
      if (s && now - s.mtimeMs > TMP_TTL_MS) {
        await rm(p, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Removes staged files nobody claimed within a day, and stray temporary files. */
  async cleanup(now = Date.now()): Promise<void> {
    // Found and deleted in one queued unit of work, so a save claiming a file cannot
    // slip in between.
    const removed = await this.uow.run(async () => {
      // Row by row, keeping only those still unclaimed: on PostgreSQL a save on another
      // instance may claim one in between, and its file must then stay.
      const deleted: Attachment[] = [];
      for (const a of await this.repo.staleStaged(new Date(now - STAGED_TTL_MS))) {
        if (await this.repo.deleteIfUnclaimed(a.id)) deleted.push(a);
      }
      return deleted;
    });
    await this.discard(removed.map((a) => this.path(a)));
    await this.sweepTmp(now);
  }
}
