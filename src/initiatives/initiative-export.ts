import { ExportColumn } from '../common/exports';
import { formatShare } from '../common/numbers';
import { LEVEL_LABELS, STATUS_LABELS } from './initiative-status';
import { Initiative } from './initiative.entity';

/** Columns of the exported list (never confidential information or dates of birth). */
export const INITIATIVE_EXPORT_COLUMNS: ExportColumn<Initiative>[] = [
  { header: 'Mã sáng kiến', width: 15, value: (i) => i.code ?? '' },
  { header: 'Tên sáng kiến', width: 60, value: (i) => i.title },
  { header: 'Đơn vị', width: 30, value: (i) => i.unit?.name ?? '' },
  { header: 'Lĩnh vực', width: 30, value: (i) => i.field?.name ?? '' },
  { header: 'Đợt xét', width: 25, value: (i) => i.round?.name ?? '' },
  { header: 'Năm', width: 8, value: (i) => i.year, kind: 'integer' },
  { header: 'Trạng thái', width: 20, value: (i) => STATUS_LABELS[i.status] },
  { header: 'Phạm vi ảnh hưởng', width: 18, value: (i) => (i.level ? LEVEL_LABELS[i.level] : '') },
  { header: 'Tác giả (tỷ lệ đóng góp)', width: 45, value: (i) => (i.authors ?? []).map((a) => `${a.fullName} (${formatShare(a.share)})`).join('; ') },
  { header: 'Ngày áp dụng lần đầu', width: 14, value: (i) => i.firstAppliedDate, kind: 'date' },
  { header: 'Ngày nộp', width: 17, value: (i) => i.submittedAt, kind: 'datetime' },
];
