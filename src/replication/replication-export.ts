import { ExportColumn, ExportSheet } from '../common/exports';
import { Initiative } from '../initiatives/initiative.entity';
import { Unit } from '../units/unit.entity';
import { ADOPTION_STATUS_LABELS, AdoptionStatus, REASON_LABELS } from './adoption-rules';
import { Adoption, Programme } from './programme.entity';
import type { ProgrammeRates, UnitHistory } from './replication.service';
import { Rate } from './adoption-rules';
import { RATE_MODE_LABELS, RateMode, ROLL_UP_RULE, THEN_RULE } from './unit-lineage';
import { lateLabel, lateOn } from './report-time';

/** A unit's name with where it went if it has ended: "UBND xã Phú Mỹ (nay thuộc Xã Phú Mỹ Thuận)". */
export function unitWithSuccessor(unit: { id: number; name: string }, history?: UnitHistory): string {
  const label = history?.successorLabel(unit.id);
  return label ? `${unit.name} (${label})` : unit.name;
}

/** What a report made by the programme's organiser for a unit is called (and its column). */
export const ONBEHALF_HEADER = 'Đơn vị tổ chức báo cáo thay';

/** A rate as a fraction (a spreadsheet shows it as a percent); null without records. */
const fraction = (r: Rate | null) => (r && r.total ? r.adopted / r.total : null);

/** One line per record: the long form, for CSV and the reasons sheet. */
export interface RecordLine {
  code: string;
  title: string;
  unit: string;
  /** The unit it is today (its successor's name for an ended unit). */
  currentUnit: string;
  status: string;
  adoptedDate: string | null;
  reason: string;
  explanation: string;
  adaptation: string;
  reportedAt: Date | null;
  /** The day (yyyy-mm-dd) of a report filed after the deadline ("báo cáo muộn"), else null. */
  late: string | null;
  /** The programme's organiser when it reported for the unit ("Đơn vị tổ chức báo cáo thay"), else empty. */
  onBehalf: string;
}

/**
 * One line per record; the programme's deadline marks the late ones, and its issuing unit
 * names who reported for a unit.
 */
export function recordLines(records: Adoption[], initiatives: Initiative[], units: Unit[], history?: UnitHistory, programme?: Pick<Programme, 'reportDeadline' | 'issuingUnit'>): RecordLine[] {
  const deadline = programme?.reportDeadline ?? null;
  const organiser = programme?.issuingUnit?.name ?? 'Có';
  const ini = new Map(initiatives.map((i) => [i.id, i]));
  const unit = new Map(units.map((u) => [u.id, u]));
  return records
    .filter((r) => ini.has(r.initiativeId) && unit.has(r.unitId))
    .map((r) => ({
      code: ini.get(r.initiativeId)?.code ?? '',
      title: ini.get(r.initiativeId)?.title ?? '',
      unit: unitWithSuccessor(unit.get(r.unitId) as Unit, history),
      currentUnit: history ? history.currentName(r.unitId) : (unit.get(r.unitId)?.name ?? ''),
      status: ADOPTION_STATUS_LABELS[r.status],
      adoptedDate: r.adoptedDate,
      reason: r.reason ? REASON_LABELS[r.reason] : '',
      explanation: r.explanation,
      adaptation: r.adaptation,
      reportedAt: r.reportedAt,
      late: lateOn(r.reportedAt, deadline),
      onBehalf: r.onBehalf ? organiser : '',
    }))
    .sort((a, b) => a.code.localeCompare(b.code) || a.unit.localeCompare(b.unit, 'vi'));
}

export const RECORD_COLUMNS: ExportColumn<RecordLine>[] = [
  { header: 'Mã sáng kiến', width: 15, value: (r) => r.code },
  { header: 'Tên sáng kiến', width: 50, value: (r) => r.title },
  { header: 'Đơn vị', width: 28, value: (r) => r.unit },
  { header: 'Đơn vị hiện nay', width: 28, value: (r) => r.currentUnit },
  { header: 'Tình trạng', width: 18, value: (r) => r.status },
  { header: 'Ngày áp dụng', width: 14, value: (r) => r.adoptedDate, kind: 'date' },
  { header: 'Lý do không áp dụng', width: 30, value: (r) => r.reason },
  { header: 'Giải thích', width: 45, value: (r) => r.explanation },
  { header: 'Điều chỉnh cho phù hợp', width: 35, value: (r) => r.adaptation },
  { header: 'Ngày báo cáo', width: 17, value: (r) => r.reportedAt, kind: 'datetime' },
  // The day of a report sent after the deadline: it counts in today's reading, not at report time.
  { header: 'Báo cáo muộn', width: 14, value: (r) => r.late, kind: 'date' },
  { header: ONBEHALF_HEADER, width: 28, value: (r) => r.onBehalf },
];

