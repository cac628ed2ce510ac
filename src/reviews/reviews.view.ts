import { Injectable } from '@nestjs/common';
import { InitiativesView, statusView } from '../initiatives/initiatives.view';
import { COUNCIL_ROLE_LABELS } from '../rounds/council-member.entity';
import { ROUND_STATUS_LABELS } from '../rounds/round.entity';
import { CouncilNote } from './council-note.entity';
import { ReviewsService } from './reviews.service';
import { bandLabel, formatBands, sheetTotal } from './scoring';
import { formatMean, formatScore } from '../common/numbers';
import { RequestContext } from '../common/request-context';
import { fold } from '../common/text';
import { NoveltyService, similarView } from '../novelty/novelty.service';
import { missingSheets, sheetsAwaited } from './reviews.service';
import { Initiative } from '../initiatives/initiative.entity';

/** Council notes as a thread: each note with its replies. */
export function notesView(notes: CouncilNote[]) {
  const item = (n: CouncilNote) => ({ id: n.id, author: n.author?.fullName ?? '', at: n.createdAt, body: n.body });
  return notes.filter((n) => !n.parentId).map((n) => ({ ...item(n), replies: notes.filter((r) => r.parentId === n.id).map(item) }));
}

/** How a member's sheet stands: its label and badge on the lists. */
export function sheetState(conflict: boolean, status: string | null): { label: string; badge: string } {
  if (conflict) return { label: 'Xung đột lợi ích (không chấm)', badge: 'text-bg-secondary' };
  if (status === 'submitted') return { label: 'Đã nộp', badge: 'text-bg-success' };
  if (status === 'draft') return { label: 'Đang chấm dở — đã lưu nháp', badge: 'text-bg-warning' };
  return { label: 'Chưa chấm', badge: 'text-bg-light border' };
}

const nl = formatScore;

