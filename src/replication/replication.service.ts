import { ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { parseNumberVi } from '../common/validation';
import { AuditService } from '../audit/audit.service';
import { hasAnyRole, isDistrictAdmin, isUnitAdmin } from '../common/access';
import { ATTACHMENT_OWNER, AttachmentOwnerContribution, Contributes } from '../common/extensions';
import { dayAfter, formatDate, todayIso } from '../common/dates';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeStatus } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { within } from '../mail/concurrency';
import { MailOutcome, NotificationsService, Told } from '../notifications/notifications.service';
import { Reach, REMIND_AGAIN_REASON, REMINDED_UNITS, remindable, remindedOn, ReminderOutcome, reminderPlan, reminderReach } from './reminders';
import { Unit } from '../units/unit.entity';
import { isActiveUnit, UnitsService } from '../units/units.service';
import { Role } from '../users/roles';
import { UsersService } from '../users/users.service';
import { InitiativesService } from '../initiatives/initiatives.service';
import { authorUserIds } from '../initiatives/initiative-access';
import { ADOPTION_STATUS_LABELS, AdoptionStatus, adoptionRates, missingRecords, NotAdoptedReason, RateCell, reportErrors, ReportingUnit } from './adoption-rules';
import { ProgrammeDto, ReportDto } from './dto/programme.dto';
import { readTemplate, TEMPLATE_HEADERS } from './replication-template';
import { CsvRowError } from '../common/csv';
import { Adoption, AdoptionReport, Programme, UnitIndicator } from './programme.entity';
import { foldFigures, MatrixFigures } from './matrix-figures';
import { unitWithSuccessor } from './replication-export';
import { AdoptionEvidence, adoptionEvidence, COMMUNE_KINDS, DEFAULT_SCOPE_RULE, EvidenceRecord, publicProgress, PublicProgress, ScopeRule } from './adoption-evidence';
import { ReplicationRepository } from './replication.repository';
import { Lineage, lineage, RateMode, successorLabel } from './unit-lineage';
import { anyLate, atDeadline, lastInTime, lateFrom, lateOn } from './report-time';
import { RequestContext } from '../common/request-context';
import { ReceivedFiles } from '../attachments/received-files';
import { programmeChange, recordsChanges, unitRecordsChange } from '../database/data-changes';

/** Where ended units went: the roll-up into today's units, and the label shown beside an ended unit. */
export interface UnitHistory {
  line: Lineage;
  /** "nay thuộc …", or '' for a unit in force. */
  successorLabel(unitId: number): string;
  /** The unit's name today: its current successor(s) for an ended unit, else its own. */
  currentName(unitId: number): string;
  /** The names of the units of today that took over from an ended unit; none for a unit in force. */
  successorNames(unitId: number): string[];
}

/** A record's unit as its adoption date is checked against: its days in force and its successors. */
export function reportingUnit(unit: Pick<Unit, 'id' | 'name' | 'validFrom' | 'validTo'> | undefined, history: UnitHistory): ReportingUnit | undefined {
  return unit ? { name: unit.name, validFrom: unit.validFrom, validTo: unit.validTo, successors: unit.validTo ? history.successorNames(unit.id) : [] } : undefined;
}

/** A programme's rates counted both ways: its units as they were when it ran, and today's units. */
export type ProgrammeRates = Record<RateMode, ReturnType<typeof adoptionRates>>;

export interface ReportFields {
  status: AdoptionStatus;
  adoptedDate: string | null;
  reason: NotAdoptedReason | null;
  explanation: string;
  adaptation: string;
}

/** What a report stores: the date only when adopted, the reason only when not. */
export function reportFields(status: AdoptionStatus, adoptedDate: string | null, reason: NotAdoptedReason | null, explanation: string, adaptation: string): ReportFields {
  return {
    status,
    adoptedDate: status === AdoptionStatus.Adopted ? adoptedDate : null,
    reason: status === AdoptionStatus.NotAdopted ? reason : null,
    explanation: explanation.trim(),
    adaptation: adaptation.trim(),
  };
}

/** Statuses that close a record (reported as done one way or the other). */

/** Why a report (one record, or a unit's template and import) is refused. */
const REPORT_REFUSAL = 'Chỉ đầu mối CCHC của đơn vị (hoặc đơn vị tổ chức kế hoạch) được báo cáo kết quả áp dụng cho đơn vị này.';
const PROGRAMME_REFUSAL = 'Bạn chỉ quản lý được kế hoạch nhân rộng do đơn vị mình hoặc đơn vị trực thuộc ban hành.';

/** Vietnamese order of names (as `localeCompare(…, 'vi')`, without a collator made at each comparison). */
const BY_NAME = new Intl.Collator('vi');

/** Owner type of the evidence files of an adoption record. */
export const EVIDENCE = 'adoption';

/**
 * How long "send reminders" waits for its e-mail before answering: a mail server that is
 * slow or does not answer (10 s to connect or greet, 20 s of silence) must not hold the
 * page; what is still going is said on the page, and its outcome is logged when done.
 */
export const REMINDER_MAIL_WAIT_MS = 4_000;

/**
 * A programme's latest audit events read for today's reminders: its reminders, changes and
 * e-mail outcomes. At one reminder a unit a day (more only with a reason), a day's
 * reminders are far fewer than this.
 */
const REMINDER_EVENTS_READ = 500;

@Injectable()
@Contributes(ATTACHMENT_OWNER)
export class ReplicationService implements AttachmentOwnerContribution {
  private readonly logger = new Logger(ReplicationService.name);

  constructor(
    private readonly repo: ReplicationRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly units: UnitsService,
    private readonly notifications: NotificationsService,
    private readonly attachments: AttachmentsService,
    private readonly initiatives: InitiativesService,
    private readonly users: UsersService,
  ) {}

  /** Owner of the evidence files: those who may see the record may download them. */
  readonly ownerType = EVIDENCE;

