import { Contributes, INITIATIVE_PAGE, InitiativePageContribution } from '../common/extensions';
import { Injectable, NotFoundException } from '@nestjs/common';
import { MatrixCell, matrixRowHtml } from '../common/view-helpers';
import { cacheKey, ReadCache } from '../database/read-cache';
import { pageNumber, paginate } from '../common/pagination';
import { hasAnyRole, isDistrictAdmin, isUnitAdmin } from '../common/access';
import { ACCEPT_ATTRIBUTE, ACCEPTED_LABEL } from '../common/uploads/sniff';
import { formatDate, formatDateTime, todayIso } from '../common/dates';
import { formatInteger, formatNumber, formatRate } from '../common/numbers';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../units/unit-kinds';
import { isActiveUnit, UnitsService } from '../units/units.service';
import { Unit } from '../units/unit.entity';
import { Role } from '../users/roles';
import { unitOptions, unitTree } from '../units/units.view';
import { growthLine, reasonCounts, timeToAdopt } from './adoption-analytics';
import { ADOPTION_STATUS_ICONS, ADOPTION_STATUS_LABELS, ADOPTION_STATUSES, AdoptionStatus, adoptionRates, NotAdoptedReason, REASON_LABELS, REASONS } from './adoption-rules';
import { Adoption, Programme } from './programme.entity';
import { FINAL_STATUSES, groupsOf, isOverdue, MATRIX_UNITS_PER_PAGE, recordLookup, UNITS_AS_ROWS_ABOVE } from './matrix';
import { ReplicationService } from './replication.service';
import { unitWithSuccessor } from './replication-export';
import { lastInTime, lateDayOf, lateLabel, lateOn } from './report-time';
import { remindable } from './reminders';
import { defaultRateMode, RATE_MODE_LABELS, RATE_MODES, RateMode, rateModeOf, ROLL_UP_RULE, THEN_RULE } from './unit-lineage';
import { RequestContext } from '../common/request-context';
import { DataChange, programmeChange, unitRecordsChange } from '../database/data-changes';
import { Viewer } from '../common/viewer';
import { HtmlBytes } from '../common/html-bytes';
import { LEVEL_LABELS } from '../initiatives/initiative-status';
import { AdoptionEvidence } from './adoption-evidence';

/** "5.008/15.000": adopted out of records, in Vietnamese digits grouping. */
const ratio = (r: { adopted: number; total: number }) => `${formatInteger(r.adopted)}/${formatInteger(r.total)}`;

const pct = (r: { rate: number | null } | undefined) => (r && r.rate !== null ? formatRate(r.rate) : '—');

/** The size of a grid kept in the read cache: its bytes count against the cache's budget. */
const gridBytes = (rows: HtmlBytes[]) => rows.reduce((n, row) => n + row.bytes.length, 0);

/**
 * What a page of the grid is read from: its units' records (a report of another unit
 * leaves it in memory; a change to the whole programme reaches every part of it), and the
 * names and people shown. A page of no unit depends on the whole programme.
 */
function pageDependsOn(programmeId: number, unitIds: number[]): DataChange[] {
  const records = unitIds.length ? unitIds.map((u) => unitRecordsChange(programmeId, u)) : [programmeChange(programmeId)];
  return [...records, 'units', 'initiatives', 'users'];
}

export function cellView(a: Adoption, programme: Programme, today: string) {
  const lateDay = lateOn(a.reportedAt, programme.reportDeadline);
  return {
    id: a.id,
    status: a.status,
    icon: ADOPTION_STATUS_ICONS[a.status],
    label: ADOPTION_STATUS_LABELS[a.status],
    date: a.adoptedDate,
    reason: a.reason ? REASON_LABELS[a.reason] : '',
    overdue: isOverdue(a, programme, today),
    reported: a.version > 0,
    /** "báo cáo muộn (05/12/2026)" when its last report came after the deadline, else ''. */
    late: lateDay ? lateLabel(lateDay) : '',
  };
}

/** What a legend says of the late mark. */
export const LATE_RULE = 'báo cáo muộn: gửi sau hạn báo cáo (ghi ngày gửi); được tính theo đơn vị hiện nay, không làm thay đổi tỷ lệ lúc báo cáo';

