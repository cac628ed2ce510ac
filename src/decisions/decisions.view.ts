import { Contributes, INITIATIVE_PAGE, InitiativePageContribution } from '../common/extensions';
import { Injectable, NotFoundException } from '@nestjs/common';
import { isDistrictAdmin } from '../common/access';
import { Viewer } from '../common/viewer';
import { todayIso } from '../common/dates';
import { formatMean, formatScore } from '../common/numbers';
import { InitiativeStatus, LEVEL_LABELS, LEVELS } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { statusView } from '../initiatives/initiatives.view';
import { ReviewsService } from '../reviews/reviews.service';
import { notesView, ReviewsView } from '../reviews/reviews.view';
import { canView } from '../initiatives/initiative-access';
import { DuplicateMark } from './duplicate-mark.entity';
import { MARKABLE } from './duplicate-rules';
import { DuplicatesService } from './duplicates.service';
import { COUNCIL_ROLE_LABELS } from '../rounds/council-member.entity';
import { authorityHeadingLines, dateLine, defaultSignerTitle, issuerHeading, placeOf } from './council-rules';
import { VOTE_RULE_LABELS, VOTE_RULE_SHORT, voteRuleOf, votesNeeded } from '../rounds/vote-rule';
import { readSnapshot } from './decision-snapshot';
import { SIGNING_MODE_LABELS, SIGNING_MODES } from './signing';
import { Decision } from './decision.entity';
import { decisionDue, decisionOverdue, DecisionsService, Seat } from './decisions.service';
import { VOTE_LABELS, VOTE_SOURCE_LABELS, VOTES } from './member-vote.entity';
import { RequestContext } from '../common/request-context';

const nl = (n: number | null | undefined) => formatScore(n) || '—';
const mean = (n: number | null | undefined) => formatMean(n) || '—';

export const OUTCOME_LABELS = { recognized: 'Công nhận sáng kiến', not_recognized: 'Không công nhận' };

const SHEET_LABELS = { submitted: 'Đã nộp phiếu chấm', draft: 'Phiếu chấm đang làm (chưa nộp)', none: 'Chưa chấm' };

/** How one seat reads on the decision page and in the minutes. */
export function seatView(s: Seat) {
  return {
    memberId: s.member.id,
    key: `m${s.member.id}`,
    name: s.member.user?.fullName ?? '',
    position: s.member.user?.position ?? '',
    role: COUNCIL_ROLE_LABELS[s.member.role],
    conflict: s.conflict,
    sheet: s.sheet ? SHEET_LABELS[s.sheet] : 'Không được giao chấm',
    vote: s.vote?.vote ?? '',
    voteLabel: s.conflict ? 'Không biểu quyết (xung đột lợi ích)' : s.vote ? VOTE_LABELS[s.vote.vote] : 'Chưa biểu quyết',
    source: s.vote && !s.conflict ? VOTE_SOURCE_LABELS[s.vote.recordedBy] : '',
    byMember: s.vote?.recordedBy === 'member',
  };
}

/** A finding that an initiative repeats another, as both pages show it. */
function duplicateMarkView(m: DuplicateMark) {
  const original = m.original;
  return {
    code: original?.code ?? '',
    title: original?.title ?? '',
    unit: original?.unit?.name ?? '',
    href: original ? `/initiatives/${original.id}` : null,
    reason: m.reason,
    by: m.markedByName,
    at: m.createdAt,
  };
}

export function decisionView(d: Decision) {
  return { ...d, outcomeLabel: OUTCOME_LABELS[d.outcome], levelLabel: d.level ? LEVEL_LABELS[d.level] : '', recognized: d.outcome === 'recognized' };
}