  async canDownload(ctx: RequestContext, attachment: { ownerId: number | null }): Promise<boolean> {
    if (!ctx.viewer || attachment.ownerId === null) return false;
    const record = await this.repo.find(attachment.ownerId);
    return Boolean(record && (await this.canSee(ctx, record)));
  }

  /** The programmes this person sees: all for the system administrator and council secretaries; a unit administrator's own. */
  async list(ctx: RequestContext): Promise<Programme[]> {
    const all = await this.repo.programmes();
    if (isDistrictAdmin(ctx.user) || hasAnyRole(ctx.user, [Role.CouncilSecretary])) return all;
    const scope = await this.units.adminScope(ctx);
    return scope ? all.filter((p) => scope.has(p.issuingUnitId)) : all;
  }

  // ---- who runs a programme ------------------------------------------------------

  /**
   * Whether this person runs programmes issued by this unit (changes them, reminds units,
   * reports for a unit): the system administrator any; a unit administrator those issued by
   * its own unit or a unit below it (a commune's for its departments).
   */
  async managesIssuer(ctx: RequestContext, issuingUnitId: number): Promise<boolean> {
    if (isDistrictAdmin(ctx.user)) return true;
    if (!isUnitAdmin(ctx.user)) return false;
    const scope = await this.units.adminScope(ctx);
    return scope === null || scope.has(issuingUnitId);
  }

  /** 403 (naming nothing of it) unless this person runs the programme; 404 if there is none. */
  async assertManages(ctx: RequestContext, programmeId: number): Promise<void> {
    const programme = await this.findOne(programmeId);
    if (!(await this.managesIssuer(ctx, programme.issuingUnitId))) throw new ForbiddenException(PROGRAMME_REFUSAL);
  }

  /** 403 unless this person sees the programme's matrix, figures and exports: those who run it, and council secretaries. */
  async assertSees(ctx: RequestContext, programmeId: number): Promise<void> {
    if (isDistrictAdmin(ctx.user) || hasAnyRole(ctx.user, [Role.CouncilSecretary])) {
      await this.findOne(programmeId);
      return;
    }
    await this.assertManages(ctx, programmeId);
  }

  findOne(id: number): Promise<Programme> {
    return this.repo.programmeOrFail(id);
  }

  /** Recognised initiatives, from any round: what a programme can select. */
  candidates(): Promise<Initiative[]> {
    return this.initiatives.recognised();
  }

  async initiativesOf(programmeId: number): Promise<Initiative[]> {
    return this.initiatives.findMany(await this.repo.initiativeIdsOf(programmeId));
  }

  /**
   * The programme's target units in force, by name (Vietnamese order; units of the same name
   * in the order they were added): their ids read, the units taken from the list every page
   * shares (kept in memory), not built again from a join (600 units on a large programme).
   * Shared objects: callers must not change them. `units`: every unit, when the caller has
   * read them already.
   */
  async unitsOf(programmeId: number, units?: Promise<readonly Unit[]>): Promise<Unit[]> {
    const [ids, all] = await Promise.all([this.repo.activeUnitIds(programmeId), units ?? this.units.all()]);
    const added = new Map(ids.map((id, i) => [id, i]));
    return all.filter((u) => added.has(u.id)).sort((a, b) => BY_NAME.compare(a.name, b.name) || (added.get(a.id) as number) - (added.get(b.id) as number));
  }

  /**
   * A programme with everything its matrix and exports show: its initiatives, its units in
   * force, its records in force (the short columns for the matrix page, whole for exports,
   * which print explanations), where merged units went, and its rates counted both ways.
   */
  async withRecords(programmeId: number, records: 'short' | 'whole') {
    const [programme, initiatives, units, rows, history] = await Promise.all([
      this.findOne(programmeId),
      this.initiativesOf(programmeId),
      this.unitsOf(programmeId),
      records === 'short' ? this.matrixRecords(programmeId) : this.adoptions(programmeId),
      this.unitHistory(),
    ]);
    const atDeadline = await this.atDeadline(programme, rows);
    return { programme, initiatives, units, records: rows, atDeadline, history, rates: this.rates(rows, atDeadline, history.line.rollUp) };
  }

  /**
   * Rates per initiative, per unit and overall, both ways: at report time ('then': the
   * records as they stood at the deadline, `atDeadline`, each unit as it was), and today
   * ('now': every report, late ones too, with units merged since rolled up into their
   * successor). The one place the matrix page and the exports take them from.
   */
  rates(records: RateCell[], atDeadline: RateCell[], rollUp: (unitId: number) => number): ProgrammeRates {
    return { [RateMode.Then]: adoptionRates(atDeadline), [RateMode.Now]: adoptionRates(records, rollUp) };
  }

  /**
   * The programme's records as they stood at its report deadline (the report-time reading):
   * a record whose last report came after the deadline's day counts with what it said by
   * then. One read, of the reports of late records only.
   */
  async atDeadline(programme: Pick<Programme, 'id' | 'reportDeadline'>, records: (RateCell & { id: number; reportedAt: Date | null })[]): Promise<RateCell[]> {
    const deadline = programme.reportDeadline;
    const before = lateFrom(deadline);
    const late = before !== null && anyLate(records, deadline);
    return atDeadline(records, deadline, late ? lastInTime(await this.repo.reportsBefore(programme.id, before)) : new Map());
  }

  /**
   * The short columns of every record of a programme (or of these units' only), as plain
   * rows (a large programme has tens of thousands: no entity building).
   */
  matrixRecords(programmeId: number, unitIds?: number[]): Promise<Adoption[]> {
    return this.repo.matrixRows(programmeId, unitIds);
  }

