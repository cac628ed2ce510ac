import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Attachment, AttachmentVisibility } from '../attachments/attachment.entity';
import { AttachmentsService, PreparedFile } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../audit/audit.types';
import { hasAnyRole, isDistrictAdmin } from '../common/access';
import { CurrentUser } from '../common/current-user';
import { ATTACHMENT_OWNER, AttachmentOwnerContribution, Contributes } from '../common/extensions';
import { todayIso } from '../common/dates';
import { fold } from '../common/text';
import { FormInvalidException } from '../common/exceptions';
import { findOrFail } from '../common/find-or-fail';
import { parseNumberVi, validateForm } from '../common/validation';
import { rawQuery } from '../database/raw-query';
import { InitiativeSearch } from '../database/search/initiative-search';
import { UnitOfWork } from '../database/unit-of-work';
import { FieldsService } from '../fields/fields.service';
import { RoundsService } from '../rounds/rounds.service';
import { UnitsService } from '../units/units.service';
import { Unit } from '../units/unit.entity';
import { Role } from '../users/roles';
import { UsersService } from '../users/users.service';
import { InitiativeFormDto } from './dto/initiative-form.dto';
import { canCreateFor, canEdit, canSeePrivate, canSubmit, canView, canWithdraw, editRefusal, isOwnSide, Viewer } from './initiative-access';
import { InitiativeAuthor } from './initiative-author.entity';
import { InitiativeIndicator } from './initiative-indicator.entity';
import { InitiativeRevision } from './initiative-revision.entity';
import { searchTextOf, snapshotChanges, snapshotOf } from './initiative-snapshot';
import { formatInitiativeCode, lateFilingWarning, sharesError } from './initiative-rules';
import { InitiativeStatus, RecognitionLevel, transitionRefusal } from './initiative-status';
import { InitiativeTransition } from './initiative-transition.entity';
import { Initiative } from './initiative.entity';

export const OWNER_TYPE = 'initiative';

/** Lists count matches up to this many (50 pages of 20). */
export const COUNT_CAP = 1000;

export type InitiativeSort = 'relevance' | 'newest' | 'oldest' | 'title' | 'code';

export interface InitiativeFilter {
  q?: string;
  year?: number;
  roundId?: number;
  unitId?: number;
  fieldId?: number;
  status?: InitiativeStatus;
  level?: RecognitionLevel;
  sort?: InitiativeSort;
}

/** Who is looking: a signed-in user, or the public catalogue (recognised only). */
export type Audience = { user: CurrentUser } | { public: true };

/** The validated content of the form, ready to save. */
interface InitiativeInput {
  title: string;
  unitId: number;
  fieldId: number;
  roundId: number | null;
  problem: string;
  solution: string;
  novelty: string;
  conditions: string;
  applicability: string;
  effects: string;
  firstAppliedDate: string | null;
  investorName: string;
  stateFunded: boolean;
  participants: string;
  confidentialInfo: string;
  authors: Omit<InitiativeAuthor, 'id' | 'initiativeId' | 'initiative' | 'user'>[];
  indicators: Omit<InitiativeIndicator, 'id' | 'initiativeId' | 'initiative'>[];
  staged: number[];
  attachmentVisibility: AttachmentVisibility;
}

export interface SaveResult {
  initiative: Initiative;
  warning: string | null;
}

const BODY_FIELDS = ['problem', 'solution', 'novelty', 'conditions', 'applicability', 'effects'] as const;

/** The parts a request for recognition must have before it is submitted. */
const REQUIRED_FOR_SUBMISSION: { key: keyof Initiative; label: string }[] = [
  { key: 'problem', label: 'thực trạng, vấn đề cần giải quyết' },
  { key: 'solution', label: 'nội dung giải pháp' },
  { key: 'novelty', label: 'tính mới' },
  { key: 'effects', label: 'hiệu quả' },
  { key: 'firstAppliedDate', label: 'ngày áp dụng lần đầu' },
];

