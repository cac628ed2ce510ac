import { Injectable, NotFoundException } from '@nestjs/common';
import { article3 } from '../authorities/authority-profile';
import { Contributes, INITIATIVE_PAGE, InitiativePageContribution, ROUND_PAGE, RoundPageContribution } from '../common/extensions';
import { todayIso } from '../common/dates';
import { formatMean, formatScore } from '../common/numbers';
import { RequestContext } from '../common/request-context';
import { Viewer } from '../common/viewer';
import { authorityHeadingLines, dateLine, defaultSignerTitle, issuerHeading, placeOf } from '../decisions/council-rules';
import { readSnapshot } from '../decisions/decision-snapshot';
import { DecisionsService } from '../decisions/decisions.service';
import { VOTE_LABELS, VOTES } from '../decisions/member-vote.entity';
import { SIGNING_MODE_LABELS, SIGNING_MODES } from '../decisions/signing';
import { LEVEL_LABELS, RecognitionLevel } from '../initiatives/initiative-status';
import { InitiativesService } from '../initiatives/initiatives.service';
import { AdoptionEvidence } from '../replication/adoption-evidence';
import { evidenceView } from '../replication/replication.view';
import { sheetTotal } from '../reviews/scoring';
import { COUNCIL_ROLE_LABELS } from '../rounds/council-member.entity';
import { scopeRuleText } from '../rounds/round-kind';
import { RoundsService } from '../rounds/rounds.service';
import { VOTE_RULE_LABELS, VOTE_RULE_SHORT, voteRuleOf, votesNeeded } from '../rounds/vote-rule';
import { EffectItem } from './effect-item.entity';
import { scopesFor, scopeWords } from './effect-rules';
import { EffectService, pointsById } from './effect.service';

const OUTCOME_LABELS = { recognized: 'Công nhận hiệu quả áp dụng', not_recognized: 'Không công nhận' } as const;

/** Builds the pages of a round of effect and scope, and its parts of the round's and the initiative's pages. */
@Injectable()
@Contributes(ROUND_PAGE)
export class EffectView implements RoundPageContribution {
  constructor(
    private readonly effect: EffectService,
    private readonly rounds: RoundsService,
    private readonly decisions: DecisionsService,
    private readonly initiatives: InitiativesService,
  ) {}

  /** On a round of effect and scope's page: its items, and for its managers the form that adds one. */
  async extend(_ctx: RequestContext, round: { id: number; kind: string; status: string }, viewer: { manage: boolean; seated: boolean }): Promise<Record<string, unknown>> {
    if (round.kind !== 'effect') return {};
    const work = await this.effect.workOfRound(round.id);
    return {
      effectRound: {
        items: work.map(({ item, sheets, votes }) => ({
          href: `/effect-items/${item.id}`,
          code: item.initiative?.code ?? '',
          title: item.initiative?.title ?? '',
          unit: item.initiative?.unit?.name ?? '',
          proposed: item.proposedLevel ? LEVEL_LABELS[item.proposedLevel] : 'chưa có',
          sheets,
          votes,
          decided: item.outcome ? `${OUTCOME_LABELS[item.outcome]}${item.level ? ` — ${LEVEL_LABELS[item.level]}` : ''} (QĐ ${item.number})` : '',
        })),
        canAdd: viewer.manage && round.status !== 'closed',
        addAction: `/rounds/${round.id}/effect-items`,
      },
    };
  }

