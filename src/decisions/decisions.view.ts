import { Contributes, INITIATIVE_PAGE, InitiativePageContribution } from '../common/extensions';
import { Injectable, NotFoundException } from '@nestjs/common';
import { hasAnyRole } from '../common/access';
import { Role } from '../users/roles';
import { Viewer } from '../common/viewer';
import { todayIso } from '../common/dates';
import { LEVEL_LABELS, LEVELS } from '../initiatives/initiative-status';
import { InitiativesService } from '../initiatives/initiatives.service';
import { statusView } from '../initiatives/initiatives.view';
import { ReviewsService } from '../reviews/reviews.service';
import { notesView } from '../reviews/reviews.view';
import { decisionDue, DecisionsService } from './decisions.service';

const nl = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('vi-VN', { maximumFractionDigits: 2 }));

export const OUTCOME_LABELS = { recognized: 'Công nhận sáng kiến', not_recognized: 'Không công nhận' };

/** Builds the decision page and the certificate, and the decision part of the initiative page. */
@Injectable()
@Contributes(INITIATIVE_PAGE)
export class DecisionsView implements InitiativePageContribution {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly reviews: ReviewsService,
    private readonly decisions: DecisionsService,
  ) {}

  /** On the initiative page: its latest decision, and what the council's managers may do. */
  async extend(initiative: { id: number; status: string }, viewer: { user: Viewer | undefined }): Promise<Record<string, unknown>> {
    const [latest] = await this.decisions.forInitiative(initiative.id);
    const manager = hasAnyRole(viewer.user, [Role.CouncilSecretary, Role.DistrictAdmin]);
    return {
      decision: latest ? { ...latest, outcomeLabel: OUTCOME_LABELS[latest.outcome], levelLabel: latest.level ? LEVEL_LABELS[latest.level] : '', recognized: latest.outcome === 'recognized' } : null,
      canDecide: manager && (initiative.status === 'submitted' || initiative.status === 'under_review'),
      hasCertificate: initiative.status === 'recognized' && latest?.outcome === 'recognized',
    };
  }

  async form(id: number, user: Viewer) {
    const { initiative } = await this.initiatives.loadFor(id, user);
    const [{ stats, councilSize, round }, history, notes] = await Promise.all([this.reviews.statsFor(initiative), this.decisions.forInitiative(id), this.reviews.notes(id)]);
    const due = decisionDue(round);
    const needed = Math.ceil((2 * councilSize) / 3);
    return {
      title: `Quyết định: ${initiative.title}`,
      i: { id, code: initiative.code, title: initiative.title, unitName: initiative.unit?.name ?? '' },
      status: statusView(initiative.status),
      open: initiative.status === 'under_review',
      returnable: initiative.status === 'submitted' || initiative.status === 'under_review',
      round: round ? { id: round.id, name: round.name, threshold: nl(round.threshold) } : null,
      stats: stats ? { ...stats, mean: nl(stats.mean), min: nl(stats.min), max: nl(stats.max), spread: nl(stats.spread) } : null,
      councilSize,
      needed,
      due,
      overdue: Boolean(due && due < todayIso() && initiative.status !== 'recognized' && initiative.status !== 'not_recognized'),
      levelOptions: LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] })),
      form: { values: { outcome: 'recognized', level: 'district', votesFor: '', votesAgainst: '0', votesAbstain: '0', date: todayIso() }, errors: {} },
      history: history.map((d) => ({ ...d, outcomeLabel: OUTCOME_LABELS[d.outcome], levelLabel: d.level ? LEVEL_LABELS[d.level] : '' })),
      notes: notesView(notes),
      back: `/initiatives/${id}/decision`,
    };
  }

  /** The certificate of a recognised initiative, for printing on A4. */
  async certificate(id: number, user: Viewer) {
    const { initiative } = await this.initiatives.loadFor(id, user);
    if (initiative.status !== 'recognized') throw new NotFoundException('Chỉ sáng kiến đã được công nhận mới có giấy chứng nhận.');
    const [decision] = (await this.decisions.forInitiative(id)).filter((d) => d.outcome === 'recognized');
    if (!decision) throw new NotFoundException('Chưa có quyết định công nhận cho sáng kiến này.');
    const issuer = initiative.round?.organisingUnit?.name ?? initiative.unit?.name;
    return {
      layout: 'layouts/print',
      title: `Giấy chứng nhận sáng kiến ${initiative.code ?? ''}`,
      issuer: (issuer ?? '').toUpperCase(),
      code: initiative.code,
      titleText: initiative.title,
      unitName: initiative.unit?.name ?? '',
      authors: (initiative.authors ?? []).map((a) => ({ fullName: a.fullName, jobTitle: a.jobTitle, workplace: a.workplace })),
      level: decision.level ? LEVEL_LABELS[decision.level] : '',
      number: decision.number,
      date: decision.date,
      backHref: `/initiatives/${id}`,
    };
  }
}