  /**
   * The matrix page's figures counted by the database, both ways, as `rates` and
   * `groupSummaries` count them from the records (see matrix-figures.ts): at report time
   * (each record as it stood at the deadline, each unit on its own) and today (every report,
   * units merged since rolled up into their successor); and the open records of each unit.
   * `units`: the programme's target units in force (their kinds make the groups). Never
   * builds the records.
   */
  async matrixFigures(programme: Pick<Programme, 'id' | 'reportDeadline'>, line: Lineage, units: { id: number; kind: string }[]): Promise<MatrixFigures> {
    const rollUps = line.merged.map((u): [number, number] => [u, line.rollUp(u)]).filter(([from, to]) => from !== to);
    const rows = await this.repo.figures(programme.id, { late: lateFrom(programme.reportDeadline), rollUps });
    return foldFigures(rows.perUnit, rows.perInitiative, rows.late, rows.merged, units);
  }

  /** How many records of each unit have no final answer (units with none left out). */
  /**
   * The programmes this person sees whose reporting deadline has passed while units still
   * have records without a final answer (how many units), latest deadline first.
   */
  async lateProgrammes(ctx: RequestContext): Promise<{ programme: Programme; units: number }[]> {
    return this.late(await this.list(ctx));
  }

  /** Every programme past its deadline with units still to report (the weekly reminder's). */
  async allLateProgrammes(): Promise<{ programme: Programme; units: number }[]> {
    return this.late(await this.repo.programmes());
  }

  private async late(programmes: Programme[]): Promise<{ programme: Programme; units: number }[]> {
    const today = todayIso();
    const past = programmes.filter((p) => p.reportDeadline && p.reportDeadline < today);
    const open = await this.repo.unitsWithOpenRecords(past.map((p) => p.id));
    return past
      .filter((p) => (open.get(p.id) ?? 0) > 0)
      .map((programme) => ({ programme, units: open.get(programme.id) as number }))
      .sort((a, b) => (b.programme.reportDeadline ?? '').localeCompare(a.programme.reportDeadline ?? ''));
  }

  openByUnit(programmeId: number): Promise<Map<number, number>> {
    return this.repo.openByUnit(programmeId);
  }

  /** One row of the matrix in full: a unit's records in the programme, or an initiative's. */
  slice(programmeId: number, by: { unitId: number } | { initiativeId: number }): Promise<Adoption[]> {
    return this.repo.sliceRecords(programmeId, by);
  }

  adoptions(programmeId: number): Promise<Adoption[]> {
    return this.repo.records(programmeId);
  }

  /**
   * A new programme: one adoption record per selected initiative and target unit. With
   * no unit chosen, every active unit under the issuing unit is targeted.
   */
  async create(ctx: RequestContext, dto: ProgrammeDto): Promise<Programme> {
    const errors: FieldErrors = {};
    const initiatives = await this.initiatives.findMany(dto.initiativeIds);
    if (initiatives.length === 0) errors.initiativeIds = 'Vui lòng chọn ít nhất một sáng kiến được công nhận.';
    else if (initiatives.some((i) => i.status !== InitiativeStatus.Recognized)) errors.initiativeIds = 'Chỉ chọn được sáng kiến đã được công nhận.';
    const issuing = dto.issuingUnitId ? await this.units.find(dto.issuingUnitId) : null;
    if (!issuing) errors.issuingUnitId = 'Đơn vị ban hành không tồn tại.';
    else if (!(await this.managesIssuer(ctx, issuing.id))) errors.issuingUnitId = 'Bạn chỉ lập được kế hoạch do đơn vị mình hoặc đơn vị trực thuộc ban hành.';
    else if (issuing.validTo && issuing.validTo < todayIso()) errors.issuingUnitId = `${issuing.name} đã chấm dứt hoạt động, không ban hành kế hoạch mới được.`;
    if (dto.decisionDate && dto.reportDeadline && dto.reportDeadline < dto.decisionDate) errors.reportDeadline = 'Hạn báo cáo phải sau ngày quyết định.';
    let unitIds = [...new Set(dto.unitIds)];
    if (!errors.issuingUnitId && unitIds.length === 0) unitIds = await this.defaultTargets(dto.issuingUnitId);
    if (!errors.issuingUnitId && unitIds.length === 0) errors.unitIds = 'Vui lòng chọn đơn vị áp dụng.';
    if (unitIds.length && !(await this.units.allExist(unitIds))) errors.unitIds = 'Có đơn vị được chọn không tồn tại.';
    else if (!errors.unitIds) {
      const refusal = await this.targetsRefusal(ctx, unitIds);
      if (refusal) errors.unitIds = refusal;
    }
    if (Object.keys(errors).length) throw new FormInvalidException(errors);

    return this.uow.run(async () => {
      const programme = await this.repo.saveProgramme(
        new Programme({
          year: dto.year,
          title: dto.title,
          issuingUnitId: dto.issuingUnitId,
          decisionNumber: dto.decisionNumber,
          decisionDate: dto.decisionDate ?? null,
          reportDeadline: dto.reportDeadline ?? null,
          createdById: ctx.user.id,
        }),
      );
      this.uow.changes(programmeChange(programme.id));
      for (const i of initiatives) await this.repo.addInitiative(programme.id, i.id);
      for (const unitId of unitIds) await this.repo.addUnit(programme.id, unitId);
      const records = missingRecords(initiatives.map((i) => i.id), unitIds, []);
      for (const r of records) await this.repo.addRecord(programme.id, r.initiativeId, r.unitId);
      await this.audit.log(ctx, {
        action: 'programme.create',
        entityType: 'programme',
        entityId: programme.id,
        summary: `Tạo kế hoạch nhân rộng "${programme.title}": ${initiatives.length} sáng kiến × ${unitIds.length} đơn vị (${records.length} bản ghi)`,
      });
      return programme;
    });
  }

