import { takesInitiatives } from '../rounds/round-kind';
import { Injectable } from '@nestjs/common';
import { Attachment, VISIBILITY_LABELS } from '../attachments/attachment.entity';
import { formatBytes } from '../attachments/attachments.service';
import { ACCEPT_ATTRIBUTE, ACCEPTED_LABEL } from '../common/uploads/sniff';
import { Extensions, INITIATIVE_PAGE, InitiativePageContribution } from '../common/extensions';
import { formatDate, todayIso } from '../common/dates';
import { formatInteger, formatNumber } from '../common/numbers';
import { pageNumber, paginate } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { FieldsService } from '../fields/fields.service';
import { ROUND_STATUS_LABELS } from '../rounds/round.entity';
import { Role } from '../users/roles';
import { RoundsService } from '../rounds/rounds.service';
import { UnitsService } from '../units/units.service';
import { unitFilterOptions, unitOptions, unitOptionsOfAllTimes } from '../units/units.view';
import { canDeleteDraft, canEdit, canSeePrivate, canSubmit, canWithdraw, isAwaitingRound, InitiativeViewer } from './initiative-access';
import { isDistrictAdmin, isUnitInScope } from '../common/access';
import { receivingPeriodLabel, receivingRefusal, roundTitle } from '../rounds/round-rules';
import { filingWarning, formatPercent, missingForSubmission, paperRoundRefusal, submissionErrors } from './initiative-rules';
import { isLevel, isStatus, LEVEL_LABELS, LEVELS, STATUS_BADGES, STATUS_LABELS, STATUSES } from './initiative-status';
import { Initiative } from './initiative.entity';
import { Audience, InitiativeFilter, InitiativeSort, InitiativesService } from './initiatives.service';
import { RequestContext } from '../common/request-context';
import { fold } from '../common/text';
import { NoveltyService, similarView } from '../novelty/novelty.service';
import { NoveltyText } from '../novelty/similarity';

export const PAGE_SIZE = 20;

/** Parts of the revision history that hold personal or confidential data (see canSeePrivate). */
const PRIVATE_PARTS = ['authors', 'participants', 'confidentialInfo'];

const SORTS: { value: InitiativeSort; label: string }[] = [
  { value: 'relevance', label: 'Phù hợp nhất (khi tìm kiếm)' },
  { value: 'newest', label: 'Mới cập nhật' },
  { value: 'oldest', label: 'Cũ nhất' },
  { value: 'title', label: 'Tên (A–Z)' },
  { value: 'code', label: 'Mã sáng kiến' },
];

type Query = Record<string, string | undefined>;

const positiveInt = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** The filter from the query string (?q=&year=&round=&unit=&field=&status=&level=&sort=). */
export function filterFrom(query: Query, publicOnly = false): InitiativeFilter {
  const sort = SORTS.find((s) => s.value === query.sort)?.value;
  return {
    q: query.q?.trim().slice(0, 200) || undefined,
    year: positiveInt(query.year),
    roundId: positiveInt(query.round),
    unitId: positiveInt(query.unit),
    fieldId: positiveInt(query.field),
    status: !publicOnly && query.status && isStatus(query.status) ? query.status : undefined,
    level: query.level && isLevel(query.level) ? query.level : undefined,
    sort,
  };
}

export function statusView(status: Initiative['status']) {
  return { label: STATUS_LABELS[status], badge: STATUS_BADGES[status] };
}

const nl = (n: number | null) => formatNumber(n);

/** A round in a list to choose from: its name (with its year unless the name says it) and its state. */
function roundOption(r: { id: number; name: string; year: number; status: keyof typeof ROUND_STATUS_LABELS }) {
  return { value: String(r.id), label: `${roundTitle(r)} — ${ROUND_STATUS_LABELS[r.status]}` };
}

