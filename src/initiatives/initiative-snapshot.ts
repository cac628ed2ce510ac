import { formatDate } from '../common/dates';
import { formatNumber } from '../common/numbers';
import { formatPercent } from './initiative-rules';
import { Initiative } from './initiative.entity';
import { RevisionChange } from './initiative-revision.entity';

/** Labels of the parts of an initiative, as the revision history names them. */
export const PART_LABELS: Record<string, string> = {
  title: 'Tên sáng kiến',
  unit: 'Đơn vị',
  field: 'Lĩnh vực',
  round: 'Đợt xét',
  problem: 'Thực trạng, vấn đề cần giải quyết',
  solution: 'Nội dung giải pháp',
  novelty: 'Tính mới',
  conditions: 'Điều kiện cần thiết để áp dụng',
  applicability: 'Khả năng áp dụng ở nơi khác',
  effects: 'Hiệu quả',
  indicators: 'Chỉ số hiệu quả',
  firstAppliedDate: 'Ngày áp dụng lần đầu',
  investor: 'Chủ đầu tư tạo ra sáng kiến',
  participants: 'Những người tham gia áp dụng lần đầu',
  confidentialInfo: 'Thông tin cần bảo mật',
  authors: 'Tác giả',
};

const num = (n: number | null) => formatNumber(n) || '—';

/** The content of an initiative as text, part by part (needs unit, field, round, authors, indicators loaded). */
export function snapshotOf(i: Initiative): Record<string, string> {
  return {
    title: i.title,
    unit: i.unit?.name ?? String(i.unitId),
    field: i.field?.name ?? String(i.fieldId),
    round: i.round?.name ?? '',
    problem: i.problem,
    solution: i.solution,
    novelty: i.novelty,
    conditions: i.conditions,
    applicability: i.applicability,
    effects: i.effects,
    indicators: (i.indicators ?? []).map((x) => `${x.name} (${x.unitOfMeasure || '—'}): ${num(x.before)} → ${num(x.after)}`).join('\n'),
    firstAppliedDate: formatDate(i.firstAppliedDate),
    investor: `${i.investorName}${i.stateFunded ? ' (có sử dụng ngân sách nhà nước)' : ''}`,
    participants: i.participants,
    confidentialInfo: i.confidentialInfo,
    authors: (i.authors ?? [])
      .map((a) => `${a.fullName}${a.birthDate ? `, sinh ${formatDate(a.birthDate)}` : ''}${a.jobTitle ? `, ${a.jobTitle}` : ''}${a.workplace ? `, ${a.workplace}` : ''}${a.qualification ? `, ${a.qualification}` : ''} — ${formatPercent(a.share)}%`)
      .join('\n'),
  };
}

/** What differs between two snapshots, in the order of the form. */
export function snapshotChanges(before: Record<string, string>, after: Record<string, string>): RevisionChange[] {
  return Object.keys(PART_LABELS)
    .filter((k) => (before[k] ?? '') !== (after[k] ?? ''))
    .map((k) => ({ field: k, label: PART_LABELS[k], before: before[k] ?? '', after: after[k] ?? '' }));
}

/**
 * What the full-text search indexes: only what the public page may show too (never the
 * confidential information nor the people who took part in the first application).
 */
export function searchTextOf(i: Initiative): string {
  return [
    i.code ?? '',
    i.title,
    i.problem,
    i.solution,
    i.novelty,
    i.conditions,
    i.applicability,
    i.effects,
    i.investorName,
    i.unit?.name ?? '',
    ...(i.authors ?? []).flatMap((a) => [a.fullName, a.workplace, a.jobTitle]),
    ...(i.indicators ?? []).map((x) => x.name),
  ].join('\n');
}