  /**
   * Adds initiatives and target units (new records for every new pair) and removes
   * units. A removed unit that has already reported needs `confirmRemoval`; its records
   * are kept (marked removed) with their history.
   */
  async change(ctx: RequestContext, id: number, add: { initiativeIds: number[]; unitIds: number[] }, removeUnitIds: number[], confirmRemoval: boolean): Promise<{ created: number; removed: number }> {
    const programme = await this.findOne(id);
    const initiatives = await this.initiatives.findMany(add.initiativeIds);
    if (initiatives.some((i) => i.status !== InitiativeStatus.Recognized)) throw new FormInvalidException({ initiativeIds: 'Chỉ chọn được sáng kiến đã được công nhận.' });
    if (add.unitIds.length && !(await this.units.allExist(add.unitIds))) throw new FormInvalidException({ unitIds: 'Có đơn vị được chọn không tồn tại.' });
    const refusal = await this.targetsRefusal(ctx, add.unitIds);
    if (refusal) throw new FormInvalidException({ unitIds: refusal });
    const records = await this.repo.records(id, true);
    const reported = records.filter((r) => removeUnitIds.includes(r.unitId) && r.version > 0 && !r.removedAt);
    if (reported.length && !confirmRemoval) {
      throw new FormInvalidException({ removeUnitIds: `Đơn vị bị bỏ đã có ${reported.length} báo cáo. Đánh dấu "Tôi xác nhận" để bỏ; lịch sử báo cáo vẫn được giữ.` });
    }
    return this.uow.run(async () => {
      this.uow.changes(programmeChange(id));
      const existingInitiatives = await this.repo.initiativeIdsOf(id);
      const links = await this.repo.unitLinks(id);
      for (const i of initiatives) if (!existingInitiatives.includes(i.id)) await this.repo.addInitiative(id, i.id);
      for (const unitId of new Set(add.unitIds)) {
        const link = links.find((l) => l.unitId === unitId);
        if (!link) await this.repo.addUnit(id, unitId);
        else if (link.removedAt) await this.repo.setUnitLinkRemoved(link.id, null);
      }
      const now = new Date();
      let removed = 0;
      for (const unitId of new Set(removeUnitIds)) {
        const link = links.find((l) => l.unitId === unitId && !l.removedAt);
        if (!link) continue;
        await this.repo.setUnitLinkRemoved(link.id, now);
        await this.repo.removeUnitRecords(id, unitId, now);
        removed++;
      }
      const allInitiatives = [...new Set([...existingInitiatives, ...initiatives.map((i) => i.id)])];
      const activeUnits = (await this.repo.activeUnitLinks(id)).map((l) => l.unitId);
      // A unit added back gets its old records again rather than new ones.
      for (const r of records) if (r.removedAt && activeUnits.includes(r.unitId)) await this.repo.restoreRecord(r.id);
      const missing = missingRecords(allInitiatives, activeUnits, records);
      for (const r of missing) await this.repo.addRecord(id, r.initiativeId, r.unitId);
      await this.audit.log(ctx, {
        action: 'programme.update',
        entityType: 'programme',
        entityId: id,
        summary: `Điều chỉnh kế hoạch "${programme.title}": thêm ${missing.length} bản ghi, bỏ ${removed} đơn vị`,
      });
      return { created: missing.length, removed };
    });
  }

  /** Why these target units cannot be chosen: a unit administrator chooses within its scope only. */
  private async targetsRefusal(ctx: RequestContext, unitIds: number[]): Promise<string | undefined> {
    if (unitIds.length === 0) return undefined;
    const scope = await this.units.adminScope(ctx);
    if (scope && unitIds.some((id) => !scope.has(id))) return 'Chỉ chọn được đơn vị thuộc phạm vi bạn quản lý (đơn vị mình và các đơn vị trực thuộc).';
    // A unit that has ended adopts nothing any more: its successor is the one to target.
    const today = todayIso();
    const wanted = new Set(unitIds);
    const ended = (await this.units.all()).filter((u) => wanted.has(u.id) && !isActiveUnit(u, today));
    if (ended.length) return `Đơn vị đã chấm dứt hoạt động, không áp dụng sáng kiến được nữa: ${ended.map((u) => u.name).join(', ')}. Hãy chọn đơn vị hiện nay.`;
    return undefined;
  }

  /** Every active unit under the issuing unit (not the issuing unit itself). */
  async defaultTargets(issuingUnitId: number): Promise<number[]> {
    const scope = await this.units.scopeIds(issuingUnitId);
    const today = todayIso();
    return (await this.units.all()).filter((u) => u.id !== issuingUnitId && scope.has(u.id) && isActiveUnit(u, today)).map((u) => u.id);
  }

  /**
   * Where ended units went, among all units (not only a programme's): the roll-up of
   * today's rates and the "nay thuộc …" label. Built once from the units and their
   * successions and kept with them until a change to units (UnitsService.derived): every
   * initiative page shows it.
   */
  unitHistory(): Promise<UnitHistory> {
    const today = todayIso();
    return this.units.derived(`unit-history:${today}`, (all, edges) => unitHistoryOf(all, edges, today));
  }

  // ---- records and reports ------------------------------------------------------

  loadRecord(id: number): Promise<Adoption> {
    return this.repo.recordOrFail(id);
  }

  /** Who may see a record: the district, the unit's side, the initiative's authors. */
  async canSee(ctx: RequestContext, record: Adoption): Promise<boolean> {
    if (isDistrictAdmin(ctx.user) || hasAnyRole(ctx.user, [Role.CouncilSecretary])) return true;
    if ((await ctx.user.scope()).has(record.unitId)) return true;
    return this.managesIssuer(ctx, record.programme?.issuingUnitId ?? (await this.findOne(record.programmeId)).issuingUnitId);
  }

  /**
   * Who may report: the unit's focal point (own unit and sub-units), or whoever runs the
   * programme (the system administrator; a unit administrator of the issuing unit) on the
   * unit's behalf, the record then saying "đơn vị tổ chức báo cáo thay".
   */
  async assertCanReport(ctx: RequestContext, record: Adoption): Promise<{ onBehalf: boolean }> {
    const ownFocal = hasAnyRole(ctx.user, [Role.UnitFocal]) && (await ctx.user.scope()).has(record.unitId);
    if (ownFocal) return { onBehalf: false };
    const issuingUnitId = record.programme?.issuingUnitId ?? (await this.findOne(record.programmeId)).issuingUnitId;
    if (await this.managesIssuer(ctx, issuingUnitId)) return { onBehalf: true };
    throw new ForbiddenException(REPORT_REFUSAL);
  }