  /** The item's page: the evidence, the council's work, the sheet of the member, the decision of the managers. */
  async item(ctx: RequestContext, id: number, posted?: Record<string, unknown>) {
    const work = await this.effect.work(id);
    const { item, round, initiative } = work;
    const manage = await this.rounds.manages(ctx.user, round);
    const mySeat = work.seats.find((s) => s.member.userId === ctx.user.id) ?? null;
    const open = !item.outcome && round.status === 'evaluating';
    const rule = voteRuleOf(round.voteRule);
    const postedVotes = (posted?.votes && typeof posted.votes === 'object' ? posted.votes : {}) as Record<string, unknown>;
    const organiser = await this.decisions.organiser(round);
    const levels = scopesFor(organiser?.kind);
    const draft = open && manage ? await this.decisions.draftDocuments(round.organisingUnitId, round.id) : null;
    const mySheet = mySeat?.sheet ?? null;
    const sheetPoints = pointsById(mySheet?.points);
    // Others' scores and the mean: for the round's managers and the council's secretary, and
    // for a member once their own sheet is in (as on a review sheet); never for a seat in conflict.
    const reveal = manage || (mySeat !== null && !mySeat.conflict && (mySeat.member.role === 'secretary' || mySheet?.status === 'submitted'));
    const defaults: Record<string, unknown> = {
      outcome: '',
      level: item.proposedLevel && levels.includes(item.proposedLevel) ? item.proposedLevel : '',
      scopeEvidence: '',
      date: todayIso(),
      place: draft?.authority.place || placeOf(organiser),
      signingMode: 'own',
      headTitle: draft?.signer.lines[0] || defaultSignerTitle(organiser),
      signerTitle: '',
      signerName: '',
      reasons: '',
      comment: mySheet?.comment ?? '',
      points: Object.fromEntries(work.criteria.map((c) => [`c${c.id}`, sheetPoints[c.id] === null || sheetPoints[c.id] === undefined ? '' : formatScore(sheetPoints[c.id] as number)])),
    };
    return {
      title: `Hiệu quả áp dụng: ${initiative.code ?? ''} ${initiative.title}`,
      round: { id: round.id, name: round.name, threshold: formatScore(round.threshold), voteRuleLabel: VOTE_RULE_LABELS[rule].toLowerCase(), scopeRule: scopeRuleText(round), statusLabel: round.status },
      i: { id: initiative.id, code: initiative.code, title: initiative.title, unitName: initiative.unit?.name ?? '', year: initiative.year },
      itemId: item.id,
      proposedAtAdd: item.proposedLevel ? LEVEL_LABELS[item.proposedLevel] : 'chưa có',
      evidence: evidenceView(await this.effect.evidenceOf(work)),
      evidenceKept: Boolean(item.evidence),
      open,
      notEvaluating: !item.outcome && round.status === 'open',
      manage,
      reveal,
      stats: { count: work.stats.count, mean: work.stats.mean === null ? null : formatMean(work.stats.mean), thresholdMet: work.stats.thresholdMet },
      councilSize: work.councilSize,
      needed: votesNeeded(work.councilSize, rule),
      ruleShort: VOTE_RULE_SHORT[rule],
      seats: work.seats.map((s) => {
        const key = `m${s.member.id}`;
        const chosen = typeof postedVotes[key] === 'string' ? (postedVotes[key] as string) : (s.vote?.vote ?? '');
        const submitted = s.sheet?.status === 'submitted';
        return {
          key,
          name: s.member.user?.fullName ?? '',
          role: COUNCIL_ROLE_LABELS[s.member.role],
          conflict: s.conflict,
          sheet: !s.scores
            ? 'không chấm (thư ký)'
            : s.conflict
              ? 'không chấm (xung đột lợi ích)'
              : submitted
                ? reveal || s.member.userId === ctx.user.id
                  ? `đã nộp: ${formatScore(sheetTotal(work.criteria, pointsById(s.sheet?.points)))} điểm`
                  : 'đã nộp'
                : s.sheet
                  ? 'đang chấm (chưa nộp)'
                  : 'chưa chấm',
          vote: s.vote ? VOTE_LABELS[s.vote.vote] : '',
          source: s.vote ? (s.vote.recordedBy === 'member' ? 'thành viên tự biểu quyết' : 'thư ký ghi theo biên bản họp') : '',
          // A vote the member cast stays as cast.
          editable: open && manage && !s.conflict && s.vote?.recordedBy !== 'member',
          options: VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v], selected: chosen === v })),
        };
      }),
      // The member's own sheet, while the item is being scored.
      sheet:
        mySeat && mySeat.scores && !mySeat.conflict
          ? {
              submitted: mySheet?.status === 'submitted',
              editable: open && mySheet?.status !== 'submitted',
              total: formatScore(sheetTotal(work.criteria, sheetPoints)),
              criteria: work.criteria.map((c) => ({ id: c.id, key: `c${c.id}`, name: c.name, description: c.description, maxPoints: formatScore(c.maxPoints), value: sheetPoints[c.id] === null || sheetPoints[c.id] === undefined ? '' : formatScore(sheetPoints[c.id] as number) })),
              comment: mySheet?.comment ?? '',
            }
          : null,
      myConflict: mySeat?.conflict ?? null,
      // A seated member may declare a conflict of interest until the decision.
      canDeclareConflict: Boolean(mySeat) && !mySeat?.conflict && !item.outcome,
      // The member's own vote, while the item can be decided.
      ballot:
        mySeat && !mySeat.conflict && open
          ? { current: mySeat.vote ? VOTE_LABELS[mySeat.vote.vote] : '', options: VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v], checked: (typeof posted?.vote === 'string' ? posted.vote : mySeat.vote?.vote) === v })) }
          : null,
      decision: item.outcome ? this.decisionView(item) : null,
      levelOptions: levels.map((l) => ({ value: l, label: LEVEL_LABELS[l] })),
      levelHint: `Hội đồng${organiser ? ` do ${organiser.name} tổ chức` : ''} công nhận phạm vi: ${levels.map((l) => LEVEL_LABELS[l]).join(', ')}.${levels.includes(RecognitionLevel.National) ? ' Toàn quốc cần nêu căn cứ ngoài tỉnh.' : ''}`,
      nationalAllowed: levels.includes(RecognitionLevel.National),
      signingOptions: SIGNING_MODES.map((m) => ({ value: m, label: SIGNING_MODE_LABELS[m] })),
      outcomeOptions: [
        { value: 'recognized', label: OUTCOME_LABELS.recognized },
        { value: 'not_recognized', label: OUTCOME_LABELS.not_recognized },
      ],
      removable: manage && !item.outcome && !work.seats.some((s) => s.vote || s.sheet?.status === 'submitted'),
      // After a refused form, the decision's defaults for the fields that were not posted (the
      // sheet's or the ballot's form leaves the decision's date, place and signer as they were).
      formValues: posted ? Object.fromEntries(Object.entries(defaults).filter(([k]) => !(k in posted))) : undefined,
      form: {
        values: defaults,
        errors: {},
      },
    };
  }

  private decisionView(item: EffectItem) {
    return {
      outcome: item.outcome ? OUTCOME_LABELS[item.outcome] : '',
      recognized: item.outcome === 'recognized',
      level: item.level ? LEVEL_LABELS[item.level] : '',
      scopeEvidence: item.scopeEvidence,
      number: item.number,
      date: item.date,
      votes: `${item.votesFor ?? 0} đồng ý, ${item.votesAgainst ?? 0} không đồng ý, ${item.votesAbstain ?? 0} không biểu quyết, trên ${item.councilSize ?? 0} thành viên`,
      mean: item.meanTotal === null ? '' : formatMean(item.meanTotal),
      reasons: item.reasons,
      certificate: `/effect-items/${item.id}/giay-xac-nhan`,
      decisionDoc: `/effect-items/${item.id}/quyet-dinh`,
    };
  }

  /**
   * What the two documents print, from what the decision kept: the authority, the signer,
   * the evidence of that day. For whoever sees the initiative (404 before a recognition).
   */
  async documents(ctx: RequestContext, id: number) {
    const work = await this.effect.work(id);
    const { item, round, initiative } = work;
    // Whoever sees the initiative (its authors for their dossier) reads its documents; nothing of it otherwise.
    await this.initiatives.loadFor(ctx, initiative.id);
    if (item.outcome !== 'recognized' || !item.date) throw new NotFoundException('Chưa có quyết định công nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến này.');
    const snapshot = readSnapshot(item.snapshot);
    const authority = snapshot?.authority.lines ?? [];
    const signerTitle = snapshot?.signer.lines ?? item.signerTitle.split('\n');
    const evidence = await this.effect.evidenceOf(work);
    return {
      layout: 'layouts/print',
      itemId: item.id,
      authority: authorityHeadingLines(authority),
      authorityLines: authority,
      authorityName: snapshot?.authority.name ?? '',
      number: item.number,
      date: item.date,
      dateLine: dateLine(item.place || snapshot?.authority.place || '', item.date),
      issuer: issuerHeading(signerTitle.join('\n'), authority),
      signerTitle,
      signerName: snapshot?.signer.name ?? item.signerName,
      code: initiative.code,
      titleText: initiative.title,
      year: initiative.year,
      unitName: initiative.unit?.name ?? '',
      authors: (initiative.authors ?? []).map((a) => ({ fullName: a.fullName, jobTitle: a.jobTitle, workplace: a.workplace })),
      level: item.level ? LEVEL_LABELS[item.level] : '',
      scopeWords: scopeWords(item.level),
      scopeEvidence: item.scopeEvidence,
      roundName: round.name,
      bases: await this.rounds.citedBases(round.id),
      article3: article3(snapshot?.authority.recipients ?? []),
      evidence: evidenceRows(evidence),
      backHref: `/effect-items/${item.id}`,
    };
  }

  /** On the initiative page: its effect and scope recognised (or refused), by round. */
  async initiativePart(initiativeId: number) {
    const items = (await this.effect.ofInitiatives([initiativeId])).filter((i) => i.outcome);
    return items.map((i) => ({ round: i.round?.name ?? '', href: `/effect-items/${i.id}`, ...this.decisionView(i) }));
  }
}

/** The initiative page's part: the effect decisions, for everyone who sees the initiative. */
@Injectable()
@Contributes(INITIATIVE_PAGE)
export class EffectInitiativePart implements InitiativePageContribution {
  constructor(private readonly view: EffectView) {}

  async extend(initiative: { id: number; status: string }, _viewer: { user: Viewer | undefined }): Promise<Record<string, unknown>> {
    if (initiative.status !== 'recognized') return {};
    const effects = await this.view.initiativePart(initiative.id);
    return effects.length ? { effects } : {};
  }
}

/** The evidence as the documents' table prints it: one row per unit that adopted, then the indicators and the units that declined. */
export function evidenceRows(e: AdoptionEvidence) {
  return {
    adopted: e.adopted.map((a, k) => ({ n: k + 1, unit: a.unit, kind: a.kind, date: a.date ?? '', programmes: a.programmes.join('; ') })),
    indicators: e.indicators.map((i) => ({ name: i.name, unitOfMeasure: i.unitOfMeasure, units: i.units, before: formatScore(i.before), after: formatScore(i.after) })),
    declined: e.declined,
    communes: `${e.communesAdopted}/${e.communesInForce}`,
    proposal: e.proposal.reason,
  };
}