/**
 * The matrix sheet: one row per initiative, one column per unit (with where it went if it
 * ended), then the rate counted both ways (fractions, shown as percents). A late record's
 * cell says so, with its day (`deadline`: the programme's).
 */
export function matrixSheet(initiatives: Initiative[], units: Unit[], records: Adoption[], rates: ProgrammeRates, history?: UnitHistory, deadline: string | null = null): ExportSheet<Initiative> {
  const rateOf = (initiativeId: number, mode: RateMode) => fraction(rates[mode].rows.get(initiativeId) ?? null);
  const cell = new Map(records.map((r) => [`${r.initiativeId}:${r.unitId}`, r]));
  const late = (r: Adoption) => {
    const day = lateOn(r.reportedAt, deadline);
    return day ? ` · ${lateLabel(day)}` : '';
  };
  const label = (r: Adoption | undefined) =>
    r ? `${ADOPTION_STATUS_LABELS[r.status]}${r.status === AdoptionStatus.Adopted && r.adoptedDate ? ` (${r.adoptedDate.split('-').reverse().join('/')})` : ''}${r.reason ? `: ${REASON_LABELS[r.reason]}` : ''}${late(r)}` : '';
  return {
    name: 'Ma trận áp dụng',
    columns: [
      { header: 'Mã sáng kiến', width: 15, value: (i) => i.code ?? '' },
      { header: 'Tên sáng kiến', width: 50, value: (i) => i.title },
      ...units.map((u): ExportColumn<Initiative> => ({ header: unitWithSuccessor(u, history), width: 20, value: (i) => label(cell.get(`${i.id}:${u.id}`)) })),
      { header: `Tỷ lệ áp dụng (${RATE_MODE_LABELS[RateMode.Then]})`, width: 16, value: (i) => rateOf(i.id, RateMode.Then), kind: 'percent' },
      { header: `Tỷ lệ áp dụng (${RATE_MODE_LABELS[RateMode.Now]})`, width: 16, value: (i) => rateOf(i.id, RateMode.Now), kind: 'percent' },
    ],
    batches: (async function* () {
      yield initiatives;
    })(),
  };
}

/** One line of the rates export: an initiative (or the whole programme), counted both ways. */
export interface RateLine {
  code: string;
  title: string;
  /** null on the lines that explain how each way counts. */
  then: Rate | null;
  now: Rate | null;
}

/** Rates per initiative and overall, as reported and in today's units, side by side (XLSX sheet and CSV). */
export const RATE_COLUMNS: ExportColumn<RateLine>[] = [
  { header: 'Mã sáng kiến', width: 15, value: (r) => r.code },
  { header: 'Tên sáng kiến', width: 50, value: (r) => r.title },
  { header: `Đã áp dụng (${RATE_MODE_LABELS[RateMode.Then]})`, width: 16, value: (r) => r.then?.adopted ?? null, kind: 'integer' },
  { header: `Số đơn vị (${RATE_MODE_LABELS[RateMode.Then]})`, width: 16, value: (r) => r.then?.total ?? null, kind: 'integer' },
  { header: `Tỷ lệ (${RATE_MODE_LABELS[RateMode.Then]})`, width: 16, value: (r) => fraction(r.then), kind: 'percent' },
  { header: `Đã áp dụng (${RATE_MODE_LABELS[RateMode.Now]})`, width: 16, value: (r) => r.now?.adopted ?? null, kind: 'integer' },
  { header: `Số đơn vị (${RATE_MODE_LABELS[RateMode.Now]})`, width: 16, value: (r) => r.now?.total ?? null, kind: 'integer' },
  { header: `Tỷ lệ (${RATE_MODE_LABELS[RateMode.Now]})`, width: 16, value: (r) => fraction(r.now), kind: 'percent' },
];

/** The rate lines of a programme: each initiative, then "Cả kế hoạch", then how each way counts. */
export function rateLines(initiatives: Initiative[], rates: ProgrammeRates): RateLine[] {
  const none: Rate = { adopted: 0, total: 0, rate: null };
  return [
    ...initiatives.map((i) => ({ code: i.code ?? '', title: i.title, then: rates[RateMode.Then].rows.get(i.id) ?? none, now: rates[RateMode.Now].rows.get(i.id) ?? none })),
    { code: '', title: 'Cả kế hoạch', then: rates[RateMode.Then].overall, now: rates[RateMode.Now].overall },
    { code: '', title: `Cách tính — ${THEN_RULE}`, then: null, now: null },
    { code: '', title: `Cách tính — ${ROLL_UP_RULE}`, then: null, now: null },
  ];
}