  /**
   * Whether this user may report for a unit's records (its page's Excel template and import):
   * the district, or a focal point whose scope holds the unit (its records, those of its
   * sub-units and of the units merged into it, are then all in that scope). Reads nothing
   * but the user's scope.
   */
  async mayReportForUnit(ctx: RequestContext, unitId: number): Promise<boolean> {
    return isDistrictAdmin(ctx.user) || (hasAnyRole(ctx.user, [Role.UnitFocal]) && (await ctx.user.scope()).has(unitId));
  }

  /** 403 unless this user may report for the unit (checked before an upload is read). */
  async assertCanReportForUnit(ctx: RequestContext, unitId: number): Promise<void> {
    if (!(await this.mayReportForUnit(ctx, unitId))) throw new ForbiddenException(REPORT_REFUSAL);
  }

  history(adoptionId: number): Promise<AdoptionReport[]> {
    return this.repo.reports(adoptionId);
  }

  /**
   * A report, with evidence files (same upload rules as initiatives) and indicators
   * measured at the unit: validated, kept as a new version; the initiative's authors hear
   * of an adoption.
   */
  async report(ctx: RequestContext, id: number, dto: ReportDto, uploads: ReceivedFiles): Promise<void> {
    const record = await this.loadRecord(id);
    const { onBehalf } = await this.assertCanReport(ctx, record);
    const unit = reportingUnit(record.unit, await this.unitHistory());
    const errors: FieldErrors = reportErrors({ status: dto.status, adoptedDate: dto.adoptedDate ?? null, reason: dto.reason || null, explanation: dto.explanation }, todayIso(), unit);
    const indicators: UnitIndicator[] = [];
    for (const [i, row] of (dto.indicators ?? []).entries()) {
      // A row counts once a value is measured (names of the initiative's indicators come pre-filled).
      if (!row || (!row.before && !row.after)) continue;
      const before = parseNumberVi(row.before);
      const after = parseNumberVi(row.after);
      if (!row.name) errors[`indicators.${i}.name`] = 'Vui lòng nhập tên chỉ số.';
      if (Number.isNaN(before)) errors[`indicators.${i}.before`] = 'Giá trị phải là một số.';
      if (Number.isNaN(after)) errors[`indicators.${i}.after`] = 'Giá trị phải là một số.';
      indicators.push({ name: row.name, unitOfMeasure: row.unitOfMeasure, before, after });
    }
    // The files that came with a refused report are kept for it by the route's @Uploads.
    if (Object.keys(errors).length) throw new FormInvalidException(errors);
    const fields = reportFields(dto.status as AdoptionStatus, dto.adoptedDate ?? null, (dto.reason || null) as NotAdoptedReason | null, dto.explanation, dto.adaptation);
    // Nothing read again once written: the transaction holds SQLite's one writer (and, on
    // PostgreSQL, the record's lock) for as short a time as its writes need.
    await this.attachments.withFiles(uploads, async () => {
      // Its unit's records only: the programme's figures go, and the grid's page showing the unit.
      this.uow.changes(unitRecordsChange(record.programmeId, record.unitId));
      await this.repo.lockAdoptions([id]);
      const [current, lastVersion] = await Promise.all([this.loadRecord(id), this.repo.lastReportVersion(id)]);
      await this.apply(ctx, current, lastVersion, fields, onBehalf, indicators.length ? indicators : null);
      await this.attachments.attach({ type: EVIDENCE, id }, uploads.files, dto.staged ?? [], ctx.user.id, 'internal');
    });
  }

  evidence(id: number) {
    return this.attachments.forOwner(EVIDENCE, id);
  }

  /**
   * Writes one report (inside the caller's transaction, the record locked). `lastVersion`:
   * the last version of its reports kept, read by the caller beside the record.
   */
  private async apply(ctx: RequestContext, current: Adoption, lastVersion: number, fields: ReportFields, onBehalf: boolean, indicators: UnitIndicator[] | null = current.indicators): Promise<void> {
    // After the last report kept as well as the record's count: a record whose version lags
    // behind its reports (rows loaded from outside) would otherwise repeat a kept version and
    // be refused by the unique (adoptionId, version) as a concurrent change, on every report.
    // The record is locked, so no other report of it runs meanwhile.
    const version = Math.max(current.version, lastVersion) + 1;
    // One instant for the record and its report: lateness is judged on both (the matrix on
    // the record, the report-time reading on the reports), so they never disagree.
    const now = new Date();
    const late = lateOn(now, current.programme?.reportDeadline);
    await this.repo.addReport(
      current.id,
      { ...fields, indicators, version, reportedAt: now, reportedById: ctx.user.id, onBehalf },
      new AdoptionReport({ adoptionId: current.id, version, ...fields, indicators, reportedById: ctx.user.id, reportedByName: ctx.actor.name, onBehalf, createdAt: now }),
    );
    if (fields.status === AdoptionStatus.Adopted && current.status !== AdoptionStatus.Adopted) {
      const initiative = await this.initiatives.withAuthors(current.initiativeId);
      await this.notifications.tell(initiative ? authorUserIds(initiative) : [], 'adopted', `${current.unit?.name ?? 'Một đơn vị'} đã áp dụng sáng kiến "${initiative?.title ?? ''}".`, `/initiatives/${current.initiativeId}`);
    }
    await this.audit.log(ctx, {
      action: 'adoption.report',
      entityType: 'adoption',
      entityId: current.id,
      summary: `${current.unit?.name ?? ''} báo cáo "${current.initiative?.title ?? ''}": ${ADOPTION_STATUS_LABELS[fields.status]}${onBehalf ? ` (Đơn vị tổ chức báo cáo thay: ${current.programme?.issuingUnit?.name ?? ''})` : ''}${late ? ` (báo cáo muộn: hạn báo cáo ${formatDate(current.programme?.reportDeadline)})` : ''}`,
      changes: [{ field: 'status', before: current.status, after: fields.status }],
    });
  }