@Injectable()
@Contributes(INITIATIVE_PAGE)
export class ReplicationView implements InitiativePageContribution {
  constructor(
    private readonly replication: ReplicationService,
    private readonly units: UnitsService,
    private readonly cache: ReadCache,
  ) {}

  /** On the initiative page: where it has been adopted. */
  async extend(initiative: { id: number }, viewer: { user: Viewer | undefined }): Promise<Record<string, unknown>> {
    // The evidence of effect and scope (units that declined and why, indicators, the scope suggested) is for those who judge it.
    const judges = hasAnyRole(viewer.user, [Role.DistrictAdmin, Role.CouncilSecretary, Role.CouncilMember, Role.UnitAdmin]);
    const [{ adopted, evidence }, history] = await Promise.all([this.replication.ofInitiativePage(initiative.id, judges), this.replication.unitHistory()]);
    return {
      adoptedAt: adopted.map((a) => ({ unit: a.unit ? unitWithSuccessor(a.unit, history) : '', date: a.adoptedDate, programme: a.programme?.title ?? '' })),
      evidence: evidence && (evidence.adopted.length || evidence.declined.length || evidence.inProgress) ? evidenceView(evidence) : null,
    };
  }

  async index(ctx: RequestContext) {
    const programmes = await this.replication.list(ctx);
    return { title: 'Kế hoạch nhân rộng', can: { create: isDistrictAdmin(ctx.user) || isUnitAdmin(ctx.user) }, programmes: programmes.map((p) => ({ ...p, issuer: p.issuingUnit?.name ?? '' })) };
  }

  /**
   * The units this person may name in a programme: every unit in force for the system
   * administrator, its own subtree for a unit administrator.
   */
  private async choosableUnits(ctx: RequestContext): Promise<Unit[]> {
    const [all, scope] = await Promise.all([this.units.all(), this.units.adminScope(ctx)]);
    return scope ? all.filter((u) => scope.has(u.id)) : [...all];
  }

  async form(ctx: RequestContext) {
    const [candidates, units] = await Promise.all([this.replication.candidates(), this.choosableUnits(ctx)]);
    const today = todayIso();
    // Issued by default by the top unit in force this person runs (the province; a unit administrator's own unit).
    const issuer = units.find((u) => u.id === ctx.user.unitId && isUnitAdmin(ctx.user)) ?? units.find((u) => !u.parentId && isActiveUnit(u, today)) ?? units.find((u) => isActiveUnit(u, today));
    return {
      title: 'Lập kế hoạch nhân rộng',
      form: { values: { year: today.slice(0, 4), issuingUnitId: issuer?.id ?? ctx.user.unitId, initiativeIds: [], unitIds: [] }, errors: {} },
      unitOptions: unitOptions(units, today),
      initiatives: candidates.map((i) => ({ id: i.id, code: i.code, title: i.title, unit: i.unit?.name ?? '', year: i.year })),
      targets: unitTree(units, today).map(({ unit, depth }) => ({ value: String(unit.id), label: `${'\u00A0\u00A0\u00A0'.repeat(depth)}${unit.name} (${unit.code})`, depth, name: `${unit.name} (${unit.code})` })),
    };
  }

  async changeForm(ctx: RequestContext, id: number) {
    const [programme, initiatives, units, candidates, all] = await Promise.all([
      this.replication.findOne(id),
      this.replication.initiativesOf(id),
      this.replication.unitsOf(id),
      this.replication.candidates(),
      this.choosableUnits(ctx),
    ]);
    const today = todayIso();
    const inProgramme = new Set(initiatives.map((i) => i.id));
    const targeted = new Set(units.map((u) => u.id));
    return {
      title: `Điều chỉnh: ${programme.title}`,
      programme,
      form: { values: {}, errors: {} },
      newInitiatives: candidates.filter((i) => !inProgramme.has(i.id)).map((i) => ({ id: i.id, code: i.code, title: i.title })),
      newUnits: unitOptions(all, today).filter((o) => !targeted.has(Number(o.value))).map((o) => ({ ...o, name: o.label.trim() })),
      currentUnits: units.map((u) => ({ id: u.id, name: u.name })),
    };
  }