/** Builds the view models of assignments, score sheets and results. */
@Injectable()
export class ReviewsView {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly initiativesView: InitiativesView,
    private readonly novelty: NoveltyService,
  ) {}

  /**
   * The novelty check beside "Tính mới": the list its author saw at each submission (kept
   * with it), and today's list as this member may see it (earlier and later initiatives, no draft).
   */
  async noveltyChecks(ctx: RequestContext, initiative: Initiative) {
    const [kept, today] = await Promise.all([this.novelty.checksOf([initiative.id]), this.novelty.similar(ctx, initiative, initiative.id, { keptOnly: true })]);
    const checks = (kept.get(initiative.id) ?? []).map((c) => ({ at: c.checkedAt, by: c.checkedByName, similar: { ...similarView(c), checked: true } }));
    const todayView = { ...similarView(today), checked: true };
    const last = checks[checks.length - 1];
    return {
      checks,
      today: todayView,
      summary: `${last ? `Lúc nộp: ${last.similar.count} sáng kiến tương tự${last.similar.likelyCount ? ` (${last.similar.likelyCount} có thể trùng)` : ''}` : 'Không có kiểm tra lúc nộp'}; hôm nay: ${todayView.count}${todayView.likelyCount ? ` (${todayView.likelyCount} có thể trùng)` : ''}.`,
    };
  }

  async matrix(roundId: number) {
    const { round, members, initiatives, assignments } = await this.reviews.matrix(roundId);
    return {
      title: `Phân công chấm: ${round.name}`,
      round,
      closed: round.status === 'closed',
      members: members.map((m) => ({ id: m.id, name: m.user?.fullName ?? '', role: COUNCIL_ROLE_LABELS[m.role] })),
      rows: initiatives.map((i) => ({
        id: i.id,
        code: i.code,
        title: i.title,
        unit: i.unit?.name ?? '',
        cells: members.map((m) => {
          const a = assignments.find((x) => x.initiativeId === i.id && x.memberId === m.id);
          const auto = a ? null : this.reviews.autoConflict(round, m, i);
          return { memberId: m.id, memberName: m.user?.fullName ?? '', assigned: Boolean(a), conflict: a?.conflict ?? false, reason: a?.conflictReason || auto || '', wouldConflict: Boolean(auto) };
        }),
      })),
    };
  }

  /**
   * A member's sheets by round: each with its state (a draft looks begun, an untouched
   * sheet does not), what is left to score, and where to go next (the first sheet left).
   */
  async mine(ctx: RequestContext) {
    const { assignments, reviews, rounds } = await this.reviews.mine(ctx);
    return {
      title: 'Phiếu chấm của tôi',
      rounds: rounds
        .sort((a, b) => b.year - a.year)
        .map((r) => {
          const items = assignments
            .filter((a) => a.roundId === r.id)
            .map((a) => {
              const review = reviews.find((x) => x.assignmentId === a.id && x.cycle === a.initiative?.reviewCycle);
              const state = sheetState(a.conflict, review?.status ?? null);
              const scoring = a.initiative?.status === 'under_review';
              return {
                id: a.id,
                href: `/reviews/${a.id}`,
                code: a.initiative?.code,
                title: a.initiative?.title,
                unit: a.initiative?.unit?.name,
                state: scoring ? state.label : a.initiative?.status === 'duplicate' ? 'Trùng sáng kiến đã có · không chấm' : `${state.label} · đã kết thúc chấm`,
                badge: state.badge,
                conflict: a.conflict,
                done: !scoring || a.conflict || review?.status === 'submitted',
              };
            });
          const toScore = items.filter((x) => !x.conflict);
          const left = items.filter((x) => !x.done);
          return {
            id: r.id,
            name: r.name,
            statusLabel: ROUND_STATUS_LABELS[r.status],
            items,
            left,
            total: toScore.length,
            progress: `đã chấm ${toScore.filter((x) => x.done).length}/${toScore.length}`,
            next: left[0]?.href ?? null,
            // The member's ballot on the round's initiatives (the council's vote).
            votesHref: r.status === 'closed' ? null : `/rounds/${r.id}/votes`,
          };
        }),
    };
  }

  async sheet(ctx: RequestContext, id: number) {
    const { assignment, initiative, round, criteria, review, submitted, others } = await this.reviews.sheet(ctx, id);
    const canNote = await this.reviews.mayUseNotes(ctx, initiative);
    const notes = canNote ? notesView(await this.reviews.notes(initiative.id)) : [];
    const scores = new Map((review?.scores ?? []).map((s) => [s.criterionId, s]));
    const values = {
      points: Object.fromEntries(criteria.map((c) => [`c${c.id}`, nl(scores.get(c.id)?.points)])),
      comments: Object.fromEntries(criteria.map((c) => [`c${c.id}`, scores.get(c.id)?.comment ?? ''])),
      overallComment: review?.overallComment ?? '',
    };
    const rules = criteria.map((c) => ({ id: c.id, name: c.name, maxPoints: c.maxPoints, weight: c.weight }));
    const novelty = await this.noveltyChecks(ctx, initiative);
    return {
      title: `Chấm điểm: ${initiative.title}`,
      novelty,
      notes,
      canNote,
      back: `/reviews/${id}`,
      assignment,
      round,
      i: this.initiativesView.detail(initiative, true),
      status: statusView(initiative.status),
      internal: true,
      criteria: criteria.map((c) => ({
        id: c.id,
        key: `c${c.id}`,
        name: c.name,
        description: c.description,
        // "Tính mới": the novelty check is shown beside it.
        novelty: fold(c.name).startsWith('tinh moi'),
        max: nl(c.maxPoints),
        weight: c.weight ? nl(c.weight) : '',
        bands: formatBands(c.bands),
        myPoints: nl(scores.get(c.id)?.points),
        myBand: scores.get(c.id)?.points !== undefined && scores.get(c.id)?.points !== null ? bandLabel(c.bands, scores.get(c.id)?.points as number) : null,
        myComment: scores.get(c.id)?.comment ?? '',
        // For the running total in the browser (the server computes the real one).
        maxValue: c.maxPoints,
        weightValue: c.weight ?? 1,
      })),
      maxTotal: nl(rules.reduce((sum, c) => sum + c.maxPoints * (c.weight ?? 1), 0)),
      form: { values, errors: {} },
      submitted,
      conflict: assignment.conflict,
      editable: !submitted && !assignment.conflict && initiative.status === 'under_review',
      myTotal: review ? nl(sheetTotal(rules, Object.fromEntries((review.scores ?? []).map((s) => [s.criterionId, s.points])))) : '0',
      draft: review?.status === 'draft',
      draftSavedAt: review?.status === 'draft' ? review.updatedAt : null,
      others: others.map(({ review: r, assignment: a }) => {
        const pts = Object.fromEntries((r.scores ?? []).map((s) => [s.criterionId, s.points]));
        return {
          name: a.member?.user?.fullName ?? '',
          conflict: a.conflict,
          total: nl(sheetTotal(rules, pts)),
          scores: criteria.map((c) => ({ name: c.name, points: nl(pts[c.id]), comment: (r.scores ?? []).find((s) => s.criterionId === c.id)?.comment ?? '' })),
          comment: r.overallComment,
        };
      }),
    };
  }

  async results(roundId: number, sort: string | undefined) {
    const { round, criteria, rows, councilSize } = await this.reviews.results(roundId);
    const sorted = [...rows].sort((a, b) => {
      if (sort === 'code') return (a.initiative.code ?? '').localeCompare(b.initiative.code ?? '');
      if (sort === 'spread') return (b.stats.spread ?? -1) - (a.stats.spread ?? -1);
      return (b.stats.mean ?? -1) - (a.stats.mean ?? -1);
    });
    const toRemind = missingSheets(rows).size;
    return {
      title: `Kết quả chấm điểm: ${round.name}`,
      round,
      toRemind,
      closed: round.status === 'closed',
      sort: sort ?? 'mean',
      councilSize,
      threshold: nl(round.threshold),
      criteria: criteria.map((c) => ({ id: c.id, name: c.name, max: nl(c.maxPoints), cellLabel: `Trung bình: ${c.name} (tối đa ${nl(c.maxPoints)})` })),
      rows: sorted.map((r, index) => ({
        rank: index + 1,
        id: r.initiative.id,
        code: r.initiative.code,
        title: r.initiative.title,
        unit: r.initiative.unit?.name ?? '',
        status: statusView(r.initiative.status),
        count: r.stats.count,
        mean: formatMean(r.stats.mean),
        min: nl(r.stats.min),
        max: nl(r.stats.max),
        spread: formatMean(r.stats.spread),
        means: criteria.map((c) => formatMean(r.stats.criterionMeans[c.id])),
        /** The same figures as numbers, for the Excel export. */
        figures: { mean: r.stats.mean, min: r.stats.min, max: r.stats.max, spread: r.stats.spread, means: criteria.map((c) => r.stats.criterionMeans[c.id] ?? null) },
        met: r.stats.thresholdMet,
        disagreement: r.stats.disagreement,
        // Who has not submitted yet, while it is being scored (in view, not only in the folded list).
        missing: sheetsAwaited(r).map((s) => s.assignment.member?.user?.fullName ?? ''),
        sheets: r.sheets.map((s) => ({
          assignmentId: s.assignment.id,
          member: s.assignment.member?.user?.fullName ?? '',
          state: s.assignment.conflict ? `Xung đột lợi ích: ${s.assignment.conflictReason}` : s.review?.status === 'submitted' ? 'Đã nộp' : s.review ? 'Đang chấm' : 'Chưa chấm',
          reopenable: !s.assignment.conflict && s.review?.status === 'submitted' && r.initiative.status === 'under_review',
        })),
      })),
    };
  }
}
