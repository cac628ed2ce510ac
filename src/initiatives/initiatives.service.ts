import { EFFECT_ROUND_REFUSAL, takesInitiatives } from '../rounds/round-kind';
import { BadRequestException, ForbiddenException, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { Attachment, AttachmentVisibility } from '../attachments/attachment.entity';
import { AttachmentsService } from '../attachments/attachments.service';
import { ReceivedFiles } from '../attachments/received-files';
import { AuditService } from '../audit/audit.service';
import { hasAnyRole, isDistrictAdmin } from '../common/access';
import { Viewer } from '../common/viewer';
import { ATTACHMENT_OWNER, AttachmentOwnerContribution, Contributes } from '../common/extensions';
import { dayAfter, formatDate, todayIso } from '../common/dates';
import { fold } from '../common/text';
import { FormInvalidException, SubmissionIncompleteException } from '../common/exceptions';
import { CheckedForm, parseNumberVi } from '../common/validation';
import { cacheKey, ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { FieldsService } from '../fields/fields.service';
import { RoundsService } from '../rounds/rounds.service';
import { UnitsService } from '../units/units.service';
import { Unit } from '../units/unit.entity';
import { Role } from '../users/roles';
import { UsersService } from '../users/users.service';
import { InitiativeFormDto, PaperRecordFormDto } from './dto/initiative-form.dto';
import { InitiativeFilter, InitiativesRepository, ListRestriction, ResolvedFilter } from './initiatives.repository';
import { canCreateFor, canDeleteDraft, canEdit, canSeePrivate, canSubmit, canView, canWithdraw, editRefusal, isAwaitingRound, isOwnSide, InitiativeViewer } from './initiative-access';
import { InitiativeAuthor } from './initiative-author.entity';
import { InitiativeIndicator } from './initiative-indicator.entity';
import { InitiativeRevision } from './initiative-revision.entity';
import { searchTextOf, snapshotChanges, snapshotOf } from './initiative-snapshot';
import { awaitingNote, awaitingReason, earliestYear, filingWarning, missingForSubmission, submissionErrors, paperRoundRefusal, paperYearRefusal, RecordStart, recordYear, REQUIRED_FOR_SUBMISSION, roundToJoin, roundYearRefusal, sharesError, yearRefusal } from './initiative-rules';
import { receivingPeriodLabel, receivingRefusal } from '../rounds/round-rules';
import { Round } from '../rounds/round.entity';
import { InitiativeStatus, transitionRefusal } from './initiative-status';
import { InitiativeTransition } from './initiative-transition.entity';
import { Initiative } from './initiative.entity';
import { RequestContext } from '../common/request-context';
import { DataChange } from '../database/data-changes';
import { NoveltyService } from '../novelty/novelty.service';

export const OWNER_TYPE = 'initiative';

/** What a page of a list is read from: the initiatives, the units of a scope, the councils of rounds (who sees what). */
const LIST_DEPENDS_ON: DataChange[] = ['initiatives', 'units', 'rounds'];

/** When a saved initiative began: its first application, and its unit's start (loaded with it). */
function startOf(i: Pick<Initiative, 'firstAppliedDate' | 'unit'>): RecordStart {
  return { firstAppliedDate: i.firstAppliedDate, unit: i.unit ? { name: i.unit.name, validFrom: i.unit.validFrom } : null };
}

/** Lists count matches up to this many (50 pages of 20). */
export const COUNT_CAP = 1000;
/**
 * A search with more matches than COUNT_CAP is ranked among its newest RANK_CANDIDATES
 * matches only: scoring every one of 50,000 matches costs a province's server most of
 * its time, and the pages shown stop at COUNT_CAP anyway. The page says so.
 */
export const RANK_CANDIDATES = 2000;

export type { InitiativeFilter, InitiativeSort } from './initiatives.repository';

/** Who is looking: a signed-in user, or the public catalogue (recognised only). */
export type Audience = { user: Viewer } | { public: true };

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
  /** The round chosen, if any. */
  round: Round | null;
}

/** What only a record entered from the paper files has: its year and the day it was filed. */
interface PaperInput {
  year: number;
  submittedOn: string;
}

export interface SaveResult {
  initiative: Initiative;
  warning: string | null;
}

const BODY_FIELDS = ['problem', 'solution', 'novelty', 'conditions', 'applicability', 'effects'] as const;


@Injectable()
@Contributes(ATTACHMENT_OWNER)
export class InitiativesService implements AttachmentOwnerContribution, OnApplicationBootstrap {
  private readonly logger = new Logger('Initiatives');

  constructor(
    private readonly repo: InitiativesRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
    private readonly attachments: AttachmentsService,
    private readonly rounds: RoundsService,
    private readonly fields: FieldsService,
    private readonly users: UsersService,
    private readonly cache: ReadCache,
    private readonly novelty: NoveltyService,
  ) {}

  /**
   * On start, the search index brought in step with the initiatives, in case a status, year
   * or field was written straight into the database (the application keeps them in step itself).
   */
  async onApplicationBootstrap(): Promise<void> {
    const fixed = await this.uow.run(async () => {
      this.uow.changes('initiatives');
      return this.repo.reconcileSearchIndex();
    });
    if (fixed.published > 0) this.logger.warn(`Chỉ mục tìm kiếm của danh mục công khai: ${fixed.published} sáng kiến được thêm vào hoặc bỏ ra cho khớp trạng thái (trạng thái đã được sửa thẳng trong cơ sở dữ liệu).`);
    if (fixed.refiled > 0) this.logger.warn(`Chỉ mục tìm kiếm: ${fixed.refiled} sáng kiến được xếp lại theo năm và lĩnh vực cho khớp (năm hoặc lĩnh vực đã được sửa thẳng trong cơ sở dữ liệu).`);
  }

  // ---- reading ------------------------------------------------------------------

  /** The initiative with everything its page shows (inside the current unit of work, if any). */
  load(id: number): Promise<Initiative> {
    return this.repo.load(id);
  }

  /**
   * Locks these initiatives' rows until the current transaction ends: for the features that
   * change what hangs on an initiative (sheets, votes, decisions) under its lock.
   */
  lockForUpdate(ids: number[]): Promise<void> {
    return this.repo.lockForUpdate(ids);
  }

  /** Who is looking at an initiative, for the rules of initiative-access.ts (a guest sees only what is public). */
  async viewer(ctx: RequestContext, initiative?: Initiative): Promise<InitiativeViewer> {
    const user = ctx.viewer ?? undefined;
    if (!user) return { user, scope: new Set(), linked: false, council: false };
    const linked = Boolean(initiative?.authors?.some((a) => a.userId === user.id));
    const roundId = initiative?.roundId;
    const [scope, council] = await Promise.all([user.scope(), roundId ? this.rounds.isCouncilMember(roundId, user.id) : false]);
    return { user, scope, linked, council };
  }

  /** The initiative if this user may see it; 403 otherwise. */
  async loadFor(ctx: RequestContext, id: number): Promise<{ initiative: Initiative; viewer: InitiativeViewer }> {
    const initiative = await this.load(id);
    const viewer = await this.viewer(ctx, initiative);
    if (!canView(viewer, initiative)) throw new ForbiddenException('Bạn không có quyền xem sáng kiến này.');
    return { initiative, viewer };
  }

  /** The initiative if this user may edit it; 403 with the reason otherwise. */
  async loadForEdit(ctx: RequestContext, id: number): Promise<{ initiative: Initiative; viewer: InitiativeViewer }> {
    const initiative = await this.load(id);
    const viewer = await this.viewer(ctx, initiative);
    if (!canEdit(viewer, initiative)) throw new ForbiddenException(editRefusal(viewer, initiative));
    return { initiative, viewer };
  }

  /** The initiative if this user is on its own side (author, creator, focal point); 403 otherwise. */
  async loadForOwnSide(ctx: RequestContext, id: number): Promise<{ initiative: Initiative; viewer: InitiativeViewer }> {
    const initiative = await this.load(id);
    const viewer = await this.viewer(ctx, initiative);
    if (!isOwnSide(viewer, initiative)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được thực hiện thao tác này với sáng kiến.');
    return { initiative, viewer };
  }

  /** The initiative if this user may submit it (its own side, or the district admin); 403 otherwise. */
  async loadForSubmit(ctx: RequestContext, id: number): Promise<{ initiative: Initiative; viewer: InitiativeViewer }> {
    const initiative = await this.load(id);
    const viewer = await this.viewer(ctx, initiative);
    if (!isOwnSide(viewer, initiative) && !isDistrictAdmin(ctx.user)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được nộp sáng kiến này.');
    return { initiative, viewer };
  }

  /**
   * The years that initiatives are of (a year filter offers them; records from paper go back
   * far): reference data, as the fields and rounds beside it in every list's filter, kept
   * until initiatives change (even with READ_CACHE_SECONDS=0).
   */
  years(): Promise<number[]> {
    return this.cache.reference('initiatives.years', () => this.repo.years(), ['initiatives']);
  }

  /**
   * Submitted initiatives waiting for a round ("chưa có đợt xét"), for the council's
   * secretary, each with why it waits (from the note of its first submission).
   */
  async awaitingRound(): Promise<{ initiative: Initiative; reason: string }[]> {
    const waiting = await this.repo.awaitingRound();
    const first = await this.repo.firstSubmissions(waiting.map((i) => i.id));
    return waiting.map((initiative) => ({ initiative, reason: awaitingReason(first.get(initiative.id)?.note) }));
  }

  // ---- for other features (they ask here rather than read the initiatives' tables) ----

  /** Recognised initiatives, from any round, with their unit (what a programme can select). */
  recognised(): Promise<Initiative[]> {
    return this.repo.recognised();
  }

  /** These initiatives with their unit, by code. */
  /** The initiatives this person is an author of (with their units and authors). */
  authoredBy(userId: number): Promise<Initiative[]> {
    return this.repo.authoredBy(userId);
  }

  /** The initiative with this code (SK-2022-0001), if any. */
  byCode(code: string): Promise<Initiative | null> {
    return this.repo.byCode(code);
  }

  findMany(ids: number[]): Promise<Initiative[]> {
    return this.repo.findMany(ids);
  }

  /** The initiative with its authors (their accounts decide conflicts and who is told), or null. */
  withAuthors(id: number): Promise<Initiative | null> {
    return this.repo.withAuthors(id);
  }

  /** The initiatives of a round (in some statuses), with unit and authors, by code. */
  inRound(roundId: number, statuses?: InitiativeStatus[]): Promise<Initiative[]> {
    return this.repo.inRound(roundId, statuses);
  }

  /** Initiatives waiting for a decision (submitted or under review), with round and unit. */
  awaitingDecision(): Promise<Initiative[]> {
    return this.repo.awaitingDecision();
  }

  /** A recognised initiative for the public catalogue; 404 for anything else. */
  async loadPublic(id: number): Promise<Initiative> {
    const initiative = await this.load(id);
    if (initiative.status !== InitiativeStatus.Recognized) throw new NotFoundException('Không tìm thấy sáng kiến.');
    return initiative;
  }

  history(id: number): Promise<{ transitions: InitiativeTransition[]; revisions: InitiativeRevision[] }> {
    return this.repo.history(id);
  }

  /** Files this user uploaded with a refused form and has not attached yet. */
  stagedFiles(ctx: RequestContext, ids: number[]): Promise<Attachment[]> {
    return this.attachments.staged(ids, OWNER_TYPE, ctx.user.id);
  }

  attachmentsOf(id: number): Promise<Attachment[]> {
    return this.attachments.forOwner(OWNER_TYPE, id);
  }

  /** Owner of the initiatives' files: who may download one. */
  readonly ownerType = OWNER_TYPE;

  async canDownload(ctx: RequestContext, attachment: Pick<Attachment, 'ownerId' | 'visibility'>): Promise<boolean> {
    const initiative = attachment.ownerId === null ? null : await this.repo.withAuthors(attachment.ownerId);
    if (!initiative) return false;
    if (attachment.visibility === 'public' && initiative.status === InitiativeStatus.Recognized) return true;
    const viewer = await this.viewer(ctx, initiative);
    return attachment.visibility === 'public' ? canView(viewer, initiative) : canSeePrivate(viewer, initiative);
  }

  /**
   * One page of initiatives matching the filter that this audience may see. Counting
   * stops at COUNT_CAP (a broad search need not be counted to the last one); `capped`
   * says so.
   */
  async list(filter: InitiativeFilter, audience: Audience, page: number, pageSize: number): Promise<{ initiatives: Initiative[]; total: number; capped: boolean; rankedWithin: number | null }> {
    const [resolved, restriction] = await Promise.all([this.resolve(filter), this.restrictionFor(audience)]);
    // The costly part (the count and the ids of a broad search), kept briefly for everyone
    // who asks the same; the rows themselves are read fresh.
    const { ids, ...found } = await this.cache.get(cacheKey('initiatives.page', { filter: resolved, restriction, page, pageSize }), () => this.findPage(resolved, restriction, page, pageSize), LIST_DEPENDS_ON);
    return { initiatives: await this.repo.shortRows(ids), ...found };
  }

  private async findPage(resolved: ResolvedFilter, restriction: ListRestriction, page: number, pageSize: number): Promise<{ ids: number[]; total: number; capped: boolean; rankedWithin: number | null }> {
    const byRelevance = Boolean(resolved.q) && (resolved.sort ?? 'relevance') === 'relevance';
    // The count and the page in one reading (a page past the end shows the last one, as the
    // pagination does). Fewer matches than the candidates are all of them: bounding the
    // ranking then changes no order, and saves scoring every match of the words that the
    // other filters drop.
    const { count, ids } = await this.repo.list(resolved, restriction, { page, pageSize, cap: COUNT_CAP }, byRelevance ? RANK_CANDIDATES : undefined);
    const capped = count > COUNT_CAP;
    const total = Math.min(count, COUNT_CAP);
    const rankedWithin = capped && byRelevance ? RANK_CANDIDATES : null;
    return { ids, total, capped, rankedWithin };
  }

  /** Every matching initiative, in batches (for exports). */
  async *each(filter: InitiativeFilter, audience: Audience, batch = 100): AsyncGenerator<Initiative[]> {
    const [resolved, restriction] = await Promise.all([this.resolve(filter), this.restrictionFor(audience)]);
    const { ids } = await this.repo.list(resolved, restriction);
    for (let i = 0; i < ids.length; i += batch) yield this.repo.shortRows(ids.slice(i, i + batch));
  }

  /** The units a filter on a unit covers: the unit and its sub-units. */
  private async resolve(filter: InitiativeFilter): Promise<ResolvedFilter> {
    return filter.unitId ? { ...filter, unitIds: [...(await this.units.scopeIds(filter.unitId))] } : filter;
  }

  /** What an audience may list (the rule of canView, for the repository to apply in SQL). */
  private async restrictionFor(audience: Audience): Promise<ListRestriction> {
    if ('public' in audience) return { public: true };
    const user = audience.user;
    if (isDistrictAdmin(user)) return { everything: true };
    return {
      userId: user.id,
      scope: [...(await user.scope())],
      focal: hasAnyRole(user, [Role.UnitFocal]),
      council: hasAnyRole(user, [Role.CouncilMember, Role.CouncilSecretary]),
    };
  }

  /**
   * Initiatives waiting for this person: their drafts and those returned for revision
   * (and, for a focal point, those of their units).
   */
  async needingAttention(ctx: RequestContext, limit = 20): Promise<Initiative[]> {
    const focalScope = hasAnyRole(ctx.user, [Role.UnitFocal]) ? [...(await ctx.user.scope())] : null;
    return this.repo.shortRows(await this.repo.awaitingAuthorIds(ctx.user.id, focalScope, limit));
  }

  /** Units this user may file initiatives for (for the form). */
  async unitsFor(ctx: RequestContext): Promise<Unit[]> {
    const all = await this.units.all();
    if (isDistrictAdmin(ctx.user)) return all;
    const scope = await ctx.user.scope();
    return all.filter((u) => scope.has(u.id));
  }

  // ---- writes -------------------------------------------------------------------

  /** A new draft, with its authors, indicators and files. */
  async create(ctx: RequestContext, form: CheckedForm<InitiativeFormDto>, uploads: ReceivedFiles): Promise<Initiative> {
    const viewer = await this.viewer(ctx);
    const input = await this.readForm(ctx, form, viewer, null);
    if (!canCreateFor(viewer, input.unitId)) throw new ForbiddenException('Bạn chỉ được tạo sáng kiến cho đơn vị của mình.');
    const initiative = await this.attachments.withFiles(uploads, async () => {
      const saved = await this.repo.insert(
        new Initiative({
          ...this.contentOf(input),
          status: InitiativeStatus.Draft,
          level: null,
          code: null,
          year: recordYear(input.round, Number(todayIso().slice(0, 4))),
          createdById: ctx.user.id,
          submittedAt: null,
        }),
      );
      await this.repo.replaceRows(saved.id, input.authors, input.indicators);
      await this.attachments.attach({ type: OWNER_TYPE, id: saved.id }, uploads.files, input.staged, ctx.user.id, input.attachmentVisibility, 0);
      await this.repo.addTransition(new InitiativeTransition({ initiativeId: saved.id, fromStatus: null, toStatus: InitiativeStatus.Draft, actorId: ctx.actor.id, actorName: ctx.actor.name, note: 'Tạo bản nháp' }));
      const full = await this.load(saved.id);
      await this.repo.reindex(saved.id, searchTextOf(full));
      await this.audit.log(ctx, { action: 'initiative.create', entityType: 'initiative', entityId: saved.id, summary: `Tạo sáng kiến "${saved.title}"` });
      return full;
    });
    // The one-year warning is the page's to show (once), not a message of the save.
    return initiative;
  }

  /**
   * An initiative of an earlier year entered by the district admin from the paper files
   * (nhập từ hồ sơ giấy): submitted on the day typed, in the year of its round (or the year
   * given), with its code of that year; no live-cycle check (round open, receiving dates,
   * the one-year warning). The council's result and the decision are recorded next, on the
   * decision page.
   */
  async createPaperRecord(ctx: RequestContext, form: CheckedForm<PaperRecordFormDto>, uploads: ReceivedFiles): Promise<Initiative> {
    if (!isDistrictAdmin(ctx.user)) throw new ForbiddenException('Chỉ quản trị hệ thống được nhập sáng kiến từ hồ sơ giấy.');
    const viewer = await this.viewer(ctx);
    const { paper, ...input } = await this.readForm(ctx, form, viewer, null, 'paper');
    const { year, submittedOn } = paper as PaperInput;
    return this.attachments.withFiles(uploads, async () => {
      const code = await this.repo.nextCode(year);
      // Midday in Vietnam: the day typed, whatever the time zone it is read in.
      const submittedAt = new Date(`${submittedOn}T12:00:00+07:00`);
      const saved = await this.repo.insert(
        new Initiative({ ...this.contentOf(input as InitiativeInput), status: InitiativeStatus.Submitted, level: null, code, year, createdById: ctx.user.id, submittedAt, paperRecord: true }),
      );
      await this.repo.replaceRows(saved.id, input.authors, input.indicators);
      await this.attachments.attach({ type: OWNER_TYPE, id: saved.id }, uploads.files, input.staged, ctx.user.id, input.attachmentVisibility, 0);
      await this.repo.addTransition(
        new InitiativeTransition({ initiativeId: saved.id, fromStatus: null, toStatus: InitiativeStatus.Submitted, actorId: ctx.actor.id, actorName: ctx.actor.name, note: `Nhập từ hồ sơ giấy: đơn nộp ngày ${formatDate(submittedOn)}` }),
      );
      const full = await this.load(saved.id);
      await this.addRevision(ctx, saved.id, snapshotOf(full), null);
      await this.repo.reindex(saved.id, searchTextOf(full));
      await this.audit.log(ctx, {
        action: 'initiative.paper_record',
        entityType: 'initiative',
        entityId: saved.id,
        summary: `Nhập từ hồ sơ giấy sáng kiến ${code} "${full.title}" (năm ${year}${full.round ? `, ${full.round.name}` : ''}, nộp ngày ${formatDate(submittedOn)})`,
      });
      return full;
    });
  }

  /** Saves a draft or returned initiative; after the first submission each save is a revision. */
  async update(ctx: RequestContext, id: number, form: CheckedForm<InitiativeFormDto>, uploads: ReceivedFiles): Promise<Initiative> {
    const current = await this.load(id);
    const viewer = await this.viewer(ctx, current);
    if (!canEdit(viewer, current)) throw new ForbiddenException(editRefusal(viewer, current));
    const input = await this.readForm(ctx, form, viewer, current);
    if (input.unitId !== current.unitId && !canCreateFor(viewer, input.unitId)) throw new ForbiddenException('Bạn chỉ được chọn đơn vị của mình.');
    const initiative = await this.attachments.withFiles(uploads, async () => {
      await this.repo.lockForUpdate([id]);
      const fresh = await this.load(id);
      if (!canEdit(viewer, fresh)) throw new ForbiddenException(editRefusal(viewer, fresh));
      const before = snapshotOf(fresh);
      // A draft is of its round's year; once coded, the year goes with the code.
      const year = fresh.code ? fresh.year : recordYear(input.round, Number(todayIso().slice(0, 4)));
      await this.repo.update(id, { ...this.contentOf(input), year, updatedAt: new Date() });
      await this.repo.replaceRows(id, input.authors, input.indicators);
      await this.attachments.attach({ type: OWNER_TYPE, id }, uploads.files, input.staged, ctx.user.id, input.attachmentVisibility);
      const full = await this.load(id);
      const after = snapshotOf(full);
      const changes = snapshotChanges(before, after);
      if (full.code && changes.length > 0) await this.addRevision(ctx, id, after, changes);
      await this.repo.reindex(id, searchTextOf(full));
      await this.audit.log(ctx, {
        action: 'initiative.update',
        entityType: 'initiative',
        entityId: id,
        summary: `Sửa sáng kiến "${full.title}"${changes.length ? `: ${changes.map((c) => c.label).join(', ')}` : ''}`,
      });
      return full;
    });
    return initiative;
  }

  /** Files added to an editable initiative from its page. */
  async addAttachments(ctx: RequestContext, id: number, visibility: AttachmentVisibility, uploads: ReceivedFiles): Promise<Attachment[]> {
    if (uploads.count === 0) throw new FormInvalidException({ attachments: 'Vui lòng chọn ít nhất một tệp.' });
    const initiative = await this.load(id);
    const viewer = await this.viewer(ctx, initiative);
    if (!canEdit(viewer, initiative)) throw new ForbiddenException(editRefusal(viewer, initiative));
    return this.attachments.withFiles(uploads, async () => {
      await this.repo.lockForUpdate([id]);
      const rows = await this.attachments.attach({ type: OWNER_TYPE, id }, uploads.files, [], ctx.user.id, visibility);
      await this.repo.update(id, { updatedAt: new Date() });
      await this.audit.log(ctx, {
        action: 'initiative.attach',
        entityType: 'initiative',
        entityId: id,
        summary: `Thêm ${rows.length} tệp: ${rows.map((r) => r.originalName).join(', ')}`,
      });
      return rows;
    });
  }

  /** Public or internal: decided by the authors' side, at any time. */
  async setAttachmentVisibility(ctx: RequestContext, id: number, attachmentId: number, visibility: AttachmentVisibility): Promise<void> {
    await this.loadForOwnSide(ctx, id);
    const attachment = await this.attachments.findOne(attachmentId);
    if (attachment.ownerType !== OWNER_TYPE || attachment.ownerId !== id) throw new BadRequestException('Tệp không thuộc sáng kiến này.');
    await this.uow.run(async () => {
      this.uow.changes('initiatives'); // the public files the catalogue lists
      await this.attachments.setVisibility(attachmentId, visibility);
      await this.audit.log(ctx, {
        action: 'initiative.attachment_visibility',
        entityType: 'initiative',
        entityId: id,
        summary: `Tệp "${attachment.originalName}": ${visibility === 'public' ? 'công khai' : 'nội bộ'}`,
        changes: [{ field: 'visibility', before: attachment.visibility, after: visibility }],
      });
    });
  }

  /**
   * Draft or returned → submitted. The first submission gives the code SK-YYYY-NNNN, of
   * the year of its round. A round chosen must be receiving today (its receiving dates),
   * unless the district admin lets it in with a reason (kept on the timeline and in the
   * audit). Without a round, the submission joins the only suitable open round (see
   * roundToJoin), or waits for the council's secretary to attach it to one.
   */
  async submit(ctx: RequestContext, id: number, note: string, overrideReason = ''): Promise<SaveResult> {
    const now = new Date();
    const today = todayIso(now);
    const initiative = await this.uow.run(async () => {
      this.uow.changes('initiatives');
      await this.repo.lockForUpdate([id]);
      const current = await this.load(id);
      const viewer = await this.viewer(ctx, current);
      const refusal = transitionRefusal(current.status, InitiativeStatus.Submitted);
      if (refusal) throw new BadRequestException(refusal);
      if (!canSubmit(viewer, current)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được nộp sáng kiến này.');
      const lacking = submissionErrors(current, (current.authors ?? []).map((a) => a.share));
      if (Object.keys(lacking).length > 0) {
        const missing = missingForSubmission(current).map((r) => r.label);
        throw new SubmissionIncompleteException(
          `Chưa nộp được: ${[missing.length ? `cần điền ${missing.join(', ')}` : '', lacking.authors ?? ''].filter(Boolean).join('; ')}. Hãy sửa sáng kiến rồi nộp lại.`,
          lacking,
          canEdit(viewer, current),
        );
      }
      const first = !current.code;
      let round: Round | null = current.round ?? null;
      let suitable: Round[] = [];
      let joined = false;
      let override = '';
      const start = startOf(current);
      let excluded: { name: string; why: string }[] = [];
      if (first && round) {
        if (round.status !== 'open') throw new BadRequestException(`Đợt xét "${round.name}" không còn nhận hồ sơ. Hãy sửa sáng kiến, chọn đợt xét khác hoặc để trống.`);
        // Chosen before the first application moved past its year (or the draft predates the rule).
        const tooEarly = roundYearRefusal(round, start);
        if (tooEarly) throw new BadRequestException(`${tooEarly} Hãy sửa sáng kiến, chọn đợt xét khác hoặc để trống.`);
        const late = receivingRefusal(round, today);
        if (late) {
          if (!isDistrictAdmin(ctx.user)) throw new BadRequestException(late);
          override = overrideReason.trim();
          if (!override) throw new FormInvalidException({ overrideReason: 'Vui lòng ghi lý do cho phép nộp ngoài thời gian nhận hồ sơ của đợt xét.' });
        }
      } else if (first) {
        // A round receiving it but of a year before the initiative (or its unit) began is not one it may join.
        const receiving = await this.rounds.receivingFor(current.unitId, today);
        excluded = receiving.flatMap((r) => {
          const why = roundYearRefusal(r, start);
          return why ? [{ name: r.name, why }] : [];
        });
        suitable = receiving.filter((r) => !roundYearRefusal(r, start));
        round = roundToJoin(suitable);
        joined = round !== null;
      }
      // Resubmitted after its round was closed (a round now stays open while it holds a returned
      // initiative; older data may not): it waits for the secretary to attach it to another round.
      const leftClosed = !first && round !== null && round.status === 'closed' ? round : null;
      if (leftClosed) round = null;
      const year = first ? recordYear(round, Number(today.slice(0, 4))) : current.year;
      const code = current.code ?? (await this.repo.nextCode(year));
      await this.repo.update(id, { status: InitiativeStatus.Submitted, code, year, roundId: round?.id ?? null, submittedAt: now, updatedAt: now });
      const notes = [note || (first ? 'Nộp lần đầu' : 'Nộp lại sau khi bổ sung')];
      if (joined && round) notes.push(`Đưa vào đợt xét "${round.name}" (đợt xét duy nhất đang nhận hồ sơ của đơn vị)`);
      if (first && !round) notes.push(awaitingNote(suitable, today, excluded));
      if (override && round) notes.push(`Quản trị cho phép nộp ngoài thời gian nhận hồ sơ (${receivingPeriodLabel(round)}). Lý do: ${override}`);
      if (leftClosed) notes.push(`Đợt xét "${leftClosed.name}" đã kết thúc: sáng kiến chờ thư ký đưa vào đợt xét khác`);
      await this.recordTransition(ctx, id, current.status, InitiativeStatus.Submitted, notes.join('. '));
      // Returned by the council: the supplemented version goes straight back to it, to be scored anew.
      if (current.status === InitiativeStatus.Returned && current.reviewCycle > 1 && !leftClosed) {
        await this.repo.update(id, { status: InitiativeStatus.UnderReview });
        await this.recordTransition(ctx, id, InitiativeStatus.Submitted, InitiativeStatus.UnderReview, 'Hội đồng chấm lại bản đã bổ sung');
      }
      const full = await this.load(id);
      if (first) await this.addRevision(ctx, id, snapshotOf(full), null);
      // The novelty check as its author sees it now, kept for the council (never blocks).
      await this.novelty.keepAtSubmission(ctx, full);
      await this.repo.reindex(id, searchTextOf(full));
      await this.audit.log(ctx, { action: 'initiative.submit', entityType: 'initiative', entityId: id, summary: `Nộp sáng kiến ${code} "${full.title}"${round ? ` vào đợt xét "${round.name}"` : ' (chưa có đợt xét)'}` });
      if (override && round) {
        await this.audit.log(ctx, {
          action: 'initiative.submit_override',
          entityType: 'initiative',
          entityId: id,
          summary: `Cho phép nộp ${code} ngoài thời gian nhận hồ sơ của "${round.name}" (${receivingPeriodLabel(round)}). Lý do: ${override}`,
        });
      }
      return full;
    });
    return { initiative, warning: filingWarning(initiative, today) };
  }

  /**
   * The council's secretary attaches a submission that waits without a round to a round
   * not yet closed. A round of another year gives it a code of that year (the earlier code
   * is not reused; the timeline keeps it). A record entered from the paper files never
   * waits (it is of a past year, with its code of that year): it is refused.
   */
  async attachToRound(ctx: RequestContext, id: number, roundId: number): Promise<Initiative> {
    return this.uow.run(async () => {
      await this.repo.lockForUpdate([id]);
      const current = await this.load(id);
      if (current.paperRecord) throw new BadRequestException('Sáng kiến nhập từ hồ sơ giấy thuộc năm của hồ sơ, không đưa vào đợt xét đang diễn ra.');
      if (!isAwaitingRound(current)) throw new BadRequestException('Sáng kiến này không còn chờ đưa vào đợt xét.');
      // The round is read locked: a round being closed (which first checks that every one of
      // its initiatives has a decision) takes none in meanwhile.
      await this.rounds.lockForUpdate([roundId]);
      const round = await this.rounds.find(roundId);
      if (!round || round.status === 'closed') throw new FormInvalidException({ roundId: 'Vui lòng chọn một đợt xét chưa kết thúc.' });
      if (!takesInitiatives(round)) throw new FormInvalidException({ roundId: EFFECT_ROUND_REFUSAL });
      const tooEarly = roundYearRefusal(round, startOf(current));
      if (tooEarly) throw new FormInvalidException({ roundId: tooEarly });
      const code = round.year !== current.year ? await this.repo.nextCode(round.year) : (current.code as string);
      await this.repo.update(id, { roundId: round.id, year: round.year, code, updatedAt: new Date() });
      const recoded = code !== current.code ? `; mã mới ${code} theo năm ${round.year} của đợt xét (mã cũ ${current.code ?? ''} không dùng lại)` : '';
      await this.recordTransition(ctx, id, current.status, current.status, `Đưa vào đợt xét "${round.name}"${recoded}`);
      const full = await this.load(id);
      await this.repo.reindex(id, searchTextOf(full));
      await this.audit.log(ctx, {
        action: 'initiative.round',
        entityType: 'initiative',
        entityId: id,
        summary: `Đưa sáng kiến ${code} "${current.title}" vào đợt xét "${round.name}"`,
        changes: [
          { field: 'roundId', before: null, after: round.id },
          ...(code !== current.code ? [{ field: 'code', before: current.code, after: code }, { field: 'year', before: current.year, after: round.year }] : []),
        ],
      });
      return full;
    });
  }

  /**
   * Deletes a draft never submitted, with its authors, indicators, history, novelty checks
   * and files (see canDeleteDraft); what remains is the audit's line. Its title is returned
   * for the message.
   */
  async deleteDraft(ctx: RequestContext, id: number): Promise<string> {
    return this.uow.run(async () => {
      this.uow.changes('initiatives');
      await this.repo.lockForUpdate([id]);
      const current = await this.load(id);
      const viewer = await this.viewer(ctx, current);
      if (!canDeleteDraft(viewer, current)) {
        if (!isOwnSide(viewer, current)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được xóa bản nháp này.');
        throw new BadRequestException('Chỉ xóa được bản nháp chưa nộp lần nào; sáng kiến đã nộp thì rút.');
      }
      const files = await this.attachments.removeOwned(OWNER_TYPE, id);
      await this.repo.delete(id);
      await this.audit.log(ctx, {
        action: 'initiative.delete-draft',
        entityType: 'initiative',
        entityId: id,
        summary: `Xóa bản nháp "${current.title}"${files ? ` (cùng ${files} tệp đính kèm)` : ''}`,
      });
      return current.title;
    });
  }

  async withdraw(ctx: RequestContext, id: number, note: string): Promise<Initiative> {
    return this.uow.run(async () => {
      this.uow.changes('initiatives');
      await this.repo.lockForUpdate([id]);
      const current = await this.load(id);
      const refusal = transitionRefusal(current.status, InitiativeStatus.Withdrawn);
      if (refusal) throw new BadRequestException(refusal);
      if (!canWithdraw(await this.viewer(ctx, current), current)) throw new ForbiddenException('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được rút sáng kiến này.');
      await this.repo.update(id, { status: InitiativeStatus.Withdrawn, updatedAt: new Date() });
      await this.recordTransition(ctx, id, current.status, InitiativeStatus.Withdrawn, note);
      await this.audit.log(ctx, { action: 'initiative.withdraw', entityType: 'initiative', entityId: id, summary: `Rút sáng kiến ${current.code ?? ''} "${current.title}"` });
      return this.load(id);
    });
  }

  /**
   * Moves an initiative along a legal transition, recording who, when and why. The
   * council feature drives review and decisions through this.
   */
  async transition(ctx: RequestContext, id: number, to: InitiativeStatus, note: string, extra: Partial<Initiative> = {}): Promise<void> {
    await this.uow.run(async () => {
      await this.repo.lockForUpdate([id]);
      const current = await this.repo.plainOrFail(id);
      const refusal = transitionRefusal(current.status, to);
      if (refusal) throw new BadRequestException(refusal);
      await this.repo.update(id, { ...extra, status: to, updatedAt: new Date() });
      await this.recordTransition(ctx, id, current.status, to, note);
    });
  }

  // ---- helpers ------------------------------------------------------------------

  /** When an initiative being entered began: its first application, and its unit's start. */
  private async recordStart(firstAppliedDate: string | null, unitId: number | null): Promise<RecordStart> {
    const unit = unitId ? await this.units.find(unitId) : null;
    return { firstAppliedDate, unit: unit ? { name: unit.name, validFrom: unit.validFrom } : null };
  }

  private recordTransition(ctx: RequestContext, id: number, from: InitiativeStatus | null, to: InitiativeStatus, note: string): Promise<void> {
    return this.repo.addTransition(new InitiativeTransition({ initiativeId: id, fromStatus: from, toStatus: to, actorId: ctx.actor.id, actorName: ctx.actor.name, note }));
  }

  private addRevision(ctx: RequestContext, id: number, snapshot: Record<string, string>, changes: InitiativeRevision['changes']): Promise<void> {
    return this.repo.addRevision(id, { actorId: ctx.actor.id, actorName: ctx.actor.name, snapshot, changes });
  }

  private contentOf(input: InitiativeInput): Partial<Initiative> {
    const { title, unitId, fieldId, roundId, firstAppliedDate, investorName, stateFunded, participants, confidentialInfo } = input;
    const body = Object.fromEntries(BODY_FIELDS.map((k) => [k, input[k]]));
    return { title, titleSort: fold(title).slice(0, 500), unitId, fieldId, roundId, firstAppliedDate, investorName, stateFunded, participants, confidentialInfo, ...body };
  }

  /**
   * Checks the form (already checked against its DTO at the pipe) for what only the service
   * can tell. On any problem the form comes back with every message and everything typed
   * (and its files, kept by the route's @Uploads).
   */
  private async readForm(
    ctx: RequestContext,
    form: CheckedForm<InitiativeFormDto | PaperRecordFormDto>,
    viewer: InitiativeViewer,
    current: Initiative | null,
    mode: 'live' | 'paper' = 'live',
  ): Promise<InitiativeInput & { paper?: PaperInput }> {
    const dto = form.value;
    const errors = { ...form.errors };
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

    const chosenUnit = dto.unitId && !errors.unitId ? await this.units.find(dto.unitId) : null;
    if (dto.unitId && !errors.unitId && !chosenUnit) errors.unitId = 'Đơn vị không tồn tại.';
    else if (dto.unitId && !errors.unitId && dto.unitId !== current?.unitId && !canCreateFor(viewer, dto.unitId)) errors.unitId = 'Bạn chỉ được chọn đơn vị của mình hoặc đơn vị trực thuộc.';
    // Registered today, an initiative belongs to a unit in force; an ended unit's are entered from its paper files.
    else if (chosenUnit && mode === 'live' && dto.unitId !== current?.unitId && chosenUnit.validTo && chosenUnit.validTo < todayIso()) {
      errors.unitId = `${chosenUnit.name} đã chấm dứt hoạt động từ ${formatDate(dayAfter(chosenUnit.validTo))}: hãy chọn đơn vị hiện nay.`;
    }
    if (dto.fieldId && !errors.fieldId) {
      const field = await this.fields.find(dto.fieldId);
      if (!field || (!field.active && field.id !== current?.fieldId)) errors.fieldId = 'Vui lòng chọn lĩnh vực.';
    }
    let round: Round | null = null;
    if (current?.code && (dto.roundId ?? null) !== current.roundId) {
      errors.roundId = 'Sáng kiến đã nộp: không đổi đợt xét được nữa.';
    } else if (dto.roundId && !errors.roundId) {
      round = await this.rounds.find(dto.roundId);
      // A paper record belongs to a round of its year whatever the round's state now.
      if (!round) errors.roundId = 'Đợt xét không tồn tại.';
      else if (!takesInitiatives(round)) errors.roundId = EFFECT_ROUND_REFUSAL;
      else if (mode === 'live' && round.status !== 'open' && round.id !== current?.roundId) errors.roundId = 'Đợt xét này không còn nhận hồ sơ.';
    }
    // Not into a round (nor, from paper, a year) before the initiative was first applied or its unit existed.
    const start = await this.recordStart(errors.firstAppliedDate ? null : (dto.firstAppliedDate ?? null), dto.unitId && !errors.unitId ? dto.unitId : null);
    if (round && !errors.roundId) {
      const tooEarly = roundYearRefusal(round, start);
      // Already in that round for good (submitted): what moved past its year is the date (or the unit).
      const settled = Boolean(current?.code) && round.id === current?.roundId;
      const field = settled ? (earliestYear(start)?.field ?? 'roundId') : 'roundId';
      if (tooEarly) errors[field] ??= tooEarly;
    }
    const paper = mode === 'paper' ? this.readPaper(dto as PaperRecordFormDto, round, errors, start) : undefined;

    // The files that came with a refused form are kept for it by the route's @Uploads.
    if (Object.keys(errors).length > 0) throw new FormInvalidException(errors);
    return {
      ...this.contentOf({ ...dto, roundId: dto.roundId ?? null, firstAppliedDate: dto.firstAppliedDate ?? null, stateFunded: dto.stateFunded === '1' } as unknown as InitiativeInput),
      authors,
      indicators,
      staged: dto.staged ?? [],
      attachmentVisibility: dto.attachmentVisibility,
      round,
      paper,
    } as InitiativeInput & { paper?: PaperInput };
  }

  /**
   * The year and filing day of a paper record, with its messages: the year is its round's
   * (a year typed must agree) or the one typed. The round must be over or of an earlier
   * year, and a year without a round earlier than this one: a round running now is the
   * council's (a typed result would skip its scores and votes). The parts a request must
   * have before it is submitted are required, as for a submission.
   */
  private readPaper(dto: PaperRecordFormDto, round: Round | null, errors: Record<string, string>, start: RecordStart): PaperInput {
    const today = todayIso();
    const thisYear = Number(today.slice(0, 4));
    const running = round ? paperRoundRefusal(round, thisYear) : null;
    if (running && !errors.roundId) errors.roundId = running;
    const late = !round && dto.year ? paperYearRefusal(dto.year, thisYear) : null;
    if (!errors.year) {
      if (round && dto.year && dto.year !== round.year) errors.year = `Năm phải là năm của đợt xét đã chọn (${round.year}), hoặc để trống.`;
      else if (!round && !dto.year && !errors.roundId) errors.year = 'Vui lòng nhập năm của sáng kiến, hoặc chọn đợt xét.';
      else if (late) errors.year = late;
      else if (!round && dto.year) {
        const tooEarly = yearRefusal(dto.year, start);
        if (tooEarly) errors.year = tooEarly;
      }
    }
    if (!errors.submittedOn && dto.submittedOn && dto.submittedOn > today) errors.submittedOn = 'Ngày nộp đơn không được sau ngày hôm nay.';
    for (const r of REQUIRED_FOR_SUBMISSION) {
      const key = r.key as keyof PaperRecordFormDto;
      if (key !== 'firstAppliedDate' && !errors[key] && !dto[key]) errors[key] = `Vui lòng nhập ${r.label}.`;
    }
    return { year: round ? round.year : (dto.year as number), submittedOn: dto.submittedOn };
  }
}

