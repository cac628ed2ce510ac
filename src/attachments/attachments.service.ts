import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpStatus, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { diskStorage, Options as MulterOptions } from 'multer';
import { ATTACHMENT_OWNER, AttachmentOwnerContribution, Extensions } from '../common/extensions';
import { FormInvalidException } from '../common/exceptions';
import { formatInteger, formatNumber } from '../common/numbers';
import { ACCEPTED_LABEL, inspectFile } from '../common/uploads/sniff';
import { isDiskError, STORAGE_REFUSED } from '../common/uploads/disk';
import { InstanceParts, LEASE_RENEW_MS } from '../common/uploads/parts';
import { AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { databaseTrouble } from '../database/availability';
import { Installation } from '../database/installation';
import { UnitOfWork } from '../database/unit-of-work';
import { User } from '../users/user.entity';
import { Attachment, AttachmentVisibility } from './attachment.entity';
import { AttachmentsRepository } from './attachments.repository';
import { planStaging, STAGED_TTL_MS, StagedCap, stagedCap } from './staged-cap';
import { ReceivedFiles } from './received-files';
import { RequestContext } from '../common/request-context';

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
/**
 * A placed file waits for its commit for seconds; one without a row after this is left
 * over. Only where another instance may be about to commit it (PostgreSQL): on SQLite this
 * instance is the only one, and it knows which of its files are waiting.
 */
const ORPHAN_TTL_MS = 60 * 60 * 1000;
/** The file in UPLOAD_DIR that names the database the folder belongs to (see claimFolder). */
const FOLDER_MARK = '.installation';
/** Said when a form names kept files that are gone (expired, or removed for newer ones under the cap). */
export const STAGED_GONE =
  'Tệp giữ lại từ lần gửi trước không còn nữa (đã hết hạn, hoặc đã bị xóa để nhường chỗ cho tệp tải lên sau). Biểu mẫu chỉ liệt kê các tệp còn giữ; chọn lại tệp cần thiết rồi gửi lại. Chưa có gì được lưu.';
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
  /** Leftover parts removed from the temporary folder. */
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
 * Uploaded files: received by multer into UPLOAD_DIR/tmp under random names carrying this
 * instance's name (see common/uploads/parts.ts), checked by content, moved next to the
 * others, and only then recorded in the database (see withFiles) — so a row never points
 * at a missing file.
 */
@Injectable()
export class AttachmentsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  readonly dir: string;
  readonly tmpDir: string;
  /** Leases of the running instances (UPLOAD_DIR/.leases). */
  readonly leaseDir: string;
  private readonly parts: InstanceParts;
  /** Stored names of files this instance has put in place and whose rows have not committed yet. */
  private readonly placing = new Set<string>();
  /** Files without a row found too young to remove (PostgreSQL): looked at again by the hourly clean-up. */
  private readonly youngOrphans = new Set<string>();
  /**
   * Whether the upload folder is this database's: marked with the installation's id
   * (UPLOAD_DIR/.installation) by the first start that used it. If it carries another
   * database's mark, files without a row here are that database's: none is ever removed.
   */
  private ownsFolder = false;
  /** The start-up check of the upload folder (in the background); null if it failed. */
  checkedAtStart: Promise<ReconcileReport | null> = Promise.resolve(null);

  constructor(
    private readonly repo: AttachmentsRepository,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly extensions: Extensions,
    private readonly installation: Installation,
  ) {
    this.dir = config.get('uploadDir');
    this.tmpDir = join(this.dir, 'tmp');
    this.leaseDir = join(this.dir, '.leases');
    this.parts = new InstanceParts(this.tmpDir, this.leaseDir);
  }

  /**
   * Marks the upload folder with this database's installation id, or finds it marked:
   * true when the folder is this database's. Another database's mark is said once, loudly.
   */
  private async claimFolder(): Promise<boolean> {
    const id = await this.installation.id();
    const marker = join(this.dir, FOLDER_MARK);
    const found = (await readFile(marker, 'utf8').catch(() => '')).trim();
    if (found === id) return true;
    if (found === '') {
      await writeFile(marker, `${id}\n`, { flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
        // Another instance of the same database marked it a moment ago.
        if (e.code !== 'EEXIST') throw e;
      });
      return (await readFile(marker, 'utf8')).trim() === id;
    }
    this.logger.error(
      `Thư mục tải lên ${this.dir} thuộc một cơ sở dữ liệu khác (dấu ${found} trong ${FOLDER_MARK}, cơ sở dữ liệu này là ${id}): ứng dụng không xóa tệp nào trong đó. Hãy đặt UPLOAD_DIR riêng cho cơ sở dữ liệu này (npm run demo dùng DATA_DIR/demo-uploads).`,
    );
    return false;
  }

  /** This running instance's name (its parts and its lease carry it). */
  get instance(): string {
    return this.parts.instance;
  }

  /** One instance alone uses the upload folder (SQLite); on PostgreSQL several may share it. */
  private get singleInstance(): boolean {
    return this.uow.manager.connection.options.type === 'sqlite';
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    // The lease before any part: another instance seeing a part of ours finds our lease. A
    // folder that refuses to write does not stop the start: uploads then say so themselves.
    await this.parts.renew().catch((e: Error) => this.logger.error(`Không ghi được tệp thuê chỗ tải lên (${this.leaseDir}): ${e.message}`));
    this.ownsFolder = await this.claimFolder().catch((e: Error) => (this.logger.error(`Không đọc, ghi được dấu của thư mục tải lên (${this.dir}): ${e.message}`), false));
    const sweep = () => this.cleanup().catch((e: Error) => this.logger.error(`Cleaning uploads failed: ${e.message}`));
    // In the background: start-up does not wait for a look at every file.
    this.checkedAtStart = this.reconcile()
      .then(async (report) => {
        if (!this.stopping) await sweep();
        return report;
      })
      .catch((e: Error) => {
        this.logger.error(`Checking uploads failed: ${e.message}`);
        return null;
      });
    const every = (ms: number, work: () => Promise<unknown>) => {
      const timer = setInterval(() => void work(), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(60 * 60 * 1000, sweep);
    every(LEASE_RENEW_MS, () => this.sweepParts());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    // The check reads the database: it ends (cut short) before the connection closes.
    await this.checkedAtStart;
    await this.parts.release().catch((e: Error) => this.logger.error(`Releasing the upload lease failed: ${e.message}`));
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
        filename: (_req, _file, cb) => cb(null, this.parts.newPart()),
      }),
      limits: { fileSize: this.maxFileBytes, files: MAX_FILES_PER_FORM, fields: 2000 },
    };
  }

  /** Owners (initiative, adoption report …) say who may download their files (ATTACHMENT_OWNER). */
  async canDownload(ctx: RequestContext, attachment: Attachment): Promise<boolean> {
    if (attachment.ownerId === null) return ctx.viewer?.id === attachment.uploadedById;
    const owner = this.extensions.of<AttachmentOwnerContribution>(ATTACHMENT_OWNER).find((o) => o.ownerType === attachment.ownerType);
    return owner ? owner.canDownload(ctx, attachment) : false;
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
  async record(files: readonly PreparedFile[], owner: { type: string; id: number | null }, uploaderId: number, visibility: AttachmentVisibility): Promise<Attachment[]> {
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
  async attach(owner: { type: string; id: number }, files: readonly PreparedFile[], stagedIds: number[], uploaderId: number, visibility: AttachmentVisibility, existingBytes?: number): Promise<Attachment[]> {
    // A form sent without files reads nothing (its owner's total among them) inside its transaction.
    if (files.length === 0 && stagedIds.length === 0) return [];
    const staged = await this.repo.staged(stagedIds, owner.type, uploaderId);
    // A kept file the form still lists but that is gone (expired, or removed under the cap):
    // saving without it would lose a file the person saw listed. The form comes back
    // listing those that are left.
    if (staged.length < new Set(stagedIds).size) throw new FormInvalidException({ [FILE_FIELD]: STAGED_GONE });
    this.checkOwnerLimit(existingBytes ?? (await this.repo.totalSize(owner.type, owner.id)), [...staged, ...files]);
    const rows = await this.record(files, owner, uploaderId, visibility);
    const claimed = await this.repo.claim(staged.map((a) => a.id), owner.id, visibility);
    if (claimed < staged.length) throw new FormInvalidException({ [FILE_FIELD]: STAGED_GONE });
    return rows;
  }

  /**
   * Files the application makes itself (the demo's), written into place inside the open
   * transaction, before the rows that name them commit; marked as being placed until then,
   * as uploads are (see withFiles), so the check of the folder never removes them meanwhile.
   * If the transaction rolls back they are files without a row, which that check removes.
   */
  async placeGenerated(files: { storedName: string; content: Buffer }[]): Promise<void> {
    if (!this.uow.active) throw new Error('placeGenerated belongs inside the transaction that saves the rows');
    const names = files.map((f) => f.storedName);
    for (const name of names) this.placing.add(name);
    this.uow.afterCommit(() => names.forEach((name) => this.placing.delete(name)));
    for (const f of files) await writeFile(join(this.dir, f.storedName), f.content);
  }

  /**
   * The database work of a form that brings files. The files take their place first
   * (a rename inside UPLOAD_DIR, flushed to disk), then the rows commit; if the work
   * fails, the placed files are removed. So a row never points at a missing file: a crash
   * in between leaves at most a file without a row, which the start-up check removes.
   */
  async withFiles<T>(received: readonly PreparedFile[] | ReceivedFiles, work: () => Promise<T>): Promise<T> {
    const files = received instanceof ReceivedFiles ? received.take() : received;
    // Marked as ours until their rows commit, so that the check of the folder leaves them be.
    const names = files.map((f) => f.storedName);
    for (const name of names) this.placing.add(name);
    const release = () => names.forEach((name) => this.placing.delete(name));
    // Inside a transaction already open, the rows commit with it, later.
    const joined = this.uow.active;
    try {
      await this.putInPlace(files);
      const result = await this.uow.run(() => work());
      if (joined) this.uow.afterCommit(release);
      else release();
      return result;
    } catch (e) {
      // The connection broke: the commit may have happened without its answer arriving.
      // The files stay; the check of the folder removes those that turn out to have no row.
      if (databaseTrouble(e) !== 'unreachable') await this.discard(names.map((name) => join(this.dir, name)));
      release();
      throw e;
    }
  }

  /** Moves received files to their final names; all or none. Disk errors become a message. */
  private async putInPlace(files: readonly PreparedFile[]): Promise<void> {
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

  /** How much one person may keep staged (see stagedCap). */
  get stagedCap(): StagedCap {
    return stagedCap(MAX_FILES_PER_FORM, this.maxOwnerBytes);
  }

  /**
   * Files of a refused form, kept (with no owner) so the person need not upload them
   * again; claimed when the form is sent again. Under the person's cap (see planStaging):
   * their oldest kept files are removed first to make room, row then file (the rows in
   * the same transaction as the new ones, the files once it has committed: a crash between
   * leaves files without a row, which the check of the folder removes); new files past the
   * cap by themselves are not kept, and the form lists only those that were.
   */
  async stage(files: PreparedFile[], ownerType: string, uploaderId: number, visibility: AttachmentVisibility): Promise<Attachment[]> {
    const cap = this.stagedCap;
    const kept = files.slice(0, planStaging([], files, cap).keep);
    await this.discard(files.slice(kept.length).map((f) => f.tmpPath));
    if (kept.length === 0) return [];
    const { rows, evicted } = await this.withFiles(kept, async () => {
      // Files without an owner yet: nothing any cache holds.
      this.uow.changes();
      // One staging of a person at a time: two at once could together take them past the cap.
      // The user's row belongs to the users feature, but the attachments module does not import
      // the users module (and takes no new module import for one lock): locked here through the
      // unit of work with the users' entity.
      await this.uow.lockRows(User, [uploaderId]);
      const evicted: Attachment[] = [];
      const mine = await this.repo.stagedBy(uploaderId);
      const byId = new Map(mine.map((a) => [a.id, a]));
      for (const id of planStaging(mine, kept, cap).evict) {
        // Unless a save claimed it meanwhile (on another instance): its file then stays.
        if (await this.repo.deleteIfUnclaimed(id)) evicted.push(byId.get(id) as Attachment);
      }
      return { rows: await this.record(kept, { type: ownerType, id: null }, uploaderId, visibility), evicted };
    });
    await this.discard(evicted.map((a) => this.path(a)));
    return rows;
  }

  /**
   * Removes the files of an owner that is deleted, inside its transaction: the rows now, the
   * files once it has committed (never if it rolls back). A crash in between leaves files
   * without a row, which the check of the folder removes: no row ever names a missing file.
   */
  async removeOwned(ownerType: string, ownerId: number): Promise<number> {
    const owned = await this.repo.forOwner(ownerType, ownerId);
    if (owned.length === 0) return 0;
    await this.repo.deleteOwned(ownerType, ownerId);
    const paths = owned.map((a) => this.path(a));
    this.uow.afterCommit(() => this.discard(paths));
    return owned.length;
  }

  /** Staged files of this uploader among the given ids. */
  staged(ids: number[], ownerType: string, uploaderId: number): Promise<Attachment[]> {
    return this.repo.staged(ids, ownerType, uploaderId);
  }

  /** The public files of these owners. */
  publicOf(ownerType: string, ownerIds: number[]): Promise<Attachment[]> {
    return this.repo.publicOf(ownerType, ownerIds);
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
  async auditRead(ctx: RequestContext, attachment: Attachment): Promise<void> {
    await this.uow.run(() => {
      this.uow.changes(); // an audit entry: nothing any cache holds
      return this.audit.log(ctx, {
        action: 'attachment.read',
        entityType: attachment.ownerType,
        entityId: attachment.ownerId ?? attachment.id,
        summary: `Tải tệp nội bộ "${attachment.originalName}"`,
      });
    });
  }

  path(attachment: Attachment): string {
    return join(this.dir, attachment.storedName);
  }

  setVisibility(id: number, visibility: AttachmentVisibility): Promise<void> {
    return this.repo.setVisibility(id, visibility);
  }

  /**
   * The check of the upload folder, at start-up: files without a row (a crash between
   * placing a file and its commit, or between removing a row and its file) are removed —
   * on SQLite all of them, this instance being the only one and knowing which of its own
   * files wait for a commit; on PostgreSQL once old enough not to belong to a save in
   * progress on another instance (younger ones are looked at again by the hourly
   * clean-up). Rows whose file is missing are reported (they cannot be mended here).
   * Leftover parts in the temporary folder are removed (sweepParts). One summary line in
   * the log.
   */
  async reconcile(now = Date.now()): Promise<ReconcileReport> {
    // Every row's file, then the folder (in this order: a file is in place before its row commits).
    const known = await this.repo.storedNames();
    const rows = known.size;
    // Each name in the folder is struck off the rows' list as it is met: the rows left have
    // no file. No second list of the folder is kept: at a province's 200,000 files, that and
    // the copies made to compare them grew the process by tens of MB at every start.
    const unknown: string[] = [];
    let listed = true;
    for (const name of await readdir(this.dir)) {
      if (this.stopping) {
        listed = false;
        break;
      }
      // A folder among them (tmp/) is not a file: removeOrphans looks before it removes.
      if (name.startsWith('.')) continue;
      if (!known.delete(name)) unknown.push(name);
    }
    const orphans = await this.removeOrphans(unknown, now);
    // Rows whose file was not met (none judged when the listing was cut short by a stop).
    let missing = listed ? [...known.values()] : [];
    // Not missing: rows removed since they were read (the clean-up removes the row, then the file).
    if (missing.length && !this.stopping) {
      const still = await this.repo.existingIds(missing);
      missing = missing.filter((id) => still.has(id));
    }
    const parts = await this.sweepParts();
    const report = { rows, missing, orphans, parts };
    const line = `Kiểm tra tệp đính kèm: ${rows} bản ghi, ${missing.length} bản ghi thiếu tệp${missing.length ? ` (id ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''})` : ''}, đã xóa ${orphans} tệp không có bản ghi và ${parts} phần tải lên dở.`;
    if (missing.length) this.logger.warn(line);
    else this.logger.log(line);
    return report;
  }

  /**
   * Removes those of the given files in UPLOAD_DIR that have no row (see reconcile);
   * returns how many. Files this instance is putting in place are left to their save:
   * checked first, then the rows read again — a file no longer being placed has either
   * committed its row by then (so it is found) or was removed with its failed save.
   */
  private async removeOrphans(names: string[], now: number): Promise<number> {
    const candidates = names.filter((name) => !this.placing.has(name));
    if (candidates.length === 0 || this.stopping || !this.ownsFolder) return 0;
    // Fresh ones too only when no other live process uses the folder: one that runs on the
    // same SQLite file may be between placing a file and committing its row.
    const single = this.singleInstance && !(await this.parts.othersAlive());
    const withRow = await this.repo.withStoredNames(candidates);
    let removed = 0;
    for (const name of candidates) {
      this.youngOrphans.delete(name);
      if (withRow.has(name)) continue;
      const p = join(this.dir, name);
      const info = await stat(p).catch(() => null);
      if (!info?.isFile()) continue;
      if (single || now - info.mtimeMs > ORPHAN_TTL_MS) {
        await rm(p, { force: true });
        removed++;
      } else {
        this.youngOrphans.add(name);
      }
    }
    return removed;
  }

  /**
   * Renews this instance's lease and removes leftover parts from UPLOAD_DIR/tmp: its own
   * that nothing wrote to for an hour, every other one on SQLite, and on PostgreSQL those of
   * instances whose lease is stale (see common/uploads/parts.ts). Every LEASE_RENEW_MS.
   */
  async sweepParts(): Promise<number> {
    try {
      return await this.parts.sweep(!this.singleInstance);
    } catch (e) {
      // Also a lease that could not be renewed: other instances will take this one for gone.
      this.logger.error(`Cleaning upload parts failed: ${(e as Error).message}`);
      return 0;
    }
  }

  /**
   * Hourly (and after the start-up check): removes staged files whose form can no longer
   * come back (STAGED_TTL_MS), files without a row found too young before, leftover parts.
   */
  async cleanup(now = Date.now()): Promise<void> {
    // Found and deleted in one queued unit of work, so a save claiming a file cannot
    // slip in between.
    const removed = await this.uow.run(async () => {
      this.uow.changes(); // staged files no form claimed: nothing any cache holds
      // Row by row, keeping only those still unclaimed: on PostgreSQL a save on another
      // instance may claim one in between, and its file must then stay.
      const deleted: Attachment[] = [];
      for (const a of await this.repo.staleStaged(new Date(now - STAGED_TTL_MS))) {
        if (await this.repo.deleteIfUnclaimed(a.id)) deleted.push(a);
      }
      return deleted;
    });
    await this.discard(removed.map((a) => this.path(a)));
    await this.removeOrphans([...this.youngOrphans], now);
    await this.sweepParts();
  }
}
