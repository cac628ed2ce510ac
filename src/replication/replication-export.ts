import { ExportColumn, ExportSheet } from '../common/exports';
import { Initiative } from '../initiatives/initiative.entity';
import { Unit } from '../units/unit.entity';
import { ADOPTION_STATUS_LABELS, AdoptionStatus, REASON_LABELS } from './adoption-rules';
import { Adoption } from './programme.entity';

/** One line per record: the long form, for CSV and the reasons sheet. */
export interface RecordLine {
  code: string;
  title: string;
  unit: string;
  status: string;
  adoptedDate: string | null;
  reason: string;
  explanation: string;
  adaptation: string;
  reportedAt: Date | null;
  onBehalf: string;
}

export function recordLines(records: Adoption[], initiatives: Initiative[], units: Unit[]): RecordLine[] {
  const ini = new Map(initiatives.map((i) => [i.id, i]));
  const unit = new Map(units.map((u) => [u.id, u]));
  return records
    .filter((r) => ini.has(r.initiativeId) && unit.has(r.unitId))
    .map((r) => ({
      code: ini.get(r.initiativeId)?.code ?? '',
      title: ini.get(r.initiativeId)?.title ?? '',
      unit: unit.get(r.unitId)?.name ?? '',
      status: ADOPTION_STATUS_LABELS[r.status],
      adoptedDate: r.adoptedDate,
      reason: r.reason ? REASON_LABELS[r.reason] : '',
      explanation: r.explanation,
      adaptation: r.adaptation,
      reportedAt: r.reportedAt,
      onBehalf: r.onBehalf ? 'Huyện báo cáo thay' : '',
    }))
    .sort((a, b) => a.code.localeCompare(b.code) || a.unit.localeCompare(b.unit, 'vi'));
}

export const RECORD_COLUMNS: ExportColumn<RecordLine>[] = [
  { header: 'Mã sáng kiến', width: 15, value: (r) => r.code },
  { header: 'Tên sáng kiến', width: 50, value: (r) => r.title },
  { header: 'Đơn vị', width: 28, value: (r) => r.unit },
  { header: 'Tình trạng', width: 18, value: (r) => r.status },
  { header: 'Ngày áp dụng', width: 14, value: (r) => r.adoptedDate, kind: 'date' },
  { header: 'Lý do không áp dụng', width: 30, value: (r) => r.reason },
  { header: 'Giải thích', width: 45, value: (r) => r.explanation },
  { header: 'Điều chỉnh cho phù hợp', width: 35, value: (r) => r.adaptation },
  { header: 'Ngày báo cáo', width: 17, value: (r) => r.reportedAt, kind: 'datetime' },
  { header: 'Ghi chú', width: 18, value: (r) => r.onBehalf },
];

/** The matrix sheet: one row per initiative, one column per unit, then the rate (a fraction, shown as a percent). */
export function matrixSheet(initiatives: Initiative[], units: Unit[], records: Adoption[], rateOf: (initiativeId: number) => number | null): ExportSheet<Initiative> {
  const cell = new Map(records.map((r) => [`${r.initiativeId}:${r.unitId}`, r]));
  const label = (r: Adoption | undefined) =>
    r ? `${ADOPTION_STATUS_LABELS[r.status]}${r.status === AdoptionStatus.Adopted && r.adoptedDate ? ` (${r.adoptedDate.split('-').reverse().join('/')})` : ''}${r.reason ? `: ${REASON_LABELS[r.reason]}` : ''}` : '';
  return {
    name: 'Ma trận áp dụng',
    columns: [
      { header: 'Mã sáng kiến', width: 15, value: (i) => i.code ?? '' },
      { header: 'Tên sáng kiến', width: 50, value: (i) => i.title },
      ...units.map((u): ExportColumn<Initiative> => ({ header: u.name, width: 20, value: (i) => label(cell.get(`${i.id}:${u.id}`)) })),
      { header: 'Tỷ lệ áp dụng', width: 12, value: (i) => rateOf(i.id), kind: 'percent' },
    ],
    batches: (async function* () {
      yield initiatives;
    })(),
  };
}