@Injectable()
@Contributes(ATTACHMENT_OWNER)
export class InitiativesService implements AttachmentOwnerContribution {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
    private readonly attachments: AttachmentsService,
    private readonly search: InitiativeSearch,
    private readonly rounds: RoundsService,
    private readonly fields: FieldsService,
    private readonly users: UsersService,
  ) {}

  // ---- reading ------------------------------------------------------------------

  async load(id: number, m: EntityManager | DataSource = this.db): Promise<Initiative> {
    const initiative = await findOrFail(
      m,
      Initiative,
      { where: { id }, relations: { unit: true, field: true, round: { organisingUnit: true }, authors: { user: true }, indicators: true, createdBy: true } },
      'sáng kiến',
    );
    initiative.authors?.sort((a, b) => a.position - b.position);
    initiative.indicators?.sort((a, b) => a.position - b.position);
    return initiative;
  }

  async viewer(user: CurrentUser | undefined, initiative?: Initiative): Promise<Viewer> {
    if (!user) return { user, scope: new Set(), linked: false, council: false };
    const scope = await this.units.scopeIds(user.unitId);
    const linked = Boolean(initiative?.authors?.some((a) => a.userId === user.id));
    const council = Boolean(initiative?.roundId) && (await this.rounds.isCouncilMember(initiative?.roundId as number, user.id));
    return { user, scope, linked, council };
  }

  /** The initiative if this user may see it; 403 otherwise. */
  async loadFor(id: number, user: CurrentUser): Promise<{ initiative: Initiative; viewer: Viewer }> {
    const initiative = await this.load(id);
    const viewer = await this.viewer(user, initiative);
    if (!canView(viewer, initiative)) throw new ForbiddenException('Bạn không có quyền xem sáng kiến này.');
    return { initiative, viewer };
  }

  /** The initiative if this user may edit it; 403 with the reason otherwise. */
  async loadForEdit(id: number, user: CurrentUser): Promise<{ initiative: Initiative; viewer: Viewer }> {
    const initiative = await this.load(id);
    const viewer = await this.viewer(user, initiative);
    if (!canEdit(viewer, initiative)) throw new ForbiddenException(editRefusal(viewer, initiative));
    return { initiative, viewer };
  }

  /** The initiative if this user is on its own side (author, creator, focal point); 403 otherwise. */
  async loadForOwnSide(id: number, user: CurrentUser): Promise<{ initiative: Initiative; viewer: Viewer }> {
    const initiative = await this.load(id);
    const viewer = await this.viewer(user, initiative);
    if (!isOwnSide(viewer, initiative)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được thực hiện thao tác này với sáng kiến.');
    return { initiative, viewer };
  }

  // ---- for other features (they ask here rather than read the initiatives' tables) ----

  /** Recognised initiatives, from any round, with their unit (what a programme can select). */
  recognised(): Promise<Initiative[]> {
    return this.uow.repository(Initiative).find({ where: { status: InitiativeStatus.Recognized }, relations: { unit: true }, order: { year: 'DESC', code: 'ASC' } });
  }

  /** These initiatives with their unit, by code. */
  findMany(ids: number[]): Promise<Initiative[]> {
    return ids.length ? this.uow.repository(Initiative).find({ where: { id: In(ids) }, relations: { unit: true }, order: { code: 'ASC' } }) : Promise.resolve([]);
  }

  /** The initiative with its authors (their accounts decide conflicts and who is told), or null. */
  withAuthors(id: number): Promise<Initiative | null> {
    return this.uow.repository(Initiative).findOne({ where: { id }, relations: { authors: true } });
  }

  /** The initiatives of a round (in some statuses), with unit and authors, by code. */
  inRound(roundId: number, statuses?: InitiativeStatus[]): Promise<Initiative[]> {
    return this.uow.repository(Initiative).find({ where: { roundId, ...(statuses ? { status: In(statuses) } : {}) }, relations: { unit: true, authors: true }, order: { code: 'ASC' } });
  }

  /** Initiatives waiting for a decision (submitted or under review), with round and unit. */
  awaitingDecision(): Promise<Initiative[]> {
    return this.uow.repository(Initiative).find({ where: { status: In([InitiativeStatus.Submitted, InitiativeStatus.UnderReview]) }, relations: { round: true, unit: true } });
  }

  /** A recognised initiative for the public catalogue; 404 for anything else. */
  async loadPublic(id: number): Promise<Initiative> {
    const initiative = await this.load(id);
    if (initiative.status !== InitiativeStatus.Recognized) throw new NotFoundException('Không tìm thấy sáng kiến.');
    return initiative;
  }

  history(id: number): Promise<{ transitions: InitiativeTransition[]; revisions: InitiativeRevision[] }> {
    return Promise.all([
      this.db.getRepository(InitiativeTransition).find({ where: { initiativeId: id }, order: { at: 'ASC', id: 'ASC' } }),
      this.db.getRepository(InitiativeRevision).find({ where: { initiativeId: id }, order: { number: 'DESC' } }),
    ]).then(([transitions, revisions]) => ({ transitions, revisions }));
  }

  /** Files this user uploaded with a refused form and has not attached yet. */
  stagedFiles(ids: number[], user: CurrentUser): Promise<Attachment[]> {
    return this.attachments.staged(ids, OWNER_TYPE, user.id);
  }

  attachmentsOf(id: number): Promise<Attachment[]> {
    return this.attachments.forOwner(OWNER_TYPE, id);
  }

  /** Owner of the initiatives' files: who may download one. */
  readonly ownerType = OWNER_TYPE;

  async canDownload(user: CurrentUser | undefined, attachment: Pick<Attachment, 'ownerId' | 'visibility'>): Promise<boolean> {
    const initiative = await this.db.getRepository(Initiative).findOne({ where: { id: attachment.ownerId as number }, relations: { authors: true } });
    if (!initiative) return false;
    if (attachment.visibility === 'public' && initiative.status === InitiativeStatus.Recognized) return true;
    const viewer = await this.viewer(user, initiative);
    return attachment.visibility === 'public' ? canView(viewer, initiative) : canSeePrivate(viewer, initiative);
  }

  /**
   * One page of initiatives matching the filter that this audience may see. Counting
   * stops at COUNT_CAP (a broad search need not be counted to the last one); `capped`
   * says so.
   */
  async list(filter: InitiativeFilter, audience: Audience, page: number, pageSize: number): Promise<{ initiatives: Initiative[]; total: number; capped: boolean }> {
    const qb = await this.filtered(filter, audience);
    const [sql, params] = (await this.filtered(filter, audience, false)).select('1').orderBy().getQueryAndParameters();
    const [row] = (await this.db.query(`SELECT COUNT(*) AS "n" FROM (${sql} LIMIT ${COUNT_CAP + 1}) "capped"`, params)) as { n: number | string }[];
    const counted = Number(row.n);
    const capped = counted > COUNT_CAP;
    const total = Math.min(counted, COUNT_CAP);
    // A page past the end shows the last one (as the pagination does).
    const current = Math.min(page, Math.max(1, Math.ceil(total / pageSize)));
    const rows = await qb
      .offset((current - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<{ id: number }>();
    return { initiatives: await this.byIds(rows.map((r) => Number(r.id))), total, capped };
  }

  /** Every matching initiative, in batches (for exports). */
  async *each(filter: InitiativeFilter, audience: Audience, batch = 500): AsyncGenerator<Initiative[]> {
    const qb = await this.filtered(filter, audience);
    const ids = (await qb.getRawMany<{ id: number }>()).map((r) => Number(r.id));
    for (let i = 0; i < ids.length; i += batch) yield this.byIds(ids.slice(i, i + batch));
  }

  /** Rows for lists and exports: the short columns only, never the long texts. */
  private async byIds(ids: number[]): Promise<Initiative[]> {
    if (ids.length === 0) return [];
    const short = ['id', 'code', 'title', 'unitId', 'fieldId', 'roundId', 'status', 'level', 'year', 'firstAppliedDate', 'submittedAt', 'createdAt', 'updatedAt'];
    const rows = await this.db
      .getRepository(Initiative)
      .createQueryBuilder('i')
      .select(short.map((c) => `i.${c}`))
      .leftJoin('i.unit', 'unit')
      .addSelect(['unit.id', 'unit.name'])
      .leftJoin('i.field', 'field')
      .addSelect(['field.id', 'field.name'])
      .leftJoin('i.round', 'round')
      .addSelect(['round.id', 'round.name', 'round.year'])
      .leftJoin('i.authors', 'author')
      .addSelect(['author.id', 'author.fullName', 'author.share', 'author.position'])
      .where('i.id IN (:...ids)', { ids })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is Initiative => Boolean(r)).map((r) => {
      r.authors?.sort((a, b) => a.position - b.position);
      return r;
    });
  }

  private async filtered(filter: InitiativeFilter, audience: Audience, ranked = true): Promise<SelectQueryBuilder<Initiative>> {
    const qb = this.db.getRepository(Initiative).createQueryBuilder('i').select('i.id', 'id');
    if ('public' in audience) {
      qb.andWhere('i.status = :recognized', { recognized: InitiativeStatus.Recognized });
    } else {
      await this.restrictTo(qb, audience.user);
    }
    if (filter.year) qb.andWhere('i.year = :year', { year: filter.year });
    if (filter.roundId) qb.andWhere('i.roundId = :roundId', { roundId: filter.roundId });
    if (filter.fieldId) qb.andWhere('i.fieldId = :fieldId', { fieldId: filter.fieldId });
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.level) qb.andWhere('i.level = :level', { level: filter.level });
    if (filter.unitId) qb.andWhere('i.unitId IN (:...unitIds)', { unitIds: [...(await this.units.scopeIds(filter.unitId))] });
    const searched = filter.q ? this.search.restrict(qb, 'i', filter.q, ranked) : false;
    if (filter.q && !searched) qb.andWhere('1 = 0');
    const sort = filter.sort ?? (searched ? 'relevance' : 'newest');
    if (sort === 'relevance' && searched && ranked) qb.orderBy('fts.relevance', 'ASC').addOrderBy('i.id', 'DESC');
    else if (sort === 'oldest') qb.orderBy('i.updatedAt', 'ASC').addOrderBy('i.id', 'ASC');
    else if (sort === 'title') qb.orderBy('i.titleSort', 'ASC').addOrderBy('i.id', 'ASC');
    else if (sort === 'code') qb.orderBy('i.code', 'ASC').addOrderBy('i.id', 'ASC');
    else qb.orderBy('i.updatedAt', 'DESC').addOrderBy('i.id', 'DESC');
    return qb;
  }

  /** What a signed-in user may list: the same rule as canView, in SQL. */
  private async restrictTo(qb: SelectQueryBuilder<Initiative>, user: CurrentUser): Promise<void> {
    if (isDistrictAdmin(user)) return;
    const scope = [...(await this.units.scopeIds(user.unitId))];
    const focal = hasAnyRole(user, [Role.UnitFocal]);
    const council = hasAnyRole(user, [Role.CouncilMember, Role.CouncilSecretary]);
    qb.andWhere(
      new Brackets((w) => {
        w.where('i.createdById = :me', { me: user.id })
          .orWhere('i.id IN (SELECT a."initiativeId" FROM "initiative_authors" a WHERE a."userId" = :me)', { me: user.id })
          .orWhere('i.status = :recognized', { recognized: InitiativeStatus.Recognized });
        if (focal) w.orWhere('i.unitId IN (:...scope)', { scope });
        w.orWhere(
          new Brackets((v) => {
            // Not a private draft (see isPrivateDraft).
            v.where('i.status <> :draft', { draft: InitiativeStatus.Draft }).andWhere(
              new Brackets((x) => x.where('i.status <> :withdrawn', { withdrawn: InitiativeStatus.Withdrawn }).orWhere('i.code IS NOT NULL')),
            );
            if (!council) v.andWhere('i.unitId IN (:...scope)', { scope });
          }),
        );
      }),
    );
  }

  /**
   * Initiatives waiting for this person: their drafts and those returned for revision
   * (and, for a focal point, those of their units).
   */
  async needingAttention(user: CurrentUser, limit = 20): Promise<Initiative[]> {
    const qb = this.db
      .getRepository(Initiative)
      .createQueryBuilder('i')
      .select('i.id', 'id')
      .where('i.status IN (:...open)', { open: [InitiativeStatus.Draft, InitiativeStatus.Returned] })
      .andWhere(
        new Brackets((w) => {
          w.where('i.createdById = :me', { me: user.id }).orWhere('i.id IN (SELECT a."initiativeId" FROM "initiative_authors" a WHERE a."userId" = :me)', { me: user.id });
        }),
      )
      .orderBy('i.updatedAt', 'DESC')
      .limit(limit);
    if (hasAnyRole(user, [Role.UnitFocal])) {
      const scope = [...(await this.units.scopeIds(user.unitId))];
      qb.orWhere(new Brackets((w) => w.where('i.status IN (:...open)').andWhere('i.unitId IN (:...scope)', { scope })));
    }
    return this.byIds((await qb.getRawMany<{ id: number }>()).map((r) => Number(r.id)));
  }

  /** Units this user may file initiatives for (for the form). */
  async unitsFor(user: CurrentUser): Promise<Unit[]> {
    const all = await this.units.all();
    if (isDistrictAdmin(user)) return all;
    const scope = await this.units.scopeIds(user.unitId);
    return all.filter((u) => scope.has(u.id));
  }

  // ---- writes -------------------------------------------------------------------

  /** A new draft, with its authors, indicators and files. */
  async create(body: unknown, files: Express.Multer.File[] | undefined, user: CurrentUser, actor: Actor): Promise<SaveResult> {
    const prepared = await this.attachments.prepare(files);
    const viewer = await this.viewer(user);
    const input = await this.readForm(body, prepared, user, viewer, null);
    if (!canCreateFor(viewer, input.unitId)) {
      await this.attachments.discard(prepared.map((f) => f.tmpPath));
      throw new ForbiddenException('Bạn chỉ được tạo sáng kiến cho đơn vị của mình.');
    }
    const initiative = await this.commit(prepared, async (m) => {
      const saved = await m.save(
        new Initiative({
          ...this.contentOf(input),
          status: InitiativeStatus.Draft,
          level: null,
          code: null,
          year: Number(todayIso().slice(0, 4)),
          createdById: user.id,
          submittedAt: null,
        }),
      );
      await this.saveRows(m, saved.id, input);
      await this.attachments.attach({ type: OWNER_TYPE, id: saved.id }, prepared, input.staged, user.id, input.attachmentVisibility, 0);
      await m.save(new InitiativeTransition({ initiativeId: saved.id, fromStatus: null, toStatus: InitiativeStatus.Draft, actorId: actor.id, actorName: actor.name, note: 'Tạo bản nháp' }));
      const full = await this.load(saved.id, m);
      await this.search.index(m, saved.id, searchTextOf(full));
      await this.audit.record(m, actor, { action: 'initiative.create', entityType: 'initiative', entityId: saved.id, summary: `Tạo sáng kiến "${saved.title}"` });
      return full;
    });
    return { initiative, warning: lateFilingWarning(initiative.firstAppliedDate, todayIso()) };
  }

  /** Saves a draft or returned initiative; after the first submission each save is a revision. */
  async update(id: number, body: unknown, files: Express.Multer.File[] | undefined, user: CurrentUser, actor: Actor): Promise<SaveResult> {
    const prepared = await this.attachments.prepare(files);
    let current: Initiative;
    let viewer: Viewer;
    try {
      current = await this.load(id);
      viewer = await this.viewer(user, current);
      if (!canEdit(viewer, current)) throw new ForbiddenException(editRefusal(viewer, current));
    } catch (e) {
      await this.attachments.discard(prepared.map((f) => f.tmpPath));
      throw e;
    }
    const input = await this.readForm(body, prepared, user, viewer, current);
    if (input.unitId !== current.unitId && !canCreateFor(viewer, input.unitId)) {
      await this.attachments.discard(prepared.map((f) => f.tmpPath));
      throw new ForbiddenException('Bạn chỉ được chọn đơn vị của mình.');
    }
    const initiative = await this.commit(prepared, async (m) => {
      await this.uow.lock('initiatives', [id]);
      const fresh = await this.load(id, m);
      if (!canEdit(viewer, fresh)) throw new ForbiddenException(editRefusal(viewer, fresh));
      const before = snapshotOf(fresh);
      await m.update(Initiative, { id }, { ...this.contentOf(input), updatedAt: new Date() });
      await m.delete(InitiativeAuthor, { initiativeId: id });
      await m.delete(InitiativeIndicator, { initiativeId: id });
      await this.saveRows(m, id, input);
      await this.attachments.attach({ type: OWNER_TYPE, id }, prepared, input.staged, user.id, input.attachmentVisibility);
      const full = await this.load(id, m);
      const after = snapshotOf(full);
      const changes = snapshotChanges(before, after);
      if (full.code && changes.length > 0) await this.addRevision(m, id, after, changes, actor);
      await this.search.index(m, id, searchTextOf(full));
      await this.audit.record(m, actor, {
        action: 'initiative.update',
        entityType: 'initiative',
        entityId: id,
        summary: `Sửa sáng kiến "${full.title}"${changes.length ? `: ${changes.map((c) => c.label).join(', ')}` : ''}`,
      });
      return full;
    });
    return { initiative, warning: lateFilingWarning(initiative.firstAppliedDate, todayIso()) };
  }

  /** Files added to an editable initiative from its page. */
  async addAttachments(id: number, visibility: AttachmentVisibility, files: Express.Multer.File[] | undefined, user: CurrentUser, actor: Actor): Promise<Attachment[]> {
    const prepared = await this.attachments.prepare(files);
    try {
      if (prepared.length === 0) throw new FormInvalidException({ attachments: 'Vui lòng chọn ít nhất một tệp.' });
      const initiative = await this.load(id);
      if (!canEdit(await this.viewer(user, initiative), initiative)) throw new ForbiddenException(editRefusal(await this.viewer(user, initiative), initiative));
    } catch (e) {
      await this.attachments.discard(prepared.map((f) => f.tmpPath));
      throw e;
    }
    return this.commit(prepared, async (m) => {
      await this.uow.lock('initiatives', [id]);
      const rows = await this.attachments.attach({ type: OWNER_TYPE, id }, prepared, [], user.id, visibility);
      await m.update(Initiative, { id }, { updatedAt: new Date() });
      await this.audit.record(m, actor, {
        action: 'initiative.attach',
        entityType: 'initiative',
        entityId: id,
        summary: `Thêm ${rows.length} tệp: ${rows.map((r) => r.originalName).join(', ')}`,
      });
      return rows;
    });
  }

  /** Public or internal: decided by the authors' side, at any time. */
  async setAttachmentVisibility(id: number, attachmentId: number, visibility: AttachmentVisibility, user: CurrentUser, actor: Actor): Promise<void> {
    await this.loadForOwnSide(id, user);
    const attachment = await this.attachments.findOne(attachmentId);
    if (attachment.ownerType !== OWNER_TYPE || attachment.ownerId !== id) throw new BadRequestException('Tệp không thuộc sáng kiến này.');
    await this.uow.run(async (m) => {
      await this.attachments.setVisibility(attachmentId, visibility);
      await this.audit.record(m, actor, {
        action: 'initiative.attachment_visibility',
        entityType: 'initiative',
        entityId: id,
        summary: `Tệp "${attachment.originalName}": ${visibility === 'public' ? 'công khai' : 'nội bộ'}`,
        changes: [{ field: 'visibility', before: attachment.visibility, after: visibility }],
      });
    });
  }

  /** Draft or returned → submitted. The first submission gives the code SK-YYYY-NNNN. */
  async submit(id: number, note: string, user: CurrentUser, actor: Actor): Promise<SaveResult> {
    const initiative = await this.uow.run(async (m) => {
      await this.uow.lock('initiatives', [id]);
      const current = await this.load(id, m);
      const viewer = await this.viewer(user, current);
      const refusal = transitionRefusal(current.status, InitiativeStatus.Submitted);
      if (refusal) throw new BadRequestException(refusal);
      if (!canSubmit(viewer, current)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được nộp sáng kiến này.');
      const missing = REQUIRED_FOR_SUBMISSION.filter((r) => !current[r.key]).map((r) => r.label);
      const shares = sharesError((current.authors ?? []).map((a) => a.share));
      if (missing.length > 0 || shares) {
        throw new BadRequestException(
          `Chưa nộp được: ${[missing.length ? `cần điền ${missing.join(', ')}` : '', shares ?? ''].filter(Boolean).join('; ')}. Hãy sửa sáng kiến rồi nộp lại.`,
        );
      }
      const first = !current.code;
      if (first && current.round && current.round.status !== 'open') {
        throw new BadRequestException(`Đợt xét "${current.round.name}" không còn nhận hồ sơ. Hãy sửa sáng kiến, chọn đợt xét khác hoặc để trống.`);
      }
      const now = new Date();
      const year = Number(todayIso(now).slice(0, 4));
      const code = current.code ?? (await this.nextCode(m, year));
      await m.update(Initiative, { id }, { status: InitiativeStatus.Submitted, code, year: first ? year : current.year, submittedAt: now, updatedAt: now });
      await this.recordTransition(m, id, current.status, InitiativeStatus.Submitted, actor, note || (first ? 'Nộp lần đầu' : 'Nộp lại sau khi bổ sung'));
      // Returned by the council: the supplemented version goes straight back to it, to be scored anew.
      if (current.status === InitiativeStatus.Returned && current.reviewCycle > 1) {
        await m.update(Initiative, { id }, { status: InitiativeStatus.UnderReview });
        await this.recordTransition(m, id, InitiativeStatus.Submitted, InitiativeStatus.UnderReview, actor, 'Hội đồng chấm lại bản đã bổ sung');
      }
      const full = await this.load(id, m);
      if (first) await this.addRevision(m, id, snapshotOf(full), null, actor);
      await this.search.index(m, id, searchTextOf(full));
      await this.audit.record(m, actor, { action: 'initiative.submit', entityType: 'initiative', entityId: id, summary: `Nộp sáng kiến ${code} "${full.title}"` });
      return full;
    });
    return { initiative, warning: lateFilingWarning(initiative.firstAppliedDate, todayIso()) };
  }

  async withdraw(id: number, note: string, user: CurrentUser, actor: Actor): Promise<Initiative> {
    return this.uow.run(async (m) => {
      await this.uow.lock('initiatives', [id]);
      const current = await this.load(id, m);
      const refusal = transitionRefusal(current.status, InitiativeStatus.Withdrawn);
      if (refusal) throw new BadRequestException(refusal);
      if (!canWithdraw(await this.viewer(user, current), current)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được rút sáng kiến này.');
      await m.update(Initiative, { id }, { status: InitiativeStatus.Withdrawn, updatedAt: new Date() });
      await this.recordTransition(m, id, current.status, InitiativeStatus.Withdrawn, actor, note);
      await this.audit.record(m, actor, { action: 'initiative.withdraw', entityType: 'initiative', entityId: id, summary: `Rút sáng kiến ${current.code ?? ''} "${current.title}"` });
      return this.load(id, m);
    });
  }

  /**
   * Moves an initiative along a legal transition, recording who, when and why. The
   * council feature drives review and decisions through this.
   */
  async transition(m: EntityManager, id: number, to: InitiativeStatus, actor: Actor, note: string, extra: Partial<Initiative> = {}): Promise<void> {
    await this.uow.lock('initiatives', [id]);
    const current = await findOrFail(m, Initiative, { where: { id } }, 'sáng kiến');
    const refusal = transitionRefusal(current.status, to);
    if (refusal) throw new BadRequestException(refusal);
    await m.update(Initiative, { id }, { ...extra, status: to, updatedAt: new Date() });
    await this.recordTransition(m, id, current.status, to, actor, note);
  }

  // ---- helpers ------------------------------------------------------------------

  /** Puts the files in place, then runs the database work (see AttachmentsService.withFiles). */
  private commit<T>(prepared: PreparedFile[], work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.attachments.withFiles(prepared, work);
  }

  private async recordTransition(m: EntityManager, id: number, from: InitiativeStatus, to: InitiativeStatus, actor: Actor, note: string): Promise<void> {
    await m.save(new InitiativeTransition({ initiativeId: id, fromStatus: from, toStatus: to, actorId: actor.id, actorName: actor.name, note }));
  }

  private async addRevision(m: EntityManager, id: number, snapshot: Record<string, string>, changes: InitiativeRevision['changes'], actor: Actor): Promise<void> {
    const last = await m.getRepository(InitiativeRevision).findOne({ where: { initiativeId: id }, order: { number: 'DESC' } });
    await m.save(new InitiativeRevision({ initiativeId: id, number: (last?.number ?? 0) + 1, actorId: actor.id, actorName: actor.name, snapshot, changes }));
  }

  /** The next code of the year; codes are never reused, even if an initiative is withdrawn. */
  private async nextCode(m: EntityManager, year: number): Promise<string> {
    const name = `SK-${year}`;
    await rawQuery(m, 'INSERT INTO "code_counters" ("name", "value") VALUES (:name, 0) ON CONFLICT ("name") DO NOTHING', { name });
    await rawQuery(m, 'UPDATE "code_counters" SET "value" = "value" + 1 WHERE "name" = :name', { name });
    const [row] = await rawQuery<{ value: number }>(m, 'SELECT "value" FROM "code_counters" WHERE "name" = :name', { name });
    return formatInitiativeCode(year, Number(row.value));
  }

  private contentOf(input: InitiativeInput): Partial<Initiative> {
    const { title, unitId, fieldId, roundId, firstAppliedDate, investorName, stateFunded, participants, confidentialInfo } = input;
    const body = Object.fromEntries(BODY_FIELDS.map((k) => [k, input[k]]));
    return { title, titleSort: fold(title).slice(0, 500), unitId, fieldId, roundId, firstAppliedDate, investorName, stateFunded, participants, confidentialInfo, ...body };
  }

  private async saveRows(m: EntityManager, initiativeId: number, input: InitiativeInput): Promise<void> {
    for (const [position, a] of input.authors.entries()) await m.save(new InitiativeAuthor({ ...a, initiativeId, position }));
    for (const [position, x] of input.indicators.entries()) await m.save(new InitiativeIndicator({ ...x, initiativeId, position }));
  }

  /**
   * Reads and checks the form. On any problem, the files that arrived with it are kept
   * (staged) and the form comes back with every message and everything typed.
   */
  private async readForm(body: unknown, prepared: PreparedFile[], user: CurrentUser, viewer: Viewer, current: Initiative | null): Promise<InitiativeInput> {
    const { value: dto, errors } = await validateForm(InitiativeFormDto, body);
    const authors: InitiativeInput['authors'] = [];
    const rows = (dto.authors ?? []).map((a, i) => ({ a, i })).filter(({ a }) => a && Object.values(a).some((v) => v !== '' && v !== undefined && v !== null));
    for (const { a, i } of rows) {
      if (!a.fullName) errors[`authors.${i}.fullName`] ??= 'Vui lòng nhập họ và tên tác giả.';
      const share = parseNumberVi(a.share);
      if (share === null) errors[`authors.${i}.share`] ??= 'Vui lòng nhập tỷ lệ đóng góp (%).';
      else if (Number.isNaN(share)) errors[`authors.${i}.share`] ??= 'Tỷ lệ đóng góp phải là một số, ví dụ 50 hoặc 33,33.';
      let userId: number | null = null;
      if (typeof a.username === 'string' && a.username) {
        const linked = await this.users.byUsername(a.username);
        if (!linked) errors[`authors.${i}.username`] ??= `Không có tài khoản "${a.username}".`;
        else userId = linked.id;
      }
      authors.push({ fullName: a.fullName, birthDate: a.birthDate ?? null, workplace: a.workplace, jobTitle: a.jobTitle, qualification: a.qualification, share: share ?? NaN, userId, position: i });
    }
    if (rows.length === 0) errors.authors ??= 'Cần ít nhất một tác giả.';
    else if (!Object.keys(errors).some((k) => k.startsWith('authors.'))) {
      const shares = sharesError(authors.map((a) => a.share));
      if (shares) errors.authors = shares;
    }

    const indicators: InitiativeInput['indicators'] = [];
    for (const [i, x] of (dto.indicators ?? []).entries()) {
      if (!x || !Object.values(x).some((v) => v !== '' && v !== undefined)) continue;
      if (!x.name) errors[`indicators.${i}.name`] ??= 'Vui lòng nhập tên chỉ số.';
      const before = parseNumberVi(x.before);
      const after = parseNumberVi(x.after);
      if (Number.isNaN(before)) errors[`indicators.${i}.before`] ??= 'Giá trị phải là một số.';
      if (Number.isNaN(after)) errors[`indicators.${i}.after`] ??= 'Giá trị phải là một số.';
      indicators.push({ name: x.name, unitOfMeasure: x.unitOfMeasure, before, after, position: i });
    }

    if (dto.unitId && !errors.unitId && !(await this.units.exists(dto.unitId))) errors.unitId = 'Đơn vị không tồn tại.';
    else if (dto.unitId && !errors.unitId && dto.unitId !== current?.unitId && !canCreateFor(viewer, dto.unitId)) errors.unitId = 'Bạn chỉ được chọn đơn vị của mình hoặc đơn vị trực thuộc.';
    if (dto.fieldId && !errors.fieldId) {
      const field = await this.fields.find(dto.fieldId);
      if (!field || (!field.active && field.id !== current?.fieldId)) errors.fieldId = 'Vui lòng chọn lĩnh vực.';
    }
    if (current?.code && (dto.roundId ?? null) !== current.roundId) {
      errors.roundId = 'Sáng kiến đã nộp: không đổi đợt xét được nữa.';
    } else if (dto.roundId && !errors.roundId) {
      const round = await this.rounds.find(dto.roundId);
      if (!round || (round.status !== 'open' && round.id !== current?.roundId)) errors.roundId = 'Đợt xét này không còn nhận hồ sơ.';
    }

    if (Object.keys(errors).length > 0) {
      // Keep what was uploaded, so nothing has to be chosen again.
      const newlyStaged = await this.attachments.stage(prepared, OWNER_TYPE, user.id, dto.attachmentVisibility === 'public' ? 'public' : 'internal');
      const earlier = await this.attachments.staged(dto.staged ?? [], OWNER_TYPE, user.id);
      const staged = [...earlier, ...newlyStaged].map((a) => ({ id: a.id, name: a.originalName, size: a.size }));
      throw new FormInvalidException(errors, { staged });
    }
    return {
      ...this.contentOf({ ...dto, roundId: dto.roundId ?? null, firstAppliedDate: dto.firstAppliedDate ?? null, stateFunded: dto.stateFunded === '1' } as unknown as InitiativeInput),
      authors,
      indicators,
      staged: dto.staged ?? [],
      attachmentVisibility: dto.attachmentVisibility,
    } as InitiativeInput;
  }
}

