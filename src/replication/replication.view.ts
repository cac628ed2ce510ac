import { Contributes, INITIATIVE_PAGE, InitiativePageContribution } from '../common/extensions';
import { Injectable } from '@nestjs/common';
import { isDistrictAdmin } from '../common/access';
import { ACCEPT_ATTRIBUTE, ACCEPTED_LABEL } from '../common/uploads/sniff';
import { Viewer } from '../common/viewer';
import { todayIso } from '../common/dates';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../units/unit-kinds';
import { UnitsService } from '../units/units.service';
import { unitOptions, unitTree } from '../units/units.view';
import { growthLine, reasonCounts, timeToAdopt } from './adoption-analytics';
import { ADOPTION_STATUS_ICONS, ADOPTION_STATUS_LABELS, ADOPTION_STATUSES, AdoptionStatus, adoptionRates, NotAdoptedReason, REASON_LABELS, REASONS } from './adoption-rules';
import { Adoption, Programme } from './programme.entity';
import { FINAL_STATUSES, ReplicationService } from './replication.service';

const pct = (r: { rate: number | null } | undefined) => (r && r.rate !== null ? `${r.rate.toLocaleString('vi-VN')}%` : '—');

/** Overdue: the deadline has passed and the unit has not given a final answer. */
export function isOverdue(record: Pick<Adoption, 'status'>, programme: Pick<Programme, 'reportDeadline'>, today: string): boolean {
  return Boolean(programme.reportDeadline && programme.reportDeadline < today && !FINAL_STATUSES.includes(record.status));
}

export function cellView(a: Adoption, programme: Programme, today: string) {
  return {
    id: a.id,
    status: a.status,
    icon: ADOPTION_STATUS_ICONS[a.status],
    label: ADOPTION_STATUS_LABELS[a.status],
    date: a.adoptedDate,
    reason: a.reason ? REASON_LABELS[a.reason] : '',
    overdue: isOverdue(a, programme, today),
    reported: a.version > 0,
  };
}

@Injectable()
@Contributes(INITIATIVE_PAGE)
export class ReplicationView implements InitiativePageContribution {
  constructor(
    private readonly replication: ReplicationService,
    private readonly units: UnitsService,
  ) {}

  /** On the initiative page: where it has been adopted. */
  async extend(initiative: { id: number }): Promise<Record<string, unknown>> {
    const adopted = await this.replication.adoptedAt(initiative.id);
    return { adoptedAt: adopted.map((a) => ({ unit: a.unit?.name ?? '', date: a.adoptedDate, programme: a.programme?.title ?? '' })) };
  }

  async index(user: Viewer) {
    const programmes = await this.replication.list();
    return { title: 'Kế hoạch nhân rộng', can: { create: isDistrictAdmin(user) }, programmes: programmes.map((p) => ({ ...p, issuer: p.issuingUnit?.name ?? '' })) };
  }

  async form(user: Viewer) {
    const [candidates, units] = await Promise.all([this.replication.candidates(), this.units.all()]);
    const today = todayIso();
    return {
      title: 'Lập kế hoạch nhân rộng',
      form: { values: { year: today.slice(0, 4), issuingUnitId: units.find((u) => u.kind === 'district')?.id ?? user.unitId, initiativeIds: [], unitIds: [] }, errors: {} },
      unitOptions: unitOptions(units, today),
      initiatives: candidates.map((i) => ({ id: i.id, code: i.code, title: i.title, unit: i.unit?.name ?? '', year: i.year })),
      targets: unitTree(units, today).map(({ unit, depth }) => ({ value: String(unit.id), label: `${'\u00A0\u00A0\u00A0'.repeat(depth)}${unit.name} (${unit.code})`, depth, name: `${unit.name} (${unit.code})` })),
    };
  }

