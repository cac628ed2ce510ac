// A person's recognised initiatives, as an emulation dossier lists them: pure (tested beside).
import { ExportColumn } from '../common/exports';
import { formatDate } from '../common/dates';
import { RecognisedEffect } from '../common/extensions';
import { formatShare } from '../common/numbers';
import { LEVEL_LABELS } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { authorityHeadingName } from './council-rules';
import { Decision } from './decision.entity';
import { readSnapshot } from './decision-snapshot';

export interface Recognition {
  id: number;
  code: string;
  title: string;
  year: number;
  unit: string;
  /** The person's share of the contribution ("60%"), and the co-authors. */
  share: string;
  coAuthors: string;
  decisionNumber: string;
  decisionDate: string;
  /** Who recognised it, as its decision printed (the district of 2022, say). */
  authority: string;
  level: string;
  paperRecord: boolean;
  /** The effect and scope of influence recognised since (a round of effect and scope): "Cấp tỉnh (QĐ 45/QĐ-UBND ngày 01/12/2026)", or ''. */
  effect: string;
}

/**
 * The person's initiatives recognised by a decision (the latest one of each, as recorded),
 * oldest year first; `decisions` holds every decision on them, latest first.
 */
export function recognitionsOf(userId: number, authored: Initiative[], decisions: Decision[], unitName: (unitId: number | null) => string, effects: ReadonlyMap<number, RecognisedEffect> = new Map()): Recognition[] {
  const rows: Recognition[] = [];
  for (const i of authored) {
    const latest = decisions.find((d) => d.initiativeId === i.id);
    if (!latest || latest.outcome !== 'recognized' || i.status !== 'recognized') continue;
    const mine = (i.authors ?? []).filter((a) => a.userId === userId);
    const snapshot = readSnapshot(latest.snapshot);
    rows.push({
      id: i.id,
      code: i.code ?? '',
      title: i.title,
      year: i.year,
      unit: i.unit?.name ?? '',
      share: mine.map((a) => formatShare(a.share)).join(', '),
      coAuthors: (i.authors ?? [])
        .filter((a) => a.userId !== userId)
        .map((a) => a.fullName)
        .join(', '),
      decisionNumber: latest.number,
      decisionDate: latest.date,
      // The unit that decided (an ended district keeps its name); its heading when none is recorded.
      authority: unitName(latest.authorityUnitId) || (snapshot?.authority.lines.length ? authorityHeadingName(snapshot.authority.lines) : ''),
      level: latest.level ? LEVEL_LABELS[latest.level] : '',
      paperRecord: latest.paperRecord,
      effect: effectText(effects.get(i.id)),
    });
  }
  return rows;
}

function effectText(e: RecognisedEffect | undefined): string {
  return e ? `${e.level} (QĐ ${e.number} ngày ${formatDate(e.date)})` : '';
}

export const RECOGNITION_EXPORT_COLUMNS: ExportColumn<Recognition>[] = [
  { header: 'Mã sáng kiến', width: 15, value: (r) => r.code },
  { header: 'Tên sáng kiến', width: 60, value: (r) => r.title },
  { header: 'Năm', width: 8, value: (r) => r.year, kind: 'integer' },
  { header: 'Đơn vị', width: 30, value: (r) => r.unit },
  { header: 'Tỷ lệ đóng góp', width: 14, value: (r) => r.share },
  { header: 'Đồng tác giả', width: 35, value: (r) => r.coAuthors },
  { header: 'Quyết định công nhận số', width: 22, value: (r) => r.decisionNumber },
  { header: 'Ngày quyết định', width: 14, value: (r) => r.decisionDate, kind: 'date' },
  { header: 'Cơ quan công nhận', width: 30, value: (r) => r.authority },
  { header: 'Phạm vi ảnh hưởng', width: 18, value: (r) => r.level },
  { header: 'Hiệu quả áp dụng, phạm vi ảnh hưởng được công nhận', width: 40, value: (r) => r.effect },
];