/** Row of a list of initiatives. */
export function listItem(i: Initiative, base = '/initiatives') {
  return {
    id: i.id,
    href: `${base}/${i.id}`,
    code: i.code,
    title: i.title,
    unitName: i.unit?.name ?? '',
    fieldName: i.field?.name ?? '',
    roundName: i.round?.name ?? '',
    year: i.year,
    status: statusView(i.status),
    level: i.level ? LEVEL_LABELS[i.level] : '',
    authors: (i.authors ?? []).map((a) => a.fullName).join(', '),
    updatedAt: i.updatedAt,
  };
}

export function attachmentView(a: Attachment) {
  return {
    id: a.id,
    name: a.originalName,
    size: formatBytes(a.size),
    type: a.mediaType,
    public: a.visibility === 'public',
    visibilityLabel: VISIBILITY_LABELS[a.visibility],
    createdAt: a.createdAt,
  };
}

/** Builds the view models of the initiative pages. */
@Injectable()
export class InitiativesView {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly units: UnitsService,
    private readonly fields: FieldsService,
    private readonly rounds: RoundsService,
    private readonly config: AppConfig,
    private readonly extensions: Extensions,
    private readonly novelty: NoveltyService,
  ) {}

  /** Filter controls shared by the internal list and the public catalogue. */
  async filters(filter: InitiativeFilter, publicOnly: boolean) {
    const [units, fields, rounds, recorded] = await Promise.all([this.units.all(), this.fields.all(), this.rounds.all(), this.initiatives.years()]);
    const thisYear = Number(todayIso().slice(0, 4));
    // The last twelve years, and any earlier year of a round or a record (entered from paper).
    const years = [...new Set([...Array.from({ length: 12 }, (_, k) => thisYear - k), ...rounds.map((r) => r.year), ...recorded])].sort((a, b) => b - a);
    return {
      filter: { ...filter, unit: filter.unitId ?? '', field: filter.fieldId ?? '', round: filter.roundId ?? '', sort: filter.sort ?? '' },
      // Said on "Lọc" when the filters are folded (on a phone): how many narrow the list.
      activeFilters: [filter.year, filter.roundId, filter.unitId, filter.fieldId, publicOnly ? null : filter.status, filter.level].filter((v) => v !== undefined && v !== null && String(v) !== '').length,
      yearOptions: years.map((y) => ({ value: String(y), label: String(y) })),
      unitOptions: unitFilterOptions(units, filter.unitId, todayIso()),
      fieldOptions: fields.map((f) => ({ value: String(f.id), label: f.name })),
      roundOptions: rounds.filter(takesInitiatives).map((r) => ({ value: String(r.id), label: roundTitle(r) })),
      statusOptions: publicOnly ? [] : STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
      levelOptions: LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] })),
      sortOptions: SORTS,
    };
  }

  async list(query: Query, audience: Audience, base: string) {
    const publicOnly = 'public' in audience;
    const filter = filterFrom(query, publicOnly);
    const page = pageNumber(query.page);
    const [{ initiatives, total, capped, rankedWithin }, filters] = await Promise.all([this.initiatives.list(filter, audience, page, PAGE_SIZE), this.filters(filter, publicOnly)]);
    const exportQuery = new URLSearchParams(Object.entries(query).filter(([k, v]) => k !== 'page' && v) as [string, string][]).toString();
    return {
      ...filters,
      initiatives: initiatives.map((i) => listItem(i, base)),
      total,
      totalLabel: capped ? `Hơn ${formatInteger(total)}` : formatInteger(total),
      searched: Boolean(filter.q),
      rankedWithin: rankedWithin ? formatInteger(rankedWithin) : null,
      pagination: paginate(page, total, query, PAGE_SIZE),
      exportQuery: exportQuery ? `?${exportQuery}` : '',
    };
  }

  /** The form for a new initiative or for editing one; `values` are what the fields show. */
  async form(ctx: RequestContext, initiative: Initiative | null) {
    const [units, fields, rounds] = await Promise.all([this.initiatives.unitsFor(ctx), this.fields.all(), this.rounds.all()]);
    const keepUnit = initiative ? [initiative.unitId] : [];
    const allUnits = initiative && !units.some((u) => u.id === initiative.unitId) && initiative.unit ? [...units, initiative.unit] : units;
    const values = initiative ? this.values(initiative) : this.blankValues(ctx, units.map((u) => u.id));
    const attachments = initiative ? (await this.initiatives.attachmentsOf(initiative.id)).map(attachmentView) : [];
    return {
      // The novelty check of what is saved (without JavaScript, the list shows here after "Lưu").
      similar: await this.similar(ctx, initiative, initiative?.id ?? null),
      extraScripts: ['/assets/js/novelty.js'],
      title: initiative ? `Sửa sáng kiến: ${initiative.title}` : 'Đăng ký sáng kiến mới',
      initiative: initiative ? { id: initiative.id, code: initiative.code, status: statusView(initiative.status) } : null,
      action: initiative ? `/initiatives/${initiative.id}/edit` : '/initiatives/new',
      form: { values, errors: {} },
      rows: this.rows(values),
      unitOptions: unitOptions(allUnits, todayIso(), keepUnit),
      fieldOptions: fields.filter((f) => f.active || f.id === initiative?.fieldId).map((f) => ({ value: String(f.id), label: f.name })),
      roundHint: initiative && isAwaitingRound(initiative)
        ? 'Sáng kiến đã nộp, đang chờ Thư ký hội đồng đưa vào đợt xét: đợt xét không chọn ở đây.'
        : initiative?.code
          ? 'Sáng kiến đã nộp: không đổi đợt xét được nữa.'
          : 'Các đợt đang nhận hồ sơ. Để trống: khi nộp, sáng kiến vào đợt duy nhất đang nhận hồ sơ của đơn vị, hoặc chờ Thư ký đưa vào đợt xét.',
      roundOptions: rounds.filter((r) => takesInitiatives(r) && (r.status === 'open' || r.id === initiative?.roundId)).map(roundOption),
      attachments,
      accept: ACCEPT_ATTRIBUTE,
      acceptedLabel: ACCEPTED_LABEL,
      maxFile: formatBytes(this.config.get('maxFileBytes')),
      maxTotal: formatBytes(this.config.get('maxInitiativeBytes')),
      // Said beside the parts a draft may lack but a submission needs (REQUIRED_FOR_SUBMISSION);
      // that a draft may lack them is said once, above them.
      submitNeed: 'Cần có khi nộp. ',
    };
  }

  /**
   * The edit form after a refused "Nộp": each part the submission lacks marked beside its
   * field and listed as a link above the form (nothing was lost: the draft is as saved).
   */
  submissionNeeds<T extends { form: { values: unknown; errors: Record<string, string> } }>(model: T, initiative: Initiative): T & { form: { summary?: string } } {
    const errors = submissionErrors(initiative, (initiative.authors ?? []).map((a) => a.share));
    if (Object.keys(errors).length === 0) return model;
    return { ...model, form: { ...model.form, errors, summary: 'Chưa nộp được: sáng kiến còn thiếu những phần dưới đây (bản nháp vẫn giữ nguyên). Điền đủ, bấm "Lưu", rồi nộp lại.' } };
  }

  /** The form of an initiative of an earlier year entered from the paper files (district admin). */
  async paperForm(ctx: RequestContext) {
    const [model, rounds, units] = await Promise.all([this.form(ctx, null), this.rounds.all(), this.initiatives.unitsFor(ctx)]);
    const today = todayIso();
    const thisYear = Number(today.slice(0, 4));
    return {
      ...model,
      // A record of an earlier year belongs to the unit of that time: ended units too, marked so.
      unitOptions: unitOptionsOfAllTimes(units, today),
      title: 'Nhập sáng kiến từ hồ sơ giấy',
      paper: true,
      // Required outright on a paper record.
      submitNeed: '',
      action: '/initiatives/paper/new',
      form: { values: { attachmentVisibility: 'internal', unitId: '', authors: [], indicators: [], year: '', submittedOn: '' }, errors: {} },
      rows: this.rows({}),
      roundHint: `Các đợt xét đã kết thúc hoặc của năm trước năm ${thisYear}; đợt xét đang diễn ra trong năm nay do hội đồng chấm và biểu quyết trong hệ thống. Chưa có đợt xét của năm đó thì tạo tại trang Đợt xét (đợt của năm trước tạo được ở trạng thái Đã kết thúc), hoặc chỉ ghi năm.`,
      yearHint: `Năm trước năm ${thisYear}. Để trống nếu chọn đợt xét: năm là năm của đợt xét.`,
      // The rounds the record may belong to: over, or of an earlier year (see paperRoundRefusal).
      roundOptions: rounds.filter((r) => takesInitiatives(r) && !paperRoundRefusal(r, thisYear)).map(roundOption),
    };
  }

  async paperFormAgain(ctx: RequestContext, body: Record<string, unknown>) {
    const model = await this.paperForm(ctx);
    const ids = (Array.isArray(body.staged) ? body.staged : body.staged ? [body.staged] : []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const kept = await this.initiatives.stagedFiles(ctx, ids);
    return { ...model, rows: this.rows(body), formValues: { staged: kept.map((a) => ({ id: a.id, name: a.originalName, size: a.size })) } };
  }

  /** Submissions waiting for a round, each with why, and the rounds they may be attached to (not closed). */
  /**
   * The waiting queue as this person may act on it: the waiting initiatives of the units
   * their rounds take (a commune's secretary its commune's, the province's its province's)
   * and, to attach them to, the rounds they manage that are not closed.
   */
  async awaitingRound(ctx: RequestContext) {
    const [waiting, reach] = await Promise.all([this.initiatives.awaitingRound(), this.rounds.attachReach(ctx)]);
    return {
      title: 'Sáng kiến chưa có đợt xét',
      initiatives: waiting.filter((w) => reach.reaches(w.initiative.unitId)).map(({ initiative: i, reason }) => ({ ...listItem(i), submittedAt: i.submittedAt, reason })),
      roundOptions: reach.rounds.map(roundOption),
      form: { values: {}, errors: {} },
    };
  }

  /**
   * Re-rendering after refused input: the typed values (from the body) replace these;
   * only the options and the rows to show are needed here.
   */
  async formAgain(ctx: RequestContext, initiative: Initiative | null, body: Record<string, unknown>) {
    const model = await this.form(ctx, initiative);
    const ids = (Array.isArray(body.staged) ? body.staged : body.staged ? [body.staged] : []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const kept = await this.initiatives.stagedFiles(ctx, ids);
    // The novelty check of what was typed (the form came back with an error: nothing was saved).
    const typed = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const similar = await this.similar(ctx, { title: typed('title'), problem: typed('problem'), solution: typed('solution') }, initiative?.id ?? null);
    return { ...model, similar, rows: this.rows(body), formValues: { staged: kept.map((a) => ({ id: a.id, name: a.originalName, size: a.size })) } };
  }

  /**
   * How many author and indicator blocks to show: those filled or posted, at least one of
   * each, and one more of the kind "Thêm tác giả" / "Thêm chỉ số" asked for (`addRow`,
   * the button's value when the form is posted without JavaScript).
   */
  rows(values: Record<string, unknown>) {
    const count = (v: unknown) => (Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0);
    const range = (n: number) => Array.from({ length: n }, (_, i) => ({ i, n: i + 1 }));
    const blocks = (kind: 'authors' | 'indicators') => Math.max(1, count(values[kind])) + (values.addRow === kind ? 1 : 0);
    return { authors: range(blocks('authors')), indicators: range(blocks('indicators')) };
  }

  values(i: Initiative): Record<string, unknown> {
    return {
      title: i.title,
      unitId: i.unitId,
      fieldId: i.fieldId,
      roundId: i.roundId ?? '',
      problem: i.problem,
      solution: i.solution,
      novelty: i.novelty,
      conditions: i.conditions,
      applicability: i.applicability,
      effects: i.effects,
      firstAppliedDate: i.firstAppliedDate ?? '',
      investorName: i.investorName,
      stateFunded: i.stateFunded ? '1' : '',
      participants: i.participants,
      confidentialInfo: i.confidentialInfo,
      attachmentVisibility: 'internal',
      authors: (i.authors ?? []).map((a) => ({
        fullName: a.fullName,
        birthDate: a.birthDate ?? '',
        workplace: a.workplace,
        jobTitle: a.jobTitle,
        qualification: a.qualification,
        share: formatPercent(a.share),
        username: a.user?.username ?? '',
      })),
      indicators: (i.indicators ?? []).map((x) => ({ name: x.name, unitOfMeasure: x.unitOfMeasure, before: nl(x.before), after: nl(x.after) })),
    };
  }

  private blankValues(ctx: RequestContext, unitIds: number[]): Record<string, unknown> {
    return {
      unitId: unitIds.includes(ctx.user.unitId) ? ctx.user.unitId : '',
      attachmentVisibility: 'internal',
      authors: [{ fullName: ctx.user.fullName, jobTitle: ctx.user.position, workplace: ctx.user.unitName, share: '100', username: ctx.user.username }],
      indicators: [],
    };
  }

  async show(initiative: Initiative, viewer: InitiativeViewer) {
    const editable = canEdit(viewer, initiative);
    // What later features know of it (the council's decision, where it was adopted).
    const contributions = this.extensions.of<InitiativePageContribution>(INITIATIVE_PAGE);
    // All read at once: each await of its own would wait its turn again behind every other
    // request's work (under load, a wait of the whole queue each time).
    const [attachments, { transitions, revisions }, parts, similar] = await Promise.all([
      this.initiatives.attachmentsOf(initiative.id),
      this.initiatives.history(initiative.id),
      Promise.all(contributions.map((x) => x.extend(initiative, viewer))),
      // Its own side, while it may still change it: the novelty check of what is saved.
      editable && viewer.user ? this.similar(RequestContext.forViewer(viewer.user), initiative, initiative.id) : null,
    ]);
    const extra = Object.assign({}, ...parts) as Record<string, unknown>;
    // Without the right to personal data, the page shows what the public catalogue shows.
    const internal = canSeePrivate(viewer, initiative);
    return {
      ...extra,
      similar,
      title: initiative.title,
      internal,
      i: this.detail(initiative, internal),
      status: statusView(initiative.status),
      warning: initiative.status === 'draft' || initiative.status === 'returned' ? filingWarning(initiative, todayIso()) : null,
      can: { edit: editable, submit: canSubmit(viewer, initiative), withdraw: canWithdraw(viewer, initiative) && !canDeleteDraft(viewer, initiative), deleteDraft: canDeleteDraft(viewer, initiative), attach: editable },
      // What submitting still needs, as links to the fields of the form (for whoever may submit and edit it).
      submitNeeds: canSubmit(viewer, initiative) && editable ? missingForSubmission(initiative).map((m) => ({ label: m.label, href: `/initiatives/${initiative.id}/edit#f-${m.key}` })) : [],
      paperRecord: initiative.paperRecord,
      awaitingRound: isAwaitingRound(initiative),
      // The unit's page is for those whose scope holds it (403 otherwise): a link for them alone.
      unitLink: isUnitInScope(viewer.user, initiative.unitId, viewer.scope),
      manager: Boolean(viewer.user && (isDistrictAdmin(viewer.user) || viewer.user.roles.includes(Role.CouncilSecretary))),
      decisionPending: initiative.status === 'submitted' || initiative.status === 'under_review',
      receiving: this.receiving(initiative, viewer),
      form: { values: {}, errors: {} },
      ownSide: editable || canWithdraw(viewer, initiative),
      attachments: attachments.filter((a) => internal || a.visibility === 'public').map(attachmentView),
      timeline: transitions.map((t) => ({
        at: t.at,
        // A step that changes no status (attached to a round) shows only its note.
        from: t.fromStatus && t.fromStatus !== t.toStatus ? STATUS_LABELS[t.fromStatus] : null,
        to: STATUS_LABELS[t.toStatus],
        actor: t.actorName,
        note: t.note,
      })),
      revisions: revisions.map((r) => ({
        number: r.number,
        at: r.at,
        actor: r.actorName,
        first: !r.changes,
        changes: (r.changes ?? []).filter((c) => internal || !PRIVATE_PARTS.includes(c.field)),
      })),
      accept: ACCEPT_ATTRIBUTE,
      acceptedLabel: ACCEPTED_LABEL,
      maxFile: formatBytes(this.config.get('maxFileBytes')),
    };
  }

  /** The novelty check's list for the form and the page (NoveltyService); a blank form gets the empty panel the script fills. */
  private async similar(ctx: RequestContext, text: NoveltyText | null, exceptId: number | null) {
    const empty = { title: '', problem: '', solution: '' };
    const t = text ?? empty;
    const checked = Boolean(fold(`${t.title} ${t.problem ?? ''} ${t.solution ?? ''}`));
    const list = checked ? await this.novelty.similar(ctx, t, exceptId) : { items: [], ...this.novelty.thresholds() };
    return { ...similarView(list), checked, live: true, newTab: true };
  }

  /**
   * Before the first submission to a round outside its receiving dates: what the page says
   * about it, and whether this person (the district admin) may let it in with a reason.
   */
  private receiving(initiative: Initiative, viewer: InitiativeViewer) {
    const round = initiative.round;
    if (initiative.code || !round || round.status !== 'open' || !canSubmit(viewer, initiative)) return null;
    const refusal = receivingRefusal(round, todayIso());
    return refusal ? { refusal, period: receivingPeriodLabel(round), canOverride: isDistrictAdmin(viewer.user) } : null;
  }

  /** Everything shown about an initiative; `internal` adds what the public never sees. */
  detail(i: Initiative, internal: boolean) {
    return {
      id: i.id,
      code: i.code,
      title: i.title,
      unitName: i.unit?.name ?? '',
      unitId: i.unitId,
      fieldName: i.field?.name ?? '',
      roundName: i.round ? roundTitle(i.round) : '',
      year: i.year,
      level: i.level ? LEVEL_LABELS[i.level] : '',
      sections: [
        { label: 'Thực trạng, vấn đề cần giải quyết', text: i.problem },
        { label: 'Nội dung giải pháp', text: i.solution },
        { label: 'Tính mới', text: i.novelty },
        { label: 'Điều kiện cần thiết để áp dụng', text: i.conditions },
        { label: 'Khả năng áp dụng ở nơi khác', text: i.applicability },
        { label: 'Hiệu quả', text: i.effects },
      ].filter((s) => internal || s.text),
      indicators: (i.indicators ?? []).map((x) => ({ name: x.name, unit: x.unitOfMeasure, before: nl(x.before), after: nl(x.after) })),
      firstAppliedDate: formatDate(i.firstAppliedDate),
      investorName: i.investorName,
      stateFunded: i.stateFunded,
      participants: internal ? i.participants : '',
      confidentialInfo: internal ? i.confidentialInfo : '',
      submittedAt: i.submittedAt,
      authors: (i.authors ?? []).map((a) => ({
        fullName: a.fullName,
        birthDate: internal ? formatDate(a.birthDate) : '',
        workplace: a.workplace,
        jobTitle: a.jobTitle,
        qualification: a.qualification,
        share: formatPercent(a.share),
      })),
      createdBy: internal ? (i.createdBy?.fullName ?? '') : '',
    };
  }
}