  /**
   * Reports from the Excel template, all or nothing: every row is checked with the same
   * rules as the form (and the same rights); nothing is saved unless all rows are valid.
   * Rows that change nothing are skipped.
   */
  async importTemplate(ctx: RequestContext, content: Buffer, allowed: Adoption[]): Promise<{ ok: boolean; updated: number; errors: CsvRowError[] }> {
    const read = await readTemplate(content);
    if ('error' in read) return { ok: false, updated: 0, errors: [{ line: 1, column: '', message: read.error }] };
    const { rows } = read;
    if (rows.length === 0) return { ok: false, updated: 0, errors: [{ line: 1, column: '', message: 'Tệp không có dòng nào.' }] };
    const byId = new Map(allowed.map((a) => [a.id, a]));
    const errors: CsvRowError[] = [];
    const seen = new Set<number>();
    const changes: { record: Adoption; fields: ReportFields; onBehalf: boolean }[] = [];
    const today = todayIso();
    const history = await this.unitHistory();
    for (const row of rows) {
      for (const e of row.errors) errors.push({ line: row.line, column: e.column, message: e.message });
      if (row.recordId === null) continue;
      const record = byId.get(row.recordId);
      if (!record) {
        errors.push({ line: row.line, column: TEMPLATE_HEADERS[0], message: `Bản ghi ${row.recordId} không thuộc phạm vi báo cáo của bạn.` });
        continue;
      }
      if (seen.has(row.recordId)) errors.push({ line: row.line, column: TEMPLATE_HEADERS[0], message: `Bản ghi ${row.recordId} xuất hiện hai lần.` });
      seen.add(row.recordId);
      if (!row.status || row.errors.length) continue;
      const rule = reportErrors({ status: row.status, adoptedDate: row.adoptedDate, reason: row.reason, explanation: row.explanation }, today, reportingUnit(record.unit, history));
      const columns: Record<string, string> = { status: TEMPLATE_HEADERS[4], adoptedDate: TEMPLATE_HEADERS[5], reason: TEMPLATE_HEADERS[6], explanation: TEMPLATE_HEADERS[7] };
      for (const [field, message] of Object.entries(rule)) errors.push({ line: row.line, column: columns[field] ?? field, message });
      if (Object.keys(rule).length) continue;
      let onBehalf = false;
      try {
        onBehalf = (await this.assertCanReport(ctx, record)).onBehalf;
      } catch {
        errors.push({ line: row.line, column: TEMPLATE_HEADERS[3], message: 'Bạn không được báo cáo cho đơn vị này.' });
        continue;
      }
      const fields = reportFields(row.status, row.adoptedDate, row.reason, row.explanation, row.adaptation);
      const same = fields.status === record.status && fields.adoptedDate === record.adoptedDate && fields.reason === record.reason && fields.explanation === record.explanation && fields.adaptation === record.adaptation;
      if (!same) changes.push({ record, fields, onBehalf });
    }
    if (errors.length) return { ok: false, updated: 0, errors: errors.sort((a, b) => a.line - b.line) };
    await this.uow.run(async () => {
      this.uow.changes(...recordsChanges(changes.map((c) => c.record)));
      // Every row's record and last report read in two statements, not two per row: the
      // transaction holds SQLite's one writer while it runs.
      const ids = changes.map((c) => c.record.id);
      await this.repo.lockAdoptions(ids);
      const [current, lastVersions] = await Promise.all([this.repo.recordsOrFail(ids), this.repo.lastReportVersions(ids)]);
      for (const c of changes) await this.apply(ctx, current.get(c.record.id) as Adoption, lastVersions.get(c.record.id) ?? 0, c.fields, c.onBehalf);
    });
    return { ok: true, updated: changes.length, errors: [] };
  }

  /** Records a user may report on among these units (for the template). */
  async reportable(ctx: RequestContext, records: Adoption[]): Promise<Adoption[]> {
    const out: Adoption[] = [];
    for (const r of records) {
      try {
        await this.assertCanReport(ctx, r);
        out.push(r);
      } catch {
        // Not theirs: left out of their template.
      }
    }
    return out;
  }

  async programmeRecords(programmeId: number): Promise<Adoption[]> {
    return this.repo.detailedRecords({ programmeId });
  }

  /** Records of a unit, its sub-units and the units merged into it, across programmes and years. */
  async forUnitTree(unitId: number): Promise<Adoption[]> {
    return this.repo.detailedRecords({ unitIds: [...(await this.units.scopeIds(unitId))] });
  }

  /** The records of a unit's tree that this user may report on (the unit's template and import). */
  async reportableInUnit(ctx: RequestContext, unitId: number): Promise<Adoption[]> {
    return this.reportable(ctx, await this.forUnitTree(unitId));
  }

  /**
   * Who a reminder reaches in each unit (its focal points in force, or for a unit merged
   * since, those of the unit it now belongs to), or why no one can be reached. One read of
   * users for every unit.
   */
  async reminderContacts(unitIds: number[], rollUp: (unitId: number) => number): Promise<Map<number, Reach>> {
    if (unitIds.length === 0) return new Map();
    const users = await this.users.inUnits([...new Set([...unitIds, ...unitIds.map(rollUp)])]);
    return reminderReach(unitIds, users, rollUp);
  }

  /**
   * The units of a programme reminded today (Vietnam), with the time of their last reminder,
   * read from the programme's audit events (where each reminder lists the units it reached).
   */
  async remindedToday(programmeId: number): Promise<Map<number, Date>> {
    return remindedOn(await this.audit.forRecord('programme', programmeId, REMINDER_EVENTS_READ), todayIso());
  }