/** Builds the decision page and the certificate, and the decision part of the initiative page. */
@Injectable()
@Contributes(INITIATIVE_PAGE)
export class DecisionsView implements InitiativePageContribution {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly reviews: ReviewsService,
    private readonly decisions: DecisionsService,
    private readonly duplicates: DuplicatesService,
    private readonly reviewsView: ReviewsView,
  ) {}

  /**
   * On the initiative page: its latest decision, what the council's managers may do, the
   * initiative it was found to repeat, and those found to repeat it (that this person may see).
   */
  async extend(initiative: { id: number; status: string; roundId?: number | null }, viewer: { user: Viewer | undefined; scope: ReadonlySet<number> }): Promise<Record<string, unknown>> {
    const [[latest], mark, repeats, manager] = await Promise.all([
      this.decisions.forInitiative(initiative.id),
      initiative.status === InitiativeStatus.Duplicate ? this.duplicates.markOf(initiative.id) : null,
      this.duplicates.duplicatesOf(initiative.id),
      // The decision's buttons are for those who manage the initiative's round.
      viewer.user ? this.decisions.managesRoundOf(viewer.user, { roundId: initiative.roundId ?? null }) : false,
    ]);
    return {
      decision: latest ? decisionView(latest) : null,
      canDecide: manager && (initiative.status === 'submitted' || initiative.status === 'under_review' || initiative.status === InitiativeStatus.Duplicate),
      hasCertificate: initiative.status === 'recognized' && latest?.outcome === 'recognized',
      duplicateOf: mark ? duplicateMarkView(mark) : null,
      repeatedBy: repeats
        .filter((m) => m.initiative && canView({ user: viewer.user, scope: viewer.scope, linked: false }, m.initiative))
        .map((m) => ({ code: m.initiative?.code ?? '', title: m.initiative?.title ?? '', unit: m.initiative?.unit?.name ?? '', href: `/initiatives/${m.initiativeId}`, reason: m.reason, at: m.createdAt })),
    };
  }

  /**
   * The decision page's part on duplicates: while the initiative is before the council, the
   * form to find it a repeat of one already filed, with today's similar initiatives as
   * suggestions; once found, the finding and the form to undo it.
   */
  private async duplicateParts(ctx: RequestContext, initiative: Initiative) {
    if (!initiative.paperRecord && MARKABLE.includes(initiative.status)) {
      const { today } = await this.reviewsView.noveltyChecks(ctx, initiative);
      return { duplicable: true, duplicateSuggestions: today.items };
    }
    if (initiative.status === InitiativeStatus.Duplicate) {
      const mark = await this.duplicates.markOf(initiative.id);
      return { duplicateOf: mark ? duplicateMarkView(mark) : null };
    }
    return {};
  }

  /** The decision page: the council's scores and votes, the warnings, the forms. `posted` is a refused form's body. */
  async form(ctx: RequestContext, id: number, posted?: Record<string, unknown>) {
    const { initiative } = await this.initiatives.loadFor(ctx, id);
    const [council, history, notes] = await Promise.all([this.decisions.councilOn(initiative), this.decisions.forInitiative(id), this.reviews.notes(id)]);
    const round = council?.round ?? null;
    const item = council?.item ?? null;
    const councilSize = council?.councilSize ?? 0;
    const paper = initiative.paperRecord;
    const status = initiative.status;
    const deciding = status === InitiativeStatus.UnderReview || (paper && status === InitiativeStatus.Submitted);
    const noCouncil = !paper && councilSize === 0;
    const organiser = await this.decisions.organiser(round);
    const previous = round ? await this.decisions.latestInRound(round.id) : null;
    // The next decision of a round is signed as the last one was; the first, by the authority's head.
    const signedBefore = previous ? readSnapshot(previous.snapshot)?.signer : null;
    const authority = await this.decisions.authorityOn(organiser?.id ?? null);
    const stats = item?.stats ?? null;
    const postedVotes = (posted?.votes && typeof posted.votes === 'object' ? posted.votes : {}) as Record<string, unknown>;
    const votingOpen = !paper && status === InitiativeStatus.UnderReview && !noCouncil;
    // A paper record in a round with a council takes each member's vote from the paper minutes
    // on the decision form; once decided, they read as the council's votes. Without a council, totals.
    const onPaper = paper ? await this.decisions.paperSeats(initiative) : [];
    const paperSeats = deciding
      ? onPaper.map((s) => {
          const v = seatView(s);
          const chosen = typeof postedVotes[v.key] === 'string' ? (postedVotes[v.key] as string) : v.vote;
          return { ...v, options: VOTES.map((x) => ({ value: x, label: VOTE_LABELS[x], selected: chosen === x })) };
        })
      : [];
    const decidedOnPaper = !deciding && onPaper.some((s) => s.vote) ? onPaper : [];
    const seats = (paper ? decidedOnPaper : (item?.seats ?? [])).map((s) => {
      const v = seatView(s);
      const chosen = typeof postedVotes[v.key] === 'string' ? (postedVotes[v.key] as string) : v.vote;
      return { ...v, editable: votingOpen && !s.conflict && !v.byMember, options: VOTES.map((x) => ({ value: x, label: VOTE_LABELS[x], selected: chosen === x })) };
    });
    const due = paper ? null : decisionDue(round);
    const seated = round ? await this.decisions.isSeated(ctx, round.id) : false;
    const postedAuthority = typeof posted?.authorityUnitId === 'string' && /^\d{1,9}$/.test(posted.authorityUnitId) ? Number(posted.authorityUnitId) : null;
    const allowed = await this.decisions.levelsOn(initiative, postedAuthority);
    // One level (the organiser's) is given as such; a paper record names its authority on the
    // form (any, of the record's years), so every level is offered until one is posted.
    const levels = paper && !postedAuthority ? LEVELS : allowed.levels;
    return {
      title: `Quyết định: ${initiative.title}`,
      i: { id, code: initiative.code, title: initiative.title, unitName: initiative.unit?.name ?? '' },
      status: statusView(status),
      paper,
      open: deciding && (paper ? isDistrictAdmin(ctx.user) : !noCouncil),
      paperRefused: paper && deciding && !isDistrictAdmin(ctx.user),
      noCouncil: noCouncil && deciding,
      noRound: !initiative.roundId,
      votingOpen,
      returnable: !paper && (status === 'submitted' || status === 'under_review'),
      ...(await this.duplicateParts(ctx, initiative)),
      round: round ? { id: round.id, name: round.name, threshold: nl(round.threshold) } : null,
      stats: stats ? { ...stats, mean: mean(stats.mean), min: nl(stats.min), max: nl(stats.max), spread: mean(stats.spread) } : null,
      councilSize,
      councilSizeHint: paper && councilSize > 0 ? `Hội đồng của đợt xét có ${councilSize} thành viên.` : '',
      paperCouncilSize: onPaper.length,
      needed: votesNeeded(councilSize, voteRuleOf(round?.voteRule)),
      ruleShort: VOTE_RULE_SHORT[voteRuleOf(round?.voteRule)],
      tally: item?.tally ?? { votesFor: 0, votesAgainst: 0, votesAbstain: 0 },
      missingSheets: paper ? 0 : (item?.missing.sheets ?? 0),
      missingVotes: paper || !votingOpen ? 0 : (item?.missing.votes ?? 0),
      seats,
      paperSeats,
      due,
      overdue: decisionOverdue(initiative),
      levelOptions: levels.map((l) => ({ value: l, label: LEVEL_LABELS[l] })),
      levelHint: paper
        ? 'Phạm vi ảnh hưởng theo cơ quan ra quyết định: tỉnh công nhận cấp tỉnh; xã, phường, đặc khu, sở, ban, ngành công nhận cấp cơ sở; đơn vị của trước 01/07/2025 theo cấp của đơn vị đó; toàn quốc khi cơ quan trung ương công nhận.'
        : allowed.authority
          ? `Hội đồng do ${allowed.authority.name} tổ chức công nhận ở phạm vi: ${levels.map((l) => LEVEL_LABELS[l]).join(', ')}.`
          : '',
      signingOptions: SIGNING_MODES.map((m) => ({ value: m, label: SIGNING_MODE_LABELS[m] })),
      authorityOptions: paper ? await this.decisions.authorityChoices() : [],
      numberHint: `Ví dụ: 1234/${authority?.symbol || 'QĐ-UBND'}`,
      form: {
        values: {
          outcome: '',
          level: levels.length === 1 ? levels[0] : '',
          date: todayIso(),
          place: previous?.place || authority?.place || placeOf(organiser),
          signingMode: signedBefore?.mode ?? 'own',
          headTitle: signedBefore?.headTitle || authority?.headTitle || defaultSignerTitle(organiser),
          signerTitle: signedBefore?.signerTitle ?? '',
          signerName: previous?.signerName ?? '',
          // A paper record names the authority that decided: its round's organiser, or one chosen.
          authorityUnitId: paper && organiser ? String(organiser.id) : '',
          votesFor: '',
          votesAgainst: '',
          votesAbstain: '',
          // A paper record in a round with a council: its size, as the decision must state it.
          councilSize: paper && councilSize > 0 ? String(councilSize) : '',
          meanTotal: '',
        },
        errors: {},
      },
      history: history.map(decisionView),
      notes: notesView(notes),
      ballotHref: seated && round ? `/rounds/${round.id}/votes` : null,
      documents: round ? { minutes: `/rounds/${round.id}/minutes`, minutesDocx: `/rounds/${round.id}/minutes.docx`, recognitionDocx: `/rounds/${round.id}/recognition.docx` } : null,
      back: `/initiatives/${id}/decision`,
    };
  }

  /** The member's ballot of a round. */
  async ballot(ctx: RequestContext, roundId: number) {
    const { round, seat, items } = await this.decisions.ballot(ctx, roundId);
    // The chair and the secretary lead the meeting and see the council's mean; a member sees it
    // once their own sheet is submitted (as on the sheet page); a seat in conflict never does.
    const leads = seat.role === 'chair' || seat.role === 'secretary';
    return {
      title: `Biểu quyết: ${round.name}`,
      round: { id: round.id, name: round.name, voteRuleLabel: VOTE_RULE_LABELS[voteRuleOf(round.voteRule)].toLowerCase() },
      seat: { name: seat.user?.fullName ?? '', role: COUNCIL_ROLE_LABELS[seat.role] },
      items: items.map((x) => {
        const mine = seatView(x.mine);
        const showMean = !x.mine.conflict && (leads || x.mine.sheet === 'submitted');
        return {
          id: x.initiative.id,
          code: x.initiative.code,
          title: x.initiative.title,
          unit: x.initiative.unit?.name ?? '',
          mean: showMean && x.stats?.count ? mean(x.stats.mean) : '',
          count: showMean ? (x.stats?.count ?? 0) : 0,
          meanAfterSheet: !showMean && !x.mine.conflict && (x.mine.sheet === 'draft' || x.mine.sheet === 'none'),
          conflict: mine.conflict,
          voted: Boolean(mine.vote),
          voteLabel: mine.voteLabel,
          source: mine.source,
          options: VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v], checked: mine.vote === v })),
        };
      }),
    };
  }

  /** The certificate of a recognised initiative, for printing on A4. */
  async certificate(ctx: RequestContext, id: number) {
    const { initiative } = await this.initiatives.loadFor(ctx, id);
    if (initiative.status !== 'recognized') throw new NotFoundException('Chỉ sáng kiến đã được công nhận mới có giấy chứng nhận.');
    const [decision] = (await this.decisions.forInitiative(id)).filter((d) => d.outcome === 'recognized');
    if (!decision) throw new NotFoundException('Chưa có quyết định công nhận cho sáng kiến này.');
    // What the decision kept when it was recorded: its authority, place and signer of that day.
    const docs = await this.decisions.documentsOf(decision, initiative.round?.organisingUnitId ?? null);
    const authority = docs.authority.lines;
    const place = decision.place || docs.authority.place;
    const signerTitle = docs.signer.lines.join('\n');
    return {
      layout: 'layouts/print',
      title: `Giấy chứng nhận sáng kiến ${initiative.code ?? ''}`,
      // The authority's own name in bold, the superior above it not.
      authority: authorityHeadingLines(authority),
      code: initiative.code,
      titleText: initiative.title,
      unitName: initiative.unit?.name ?? '',
      authors: (initiative.authors ?? []).map((a) => ({ fullName: a.fullName, jobTitle: a.jobTitle, workplace: a.workplace })),
      level: decision.level ? LEVEL_LABELS[decision.level] : '',
      number: decision.number,
      date: decision.date,
      // "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN …" certifies, on the basis of the decision "của Ủy ban nhân dân huyện …".
      issuer: issuerHeading(signerTitle, authority),
      issuedBy: docs.authority.name,
      year: initiative.round?.year ?? initiative.year,
      dateLine: dateLine(place, decision.date),
      signerTitle: signerTitle.split(/\r?\n/),
      signerName: docs.signer.name,
      paper: decision.paperRecord,
      backHref: `/initiatives/${id}`,
    };
  }
}