  async changeForm(id: number) {
    const [programme, initiatives, units, candidates, all] = await Promise.all([
      this.replication.findOne(id),
      this.replication.initiativesOf(id),
      this.replication.unitsOf(id),
      this.replication.candidates(),
      this.units.all(),
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

  /** The adoption matrix, with rates, overdue marks and filters. */
  async matrix(id: number, query: Record<string, string | undefined>, user: Viewer) {
    const [programme, initiatives, units, records, successorOf] = await Promise.all([
      this.replication.findOne(id),
      this.replication.initiativesOf(id),
      this.replication.unitsOf(id),
      this.replication.matrixRecords(id),
      this.replication.successorMap(),
    ]);
    const today = todayIso();
    const status = query.status && (ADOPTION_STATUSES as string[]).includes(query.status) ? query.status : '';
    const reason = query.reason && (REASONS as string[]).includes(query.reason) ? query.reason : '';
    const kind = query.kind && (UNIT_KINDS as string[]).includes(query.kind) ? query.kind : '';
    const shownUnits = units.filter((u) => !kind || u.kind === kind);
    const rates = adoptionRates(
      records.map((r) => ({ initiativeId: r.initiativeId, unitId: r.unitId, status: r.status })),
      successorOf,
    );
    const byKey = new Map(records.map((r) => [`${r.initiativeId}:${r.unitId}`, r]));
    const matches = (r: Adoption | undefined) => Boolean(r) && (!status || r?.status === status) && (!reason || r?.reason === reason);
    const cell = (initiativeId: number, unitId: number) => {
      const r = byKey.get(`${initiativeId}:${unitId}`);
      return r ? { ...cellView(r, programme, today), dim: (status || reason) && !matches(r) } : null;
    };
    const overdueIds = new Set(records.filter((r) => isOverdue(r, programme, today)).map((r) => r.unitId));
    const overdueUnits = shownUnits.filter((u) => overdueIds.has(u.id));
    const focal = await this.replication.focalPoints(overdueUnits.map((u) => u.id));
    const transposed = query.view === 'units' || (query.view !== 'initiatives' && shownUnits.length > 40);
    const successorName = (unitId: number) => {
      const s = successorOf(unitId);
      return s !== unitId ? (this.unitName(s, units) ?? '') : '';
    };
    return {
      // Only the district changes a programme, imports reports for it and reminds units.
      can: { manage: isDistrictAdmin(user) },
      title: programme.title,
      programme: { ...programme, issuer: programme.issuingUnit?.name ?? '' },
      overdue: Boolean(programme.reportDeadline && programme.reportDeadline < today),
      filter: { status, reason, kind, view: transposed ? 'units' : 'initiatives' },
      statusOptions: ADOPTION_STATUSES.map((s) => ({ value: s, label: ADOPTION_STATUS_LABELS[s] })),
      reasonOptions: REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] })),
      kindOptions: UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] })),
      legend: ADOPTION_STATUSES.map((s) => ({ icon: ADOPTION_STATUS_ICONS[s as AdoptionStatus], label: ADOPTION_STATUS_LABELS[s as AdoptionStatus] })),
      transposed,
      // Cells only for the orientation shown (a large programme has 15,000 of them).
      initiatives: initiatives.map((i) => ({ id: i.id, code: i.code, title: i.title, rate: pct(rates.rows.get(i.id)), cells: transposed ? [] : shownUnits.map((u) => cell(i.id, u.id)) })),
      units: shownUnits.map((u) => ({
        id: u.id,
        name: u.name,
        mergedInto: successorName(u.id),
        rate: pct(rates.columns.get(successorOf(u.id))),
        overdue: overdueIds.has(u.id),
        cells: transposed ? initiatives.map((i) => cell(i.id, u.id)) : [],
      })),
      overdueList: overdueUnits.map((u) => ({ id: u.id, name: u.name, focal: (focal.get(u.id) ?? []).map((x) => x.fullName).join(', ') || 'chưa có đầu mối' })),
      overall: pct(rates.overall),
      overallCount: `${rates.overall.adopted}/${rates.overall.total}`,
      overdueCount: overdueUnits.length,
    };
  }

  /** Why not (reason counts per initiative and overall), and how long adoption took. */
  async analysis(id: number) {
    const [programme, initiatives, units, records] = await Promise.all([this.replication.findOne(id), this.replication.initiativesOf(id), this.replication.unitsOf(id), this.replication.adoptions(id)]);
    const notAdopted = records.filter((r) => r.status === AdoptionStatus.NotAdopted && r.reason);
    const overall = reasonCounts(records);
    const unitName = (uid: number) => units.find((u) => u.id === uid)?.name ?? '';
    const growth = growthLine(programme.decisionDate, records);
    return {
      title: `Lý do không áp dụng và thời gian áp dụng: ${programme.title}`,
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
          median: times.median === null ? '—' : `${times.median.toLocaleString('vi-VN')} ngày`,
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

  private unitName(id: number, units: { id: number; name: string }[]): string | undefined {
    return units.find((u) => u.id === id)?.name;
  }

  async record(id: number, user: Viewer, canReport: boolean) {
    const [record, history, evidence] = await Promise.all([this.replication.loadRecord(id), this.replication.history(id), this.replication.evidence(id)]);
    // The initiative's indicators first (with what the unit measured), then free rows.
    const measured = record.indicators ?? [];
    const fromInitiative = (record.initiative?.indicators ?? []).map((x) => {
      const m = measured.find((y) => y.name === x.name);
      return { name: x.name, unitOfMeasure: x.unitOfMeasure, before: m?.before ?? '', after: m?.after ?? '' };
    });
    const free = measured.filter((y) => !fromInitiative.some((x) => x.name === y.name)).map((y) => ({ ...y, before: y.before ?? '', after: y.after ?? '' }));
    const indicatorRows = [...fromInitiative, ...free, { name: '', unitOfMeasure: '', before: '', after: '' }, { name: '', unitOfMeasure: '', before: '', after: '' }];
    const programme = record.programme as Programme;
    const today = todayIso();
    return {
      can: { openProgramme: isDistrictAdmin(user) },
      title: `${record.initiative?.title ?? ''} — ${record.unit?.name ?? ''}`,
      record: { ...record, ...cellView(record, programme, today) },
      programme,
      initiative: record.initiative,
      unit: record.unit,
      canReport,
      onBehalfHint: canReport && isDistrictAdmin(user) && !(await user.scope()).has(record.unitId),
      form: { values: { status: record.status, adoptedDate: record.adoptedDate ?? '', reason: record.reason ?? '', explanation: record.explanation, adaptation: record.adaptation, indicators: indicatorRows }, errors: {} },
      rows: indicatorRows.map((_, i) => ({ i, n: i + 1 })),
      measured: measured.map((x) => ({ ...x, before: x.before ?? '—', after: x.after ?? '—' })),
      evidence: evidence.map((a) => ({ id: a.id, name: a.originalName, createdAt: a.createdAt })),
      accept: ACCEPT_ATTRIBUTE,
      acceptedLabel: ACCEPTED_LABEL,
      statusOptions: ADOPTION_STATUSES.map((s) => ({ value: s, label: ADOPTION_STATUS_LABELS[s] })),
      reasonOptions: REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] })),
      history: history.map((h) => ({ ...h, label: ADOPTION_STATUS_LABELS[h.status], reasonLabel: h.reason ? REASON_LABELS[h.reason] : '' })),
    };
  }

  /** A unit's records across programmes (the focal point's worklist). */
  async forUnit(unitId: number) {
    const records = await this.replication.forUnitTree(unitId);
    const today = todayIso();
    return records.map((r) => ({
      ...cellView(r, r.programme as Programme, today),
      programme: r.programme?.title ?? '',
      programmeId: r.programmeId,
      deadline: r.programme?.reportDeadline ?? null,
      initiative: r.initiative?.title ?? '',
      code: r.initiative?.code ?? '',
      unit: r.unit?.name ?? '',
    }));
  }
}