  /**
   * The adoption matrix of a programme: the summary first (overall, per initiative, per
   * kind of unit, overdue units), then the grid for one page of units, filtered.
   */
  async matrix(ctx: RequestContext, id: number, query: Record<string, string | undefined>) {
    const data = await this.matrixData(id);
    const { today, programme, initiatives, units, rollUp, overdueIds, successorNames } = data;
    const status = query.status && (ADOPTION_STATUSES as string[]).includes(query.status) ? query.status : '';
    const reason = query.reason && (REASONS as string[]).includes(query.reason) ? query.reason : '';
    const kind = query.kind && (UNIT_KINDS as string[]).includes(query.kind) ? query.kind : '';
    const view = query.view === 'units' || query.view === 'initiatives' ? query.view : '';
    // Which units the rates count: asked for, or the programme's default (kept in every link only when asked).
    const mode = rateModeOf(query.rates, programme, today);
    const askedMode = query.rates && (RATE_MODES as string[]).includes(query.rates) ? mode : '';
    const other = mode === RateMode.Then ? RateMode.Now : RateMode.Then;
    const rates = data.rates[mode];
    const groups = data.groups[mode];
    const columnOf = mode === RateMode.Now ? rollUp : (unitId: number) => unitId;
    const shownUnits = units.filter((u) => !kind || u.kind === kind);
    const transposed = query.view === 'units' || (query.view !== 'initiatives' && shownUnits.length > UNITS_AS_ROWS_ABOVE);
    const pagination = paginate(pageNumber(query.page), shownUnits.length, { status, reason, kind, view, rates: askedMode }, MATRIX_UNITS_PER_PAGE);
    // Page links lead back to the grid, past the summary.
    for (const link of pagination.links) link.href += '#ma-tran';
    if (pagination.prev) pagination.prev += '#ma-tran';
    if (pagination.next) pagination.next += '#ma-tran';
    const pageUnits = shownUnits.slice(pagination.from ? pagination.from - 1 : 0, pagination.to);
    const overdueNow = Boolean(programme.reportDeadline && programme.reportDeadline < today);
    // The rest at once (each await of its own would wait its turn again behind the others' work).
    const [reminded, grid, manage] = await Promise.all([
      // Read fresh (not kept with the matrix): who was reminded today is not ticked again.
      data.overdueList.length ? this.replication.remindedToday(id) : new Map<number, Date>(),
      this.gridRows(programme, initiatives, pageUnits, { transposed, status, reason, overdueNow }),
      // Only those who run the programme change it, import reports for it and remind units.
      this.replication.managesIssuer(ctx, programme.issuingUnitId),
    ]);
    const overdueList = data.overdueList.map((u) => {
      const remindedAt = reminded.get(u.id);
      return { ...u, remindedAt: remindedAt ? formatDateTime(remindedAt).slice(-5) : '', checked: u.reachable && !remindedAt };
    });
    const sliceOf = (by: 'units' | 'initiatives', sliceId: number) => `/programmes/${programme.id}/${by}/${sliceId}`;
    // The other way of counting, with the same filters and page.
    const switchParams = new URLSearchParams();
    for (const [k, v] of Object.entries({ status, reason, kind, view, page: query.page && pagination.page > 1 ? String(pagination.page) : '' })) if (v) switchParams.set(k, v);
    switchParams.set('rates', other);
    return {
      can: { manage },
      title: programme.title,
      programme: { ...programme, issuer: programme.issuingUnit?.name ?? '' },
      overdue: overdueNow,
      filter: { status, reason, kind, view: transposed ? 'units' : 'initiatives', rates: askedMode, filtered: Boolean(status || reason || kind) },
      rateMode: {
        value: mode,
        label: RATE_MODE_LABELS[mode],
        isDefault: mode === defaultRateMode(programme, today),
        other: { label: RATE_MODE_LABELS[other], href: `?${switchParams.toString()}`, overall: pct(data.rates[other].overall), count: ratio(data.rates[other].overall) },
        thenRule: THEN_RULE,
        nowRule: ROLL_UP_RULE,
        differs: data.changedUnits.length > 0,
      },
      changedUnits: data.changedUnits,
      statusOptions: ADOPTION_STATUSES.map((s) => ({ value: s, label: ADOPTION_STATUS_LABELS[s] })),
      reasonOptions: REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] })),
      kindOptions: UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] })),
      legend: ADOPTION_STATUSES.map((s) => ({ icon: ADOPTION_STATUS_ICONS[s as AdoptionStatus], label: ADOPTION_STATUS_LABELS[s as AdoptionStatus] })),
      lateRule: LATE_RULE,
      transposed,
      pagination: pagination.pages > 1 ? pagination : undefined,
      unitCount: data.unitCount[mode],
      shownUnitCount: shownUnits.length,
      // The summary: every initiative and every kind of unit, whatever page is shown.
      perInitiative: initiatives.map((i) => {
        const r = rates.rows.get(i.id);
        return { code: i.code, title: i.title, href: sliceOf('initiatives', i.id), count: r ? ratio(r) : '0/0', rate: pct(r) };
      }),
      groups: groups.map((g) => ({
        label: UNIT_KIND_LABELS[g.kind],
        units: g.units,
        count: ratio(g.rate),
        rate: pct(g.rate),
        overdue: g.overdue,
        kind: g.kind,
      })),
      // The grid: cells only for the orientation shown, for this page of units.
      // Each row's cells as HTML (written and escaped by matrixRowHtml).
      initiatives: initiatives.map((i, k) => ({ id: i.id, code: i.code, title: i.title, href: sliceOf('initiatives', i.id), rate: pct(rates.rows.get(i.id)), cellsHtml: transposed ? '' : grid[k] })),
      units: pageUnits.map((u, k) => ({
        id: u.id,
        name: u.name,
        href: sliceOf('units', u.id),
        mergedInto: successorNames.get(u.id) ?? '',
        rate: pct(rates.columns.get(columnOf(u.id))),
        overdue: overdueIds.has(u.id),
        cellsHtml: transposed ? grid[k] : '',
      })),
      overdueList,
      reachableCount: overdueList.filter((u) => u.reachable).length,
      unreachableCount: overdueList.filter((u) => !u.reachable).length,
      overall: pct(rates.overall),
      overallCount: ratio(rates.overall),
      overdueCount: overdueList.length,
    };
  }

  /**
   * What the matrix page shows of a programme's records (15,000 on a province's programme,
   * 60,000 on a large one) for every filter and page: rates per initiative, unit and kind of
   * unit both ways, and the overdue units, counted by the database (GROUP BY, a few hundred
   * rows back; no record is built here). Kept in the read cache, dropped by the next change
   * (a report, an import, a programme or unit change) and renewed each day (overdue). Shared
   * between requests: never changed by them.
   */
  private matrixData(id: number) {
    const today = todayIso();
    return this.cache.get(cacheKey('programme-matrix', { id, today }), async () => {
      // Every unit read once, for the programme's units, the lineage and the units that ended (even without the read cache).
      const all = this.units.all();
      const [programme, initiatives, units, history] = await Promise.all([this.replication.findOne(id), this.replication.initiativesOf(id), this.replication.unitsOf(id, all), this.replication.unitHistory()]);
      // Counted by the database (GROUP BY): the records themselves are read a page at a time.
      const { modes: figures, open } = await this.replication.matrixFigures(programme, history.line, units);
      const overdueIds = new Set<number>(programme.reportDeadline && programme.reportDeadline < today ? open.keys() : []);
      // Units that ended without a successor leave the list: no one is left to remind.
      const ended = new Set((await all).filter((u) => !isActiveUnit(u, today)).map((u) => u.id));
      const remindableIds = new Set(remindable([...overdueIds], history.line.rollUp, (u) => !ended.has(u)));
      const overdueUnits = units.filter((u) => remindableIds.has(u.id));
      const contacts = await this.replication.reminderContacts(overdueUnits.map((u) => u.id), history.line.rollUp);
      // "nay thuộc …": the successor may be any unit, not only one of the programme's.
      const successorNames = new Map<number, string>();
      for (const u of units) {
        const label = history.successorLabel(u.id);
        if (label) successorNames.set(u.id, label);
      }
      const rollUp = history.line.rollUp;
      const same = (unitId: number) => unitId;
      return {
        today,
        programme,
        initiatives,
        units,
        rollUp,
        rates: { [RateMode.Then]: figures[RateMode.Then].rates, [RateMode.Now]: figures[RateMode.Now].rates },
        groups: { [RateMode.Then]: groupsOf(units, figures[RateMode.Then].kinds, same, overdueIds), [RateMode.Now]: groupsOf(units, figures[RateMode.Now].kinds, rollUp, overdueIds) },
        unitCount: { [RateMode.Then]: units.length, [RateMode.Now]: new Set(units.map((u) => rollUp(u.id))).size },
        overdueIds,
        overdueList: overdueUnits.map((u) => {
          const c = contacts.get(u.id);
          return {
            id: u.id,
            name: u.name,
            mergedInto: successorNames.get(u.id) ?? '',
            reachable: Boolean(c?.reachable),
            focal: c?.reachable ? c.people.map((x) => x.fullName).join(', ') : '',
            why: c?.why ?? '',
          };
        }),
        changedUnits: units.filter((u) => successorNames.has(u.id)).map((u) => ({ name: u.name, mergedInto: successorNames.get(u.id) as string })),
        successorNames,
      };
    }, [programmeChange(id), 'units', 'initiatives', 'users']);
  }

  /**
   * The grid's cells for a page of units as HTML, one row shown per item (units when
   * transposed, else initiatives): a province's page is 1,500 cells (~250 KB), written once
   * per change of what they show and kept, as UTF-8 bytes, beside the page's records, not on
   * every view. A filtered grid (cells not matching are dimmed) is written each time instead
   * of filling the cache with every combination.
   */
  private gridRows(programme: Programme, initiatives: { id: number; code: string | null }[], units: { id: number }[], o: { transposed: boolean; status: string; reason: string; overdueNow: boolean }): Promise<HtmlBytes[]> {
    const unitIds = units.map((u) => u.id);
    const build = async () => {
      const at = await this.pageRecords(programme.id, unitIds);
      const lateDay = lateDayOf(programme.reportDeadline);
      const cell = (initiativeId: number, unitId: number): MatrixCell | null => {
        const r = at(initiativeId, unitId);
        if (!r) return null;
        const late = lateDay(r.reportedAt);
        return {
          status: r.status,
          icon: ADOPTION_STATUS_ICONS[r.status],
          label: ADOPTION_STATUS_LABELS[r.status],
          date: r.status === AdoptionStatus.Adopted ? r.adoptedDate : null,
          // The late mark rides in the cell's second line (after the reason, if any).
          reason: r.reason && late ? `${REASON_LABELS[r.reason]} · ${lateLabel(late)}` : r.reason ? REASON_LABELS[r.reason] : late ? lateLabel(late) : '',
          overdue: o.overdueNow && !FINAL_STATUSES.includes(r.status),
          dim: Boolean(o.status || o.reason) && !((!o.status || r.status === o.status) && (!o.reason || r.reason === o.reason)),
        };
      };
      if (!o.transposed) return initiatives.map((i) => matrixRowHtml(unitIds.map((u) => cell(i.id, u))));
      const codes = initiatives.map((i) => i.code ?? '');
      return unitIds.map((u) => matrixRowHtml(initiatives.map((i) => cell(i.id, u)), codes));
    };
    // As UTF-8 bytes (html-bytes.ts): kept, every view of the page sends them as they are.
    const written = async () => (await build()).map((row) => HtmlBytes.of(row));
    if (o.status || o.reason) return written();
    const key = cacheKey('programme-matrix-grid', { id: programme.id, unitIds, transposed: o.transposed, overdueNow: o.overdueNow, deadline: programme.reportDeadline });
    return this.cache.get(key, written, pageDependsOn(programme.id, unitIds), gridBytes);
  }

  /**
   * The records of one page of the grid (its units' records, 30 × the initiatives), looked
   * up by initiative and unit: kept in the read cache with the page's figures, dropped by
   * the same changes.
   */
  private pageRecords(id: number, unitIds: number[]) {
    return this.cache.get(cacheKey('programme-matrix-page', { id, unitIds }), async () => recordLookup(await this.replication.matrixRecords(id, unitIds)), pageDependsOn(id, unitIds));
  }

  /**
   * One row of the matrix in full, with a link to each record: a unit's records in the
   * programme, or an initiative's across its units. 404 when it is not in the programme.
   */
  async slice(id: number, by: { unitId: number } | { initiativeId: number }) {
    const [programme, records, history] = await Promise.all([this.replication.findOne(id), this.replication.slice(id, by), this.replication.unitHistory()]);
    if (records.length === 0) throw new NotFoundException('Đơn vị hoặc sáng kiến này không thuộc kế hoạch.');
    const today = todayIso();
    const ofUnit = 'unitId' in by;
    // Read at report time, as the page says: late reports do not count.
    const rate = adoptionRates(await this.replication.atDeadline(programme, records)).overall;
    const sorted = [...records].sort((a, b) => (ofUnit ? (a.initiative?.code ?? '').localeCompare(b.initiative?.code ?? '') : (a.unit?.name ?? '').localeCompare(b.unit?.name ?? '', 'vi')));
    const subject = ofUnit ? (records[0].unit?.name ?? '') : (records[0].initiative?.title ?? '');
    return {
      title: `${subject} — ${programme.title}`,
      programme,
      ofUnit,
      subject,
      code: ofUnit ? '' : (records[0].initiative?.code ?? ''),
      initiativeId: ofUnit ? null : records[0].initiativeId,
      rate: pct(rate),
      count: ratio(rate),
      subjectMergedInto: ofUnit ? history.successorLabel(records[0].unitId) : '',
      records: sorted.map((r) => ({
        ...cellView(r, programme, today),
        name: ofUnit ? (r.initiative?.title ?? '') : (r.unit?.name ?? ''),
        code: ofUnit ? (r.initiative?.code ?? '') : '',
        mergedInto: ofUnit ? '' : history.successorLabel(r.unitId),
        explanation: r.explanation,
      })),
    };
  }

  /** Why not (reason counts per initiative and overall), and how long adoption took. */
  async analysis(ctx: RequestContext, id: number) {
    const [programme, initiatives, units, records, history] = await Promise.all([this.replication.findOne(id), this.replication.initiativesOf(id), this.replication.unitsOf(id), this.replication.adoptions(id), this.replication.unitHistory()]);
    const notAdopted = records.filter((r) => r.status === AdoptionStatus.NotAdopted && r.reason);
    const overall = reasonCounts(records);
    const byId = new Map(units.map((u) => [u.id, u]));
    const unitName = (uid: number) => {
      const u = byId.get(uid);
      return u ? unitWithSuccessor(u, history) : '';
    };
    const growth = growthLine(programme.decisionDate, records);
    return {
      title: `Lý do không áp dụng và thời gian áp dụng: ${programme.title}`,
      can: { manage: await this.replication.managesIssuer(ctx, programme.issuingUnitId) },
      extraScripts: ['/vendor/chart.js/chart.umd.min.js', '/assets/js/charts.js'],
      programme,
      reasons: REASONS.map((r, k) => ({ label: REASON_LABELS[r], count: overall[k] })),
      totalNotAdopted: notAdopted.length,
      perInitiative: initiatives.map((i) => {
        const mine = records.filter((r) => r.initiativeId === i.id);
        const times = timeToAdopt(programme.decisionDate, records, i.id);
        const counts = reasonCounts(mine);
        return {
          code: i.code,
          title: i.title,
          counts,
          total: counts.reduce((a, b) => a + b, 0),
          median: times.median === null ? '—' : `${formatNumber(times.median, 1)} ngày`,
          adoptedCount: times.days.length,
          before: times.before,
        };
      }),
      reasonHeaders: REASONS.map((r) => REASON_LABELS[r]),
      explanations: notAdopted
        .filter((r) => r.explanation)
        .map((r) => ({ initiative: initiatives.find((i) => i.id === r.initiativeId)?.title ?? '', unit: unitName(r.unitId), reason: REASON_LABELS[r.reason as NotAdoptedReason], explanation: r.explanation })),
      reasonsChart: JSON.stringify({ labels: REASONS.map((r) => REASON_LABELS[r]), data: overall, label: 'Số đơn vị không áp dụng' }),
      growthChart: JSON.stringify({ labels: growth.months.map((mth) => `${mth.slice(5)}/${mth.slice(0, 4)}`), data: growth.cumulative, label: 'Số lượt áp dụng tích lũy' }),
      hasGrowth: growth.months.length > 0,
    };
  }

  async record(ctx: RequestContext, id: number, canReport: boolean) {
    const [record, history, evidence, units] = await Promise.all([this.replication.loadRecord(id), this.replication.history(id), this.replication.evidence(id), this.replication.unitHistory()]);
    // The initiative's indicators first (with what the unit measured), then free rows.
    const measured = record.indicators ?? [];
    const fromInitiative = (record.initiative?.indicators ?? []).map((x) => {
      const m = measured.find((y) => y.name === x.name);
      return { name: x.name, unitOfMeasure: x.unitOfMeasure, before: formatNumber(m?.before), after: formatNumber(m?.after) };
    });
    const free = measured.filter((y) => !fromInitiative.some((x) => x.name === y.name)).map((y) => ({ ...y, before: formatNumber(y.before), after: formatNumber(y.after) }));
    const indicatorRows = [...fromInitiative, ...free, { name: '', unitOfMeasure: '', before: '', after: '' }, { name: '', unitOfMeasure: '', before: '', after: '' }];
    const programme = record.programme as Programme;
    const today = todayIso();
    const deadline = programme.reportDeadline;
    const cell = cellView(record, programme, today);
    // A late record: what it said by the deadline (its last report in time, or nothing).
    const thenStatus = cell.late ? (lastInTime(history.filter((h) => !lateOn(h.createdAt, deadline))).get(record.id) ?? AdoptionStatus.NotStarted) : null;
    return {
      can: { openProgramme: await this.replication.managesIssuer(ctx, programme.issuingUnitId) },
      title: `${record.initiative?.title ?? ''} — ${record.unit?.name ?? ''}`,
      record: { ...record, ...cell },
      atDeadline: thenStatus ? `Tại hạn báo cáo (${formatDate(deadline)}): ${ADOPTION_STATUS_LABELS[thenStatus]}` : '',
      // After the deadline, a report is late: the form says so before it is sent.
      lateNotice: canReport && deadline && deadline < today ? `Hạn báo cáo đã qua (${formatDate(deadline)}): báo cáo gửi bây giờ được ghi là báo cáo muộn (kèm ngày gửi), được tính theo đơn vị hiện nay và không làm thay đổi số liệu lúc báo cáo.` : '',
      programme,
      initiative: record.initiative,
      unit: record.unit,
      unitMergedInto: units.successorLabel(record.unitId),
      canReport,
      onBehalfHint: canReport && !(hasAnyRole(ctx.user, [Role.UnitFocal]) && (await ctx.user.scope()).has(record.unitId)),
      form: { values: { status: record.status, adoptedDate: record.adoptedDate ?? '', reason: record.reason ?? '', explanation: record.explanation, adaptation: record.adaptation, indicators: indicatorRows }, errors: {} },
      rows: indicatorRows.map((_, i) => ({ i, n: i + 1 })),
      measured: measured.map((x) => ({ ...x, before: formatNumber(x.before) || '—', after: formatNumber(x.after) || '—' })),
      evidence: evidence.map((a) => ({ id: a.id, name: a.originalName, createdAt: a.createdAt })),
      accept: ACCEPT_ATTRIBUTE,
      acceptedLabel: ACCEPTED_LABEL,
      statusOptions: ADOPTION_STATUSES.map((s) => ({ value: s, label: ADOPTION_STATUS_LABELS[s] })),
      reasonOptions: REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] })),
      history: history.map((h) => {
        const lateDay = lateOn(h.createdAt, deadline);
        return { ...h, label: ADOPTION_STATUS_LABELS[h.status], reasonLabel: h.reason ? REASON_LABELS[h.reason] : '', late: lateDay ? lateLabel(lateDay) : '' };
      }),
    };
  }

  /** A unit's records across programmes (the focal point's worklist). */
  async forUnit(unitId: number) {
    const [records, history] = await Promise.all([this.replication.forUnitTree(unitId), this.replication.unitHistory()]);
    const today = todayIso();
    return records.map((r) => ({
      ...cellView(r, r.programme as Programme, today),
      programme: r.programme?.title ?? '',
      programmeId: r.programmeId,
      deadline: r.programme?.reportDeadline ?? null,
      initiative: r.initiative?.title ?? '',
      code: r.initiative?.code ?? '',
      unit: r.unit?.name ?? '',
      mergedInto: history.successorLabel(r.unitId),
    }));
  }
}

/** The evidence of effect and scope as the initiative page shows it. */
export function evidenceView(e: AdoptionEvidence) {
  return {
    ...e,
    byKindText: e.byKind.map((k) => `${k.kind}: ${k.count}`).join(' · '),
    indicators: e.indicators.map((i) => ({ ...i, beforeText: formatNumber(i.before), afterText: formatNumber(i.after) })),
    proposalLabel: e.proposal.level ? LEVEL_LABELS[e.proposal.level] : null,
  };
}