  /**
   * Reminds the focal points of the chosen overdue units, on their home page and by e-mail
   * when it is set up (sent after the reminders are saved); recorded in the audit. A unit is
   * reminded at most once a day per programme: one reminded today is skipped, unless a
   * `reason` is given (kept in the audit). The day's reminders are read inside the
   * transaction, after locking the programme, so two reminders posted at once (a double
   * click) remind a unit once. Says precisely who was reached, who could not be and why, who
   * was not reminded again, and whether the e-mail went.
   */
  async remind(ctx: RequestContext, programmeId: number, unitIds: number[], reason: string): Promise<ReminderOutcome> {
    const programme = await this.findOne(programmeId);
    // Counted by the database: a programme has up to tens of thousands of records.
    const [open, units, history] = await Promise.all([this.openByUnit(programmeId), this.unitsOf(programmeId), this.unitHistory()]);
    const today = todayIso();
    const overdue = new Set(programme.reportDeadline && programme.reportDeadline < today ? open.keys() : []);
    const ended = new Set((await this.units.all()).filter((u) => !isActiveUnit(u, today)).map((u) => u.id));
    const targets = remindable([...new Set(unitIds)].filter((u) => overdue.has(u)), history.line.rollUp, (u) => !ended.has(u));
    const reach = await this.reminderContacts(targets, history.line.rollUp);
    const nameOf = (unitId: number) => units.find((u) => u.id === unitId)?.name ?? '';
    const reached = targets.filter((u) => reach.get(u)?.reachable);
    const unreachable = targets.filter((u) => !reach.get(u)?.reachable).map((u) => ({ name: nameOf(u), why: reach.get(u)?.why ?? '' }));
    const deadline = formatDate(programme.reportDeadline);
    const why = reason.trim();
    const told: Told[] = [];
    let people = 0;
    const plan = await this.uow.run(async () => {
      // Notifications and an audit entry: nothing any cache holds (a programme's page reads
      // today's reminders on each view), so its figures and grid stay in memory.
      this.uow.changes();
      await this.repo.lockProgrammes([programmeId]);
      const remindedToday = await this.remindedToday(programmeId);
      const { send, skipped, again } = reminderPlan(reached, remindedToday, why);
      for (const unitId of send) {
        const focal = reach.get(unitId)?.people ?? [];
        const pending = open.get(unitId) ?? 0;
        told.push(
          await this.notifications.tell(
            focal.map((p) => p.id),
            'reminder',
            `Nhắc báo cáo kết quả áp dụng sáng kiến: "${programme.title}" — ${nameOf(unitId)} còn ${pending} sáng kiến chưa báo cáo xong (hạn ${deadline}).`,
            `/units/${unitId}/adoptions`,
          ),
        );
        people += focal.length;
      }
      const skippedUnits = skipped.map((u) => ({ name: nameOf(u), at: remindedToday.get(u) as Date }));
      // Nothing reminded and no one unreachable (every unit chosen was reminded today): nothing happened to record.
      if (send.length || unreachable.length) {
        await this.audit.log(ctx, {
          action: 'programme.remind',
          entityType: 'programme',
          entityId: programmeId,
          summary: [
            `Nhắc ${send.length} đơn vị quá hạn báo cáo (${people} đầu mối)`,
            again.length ? `nhắc lại trong ngày ${again.length} đơn vị (${again.map(nameOf).join(', ')}), lý do: ${why}` : '',
            skipped.length ? `không nhắc lại ${skipped.length} đơn vị đã được nhắc hôm nay: ${skipped.map(nameOf).join(', ')}` : '',
            unreachable.length ? `không nhắc được ${unreachable.length} đơn vị: ${unreachable.map((u) => `${u.name} (${u.why})`).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
          changes: [{ field: REMINDED_UNITS, before: null, after: send }, ...(why ? [{ field: REMIND_AGAIN_REASON, before: null, after: why }] : [])],
        });
      }
      return { skipped: skippedUnits, again: again.length ? { units: again.length, reason: why } : null, sent: send.length };
    });
    return { units: plan.sent, people, unreachable, skipped: plan.skipped, again: plan.again, email: await this.reminderEmail(ctx, programme, told) };
  }

  /**
   * The e-mail of reminders, sent once they are saved (a mail server that fails does not
   * undo them), waited for at most REMINDER_MAIL_WAIT_MS. What is not done by then goes on;
   * its outcome is written to the server log and the audit when it is.
   */
  private async reminderEmail(ctx: RequestContext, programme: Programme, told: Told[]): Promise<ReminderOutcome['email']> {
    if (!told.some((t) => t.progress.enabled)) return null;
    const all = Promise.all(told.map((t) => t.email));
    const waited = await within(all, REMINDER_MAIL_WAIT_MS);
    const total = (mail: readonly MailOutcome[]) => ({ sent: mail.reduce((n, m) => n + m.sent, 0), failed: mail.reduce((n, m) => n + m.failed, 0) });
    if (waited.done) return { ...total(waited.value), pending: false };
    void all.then(async (mail) => {
      const { sent, failed } = total(mail);
      const unknown = mail.reduce((n, m) => n + (m.unknown ?? 0), 0);
      // Not known here (this instance is stopping, or waited an hour): another instance may still send them; nothing to record as failed.
      if (unknown) return this.logger.log(`reminder e-mail of programme ${programme.id}: ${sent} sent, ${failed} failed, ${unknown} not known here`);
      this.logger.log(`reminder e-mail of programme ${programme.id} done after the answer: ${sent} sent, ${failed} failed`);
      try {
        await this.uow.run(() => {
          this.uow.changes(); // an audit entry: nothing any cache holds
          return this.audit.log(ctx, {
            action: 'programme.remind',
            entityType: 'programme',
            entityId: programme.id,
            summary: `Kết quả gửi thư điện tử nhắc báo cáo "${programme.title}": đã gửi ${sent} thư${failed ? `, không gửi được ${failed} thư (máy chủ thư không nhận hoặc không trả lời)` : ''}`,
          });
        });
      } catch (e) {
        this.logger.error(`reminder e-mail outcome of programme ${programme.id} not recorded in the audit: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    return { ...total(told.map((t) => t.progress)), pending: true };
  }

  /**
   * What the open data publishes of replication: every programme with its counts, and per
   * initiative the number of units of today that adopted it (a merged commune's adoptions
   * count once, under its successor).
   */
  async openDataFigures(): Promise<{ programmes: ProgrammeFigures[]; adoptedUnits: Map<number, number> }> {
    const [programmes, counts, pairs, history] = await Promise.all([this.repo.programmes(), this.repo.programmeCounts(), this.repo.adoptedPairs(), this.unitHistory()]);
    const byProgramme = new Map(counts.map((c) => [c.programmeId, c]));
    const units = new Map<number, Set<number>>();
    for (const { initiativeId, unitId } of pairs) {
      const now = history.line.current(unitId)[0] ?? unitId;
      const set = units.get(initiativeId) ?? new Set<number>();
      set.add(now);
      units.set(initiativeId, set);
    }
    return {
      programmes: programmes.map((programme) => ({ programme, ...(byProgramme.get(programme.id) ?? { records: 0, adopted: 0, units: 0, initiatives: 0 }) })),
      adoptedUnits: new Map([...units].map(([id, set]) => [id, set.size])),
    };
  }

  /**
   * What the initiative page shows of its replication, from one reading of its records: the
   * units that adopted it (by date), and for those who judge it the evidence (evidenceOf).
   */
  async ofInitiativePage(initiativeId: number, withEvidence: boolean): Promise<{ adopted: Adoption[]; evidence: AdoptionEvidence | null }> {
    if (!withEvidence) return { adopted: await this.repo.adoptedAt(initiativeId), evidence: null };
    const records = await this.repo.ofInitiative(initiativeId);
    // By date, undated last (as PostgreSQL orders them), then by id.
    const adopted = records.filter((r) => r.status === AdoptionStatus.Adopted).sort((a, b) => (a.adoptedDate ?? '9999').localeCompare(b.adoptedDate ?? '9999') || a.id - b.id);
    return { adopted, evidence: await this.evidenceFrom(records) };
  }

  /**
   * The evidence of the initiative's effect and scope of influence from every programme that
   * replicated it (units that adopted, by kind, dates, indicators, units that declined and
   * why) and the scope it suggests. A record of an ended unit counts under the unit of today
   * that took it over.
   */
  async evidenceOf(initiativeId: number, rule: ScopeRule = DEFAULT_SCOPE_RULE): Promise<AdoptionEvidence> {
    return this.evidenceFrom(await this.repo.ofInitiative(initiativeId), rule);
  }

  /**
   * An initiative's replication as the public catalogue shows it: units of today that adopted
   * it (by kind), units in progress, and each programme with its dates and counts.
   */
  async publicProgressOf(initiativeId: number): Promise<PublicProgress> {
    const records = await this.repo.ofInitiative(initiativeId);
    return publicProgress(await this.evidenceFrom(records), records);
  }

  private async evidenceFrom(records: Adoption[], rule: ScopeRule = DEFAULT_SCOPE_RULE): Promise<AdoptionEvidence> {
    const today = todayIso();
    const [history, byId, communes] = await Promise.all([this.unitHistory(), this.units.byId(), this.units.derived(`active-communes:${today}`, (all) => activeCommunes(all, today))]);
    const read: EvidenceRecord[] = records.map((r) => {
      const now = byId.get(history.line.current(r.unitId)[0] ?? r.unitId) ?? r.unit;
      return {
        unitId: now?.id ?? r.unitId,
        unitName: now?.name ?? '',
        unitKind: now?.kind ?? '',
        reportedAs: r.unit ? unitWithSuccessor(r.unit, history) : '',
        programme: r.programme?.title ?? '',
        status: r.status,
        adoptedDate: r.adoptedDate,
        reason: r.reason,
        explanation: r.explanation,
        indicators: r.indicators,
      };
    });
    return adoptionEvidence(read, communes, rule);
  }
}

/** How many communes are active `today` (what the evidence's scope suggestion compares with). */
function activeCommunes(all: readonly Unit[], today: string): number {
  return all.filter((u) => COMMUNE_KINDS.includes(u.kind) && isActiveUnit(u, today)).length;
}

/** A programme with its counts (openDataFigures). */
export interface ProgrammeFigures {
  programme: Programme;
  records: number;
  adopted: number;
  units: number;
  initiatives: number;
}

/** A programme and its counts as the open data and the JSON API publish them. */
export function programmeSummary({ programme: p, ...counts }: ProgrammeFigures) {
  return { id: p.id, year: p.year, title: p.title, issuer: p.issuingUnit?.name ?? '', decisionNumber: p.decisionNumber, decisionDate: p.decisionDate, reportDeadline: p.reportDeadline, ...counts };
}

/** Where ended units went, from every unit and every succession edge, as of `today`. */
export function unitHistoryOf(all: readonly Unit[], edges: readonly { predecessorId: number; successorId: number; kind: 'merge' | 'split' }[], today: string): UnitHistory {
  const names = new Map(all.map((u) => [u.id, u.name]));
  // Ended without a successor ("chấm dứt hoạt động"): no unit of today stands for it.
  const endedOn = new Map(all.filter((u) => !isActiveUnit(u, today)).map((u) => [u.id, dayAfter(u.validTo as string)]));
  const line = lineage(edges);
  return {
    line,
    successorLabel: (unitId) => successorLabel(unitId, line, (id) => names.get(id)),
    currentName: (unitId) => {
      const now = line.current(unitId);
      if (now.length) return now.map((id) => names.get(id) ?? '').join(', ');
      const ended = endedOn.get(unitId);
      return ended ? `${names.get(unitId) ?? ''} (đã chấm dứt hoạt động từ ${formatDate(ended)})` : (names.get(unitId) ?? '');
    },
    successorNames: (unitId) =>
      line
        .current(unitId)
        .map((id) => names.get(id))
        .filter((n): n is string => Boolean(n)),
  };
}
