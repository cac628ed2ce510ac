import { BadRequestException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../audit/audit.types';
import { Viewer } from '../common/viewer';
import { todayIso } from '../common/dates';
import { FieldErrors, FormInvalidException } from '../common/exceptions';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeStatus, isLevel, RecognitionLevel } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewsService } from '../reviews/reviews.service';
import { decisionErrors } from '../reviews/scoring';
import { Round } from '../rounds/round.entity';
import { DecisionsRepository } from './decisions.repository';
import { Decision } from './decision.entity';
import { DecisionDto } from './dto/decision.dto';

/** Months after the close of submissions within which a decision is due. */
export const DECISION_DUE_MONTHS = 3;

/** The day a decision is due: three months after the round stops taking submissions. */
export function decisionDue(round: Pick<Round, 'submissionEnd'> | null | undefined): string | null {
  if (!round?.submissionEnd) return null;
  const d = new Date(`${round.submissionEnd}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCMonth(d.getUTCMonth() + DECISION_DUE_MONTHS);
  // 30 November + 3 months is the end of February, not early March.
  if (d.getUTCDate() !== day) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

@Injectable()
export class DecisionsService {
  constructor(
    private readonly repo: DecisionsRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly initiatives: InitiativesService,
    private readonly reviews: ReviewsService,
    private readonly notifications: NotificationsService,
  ) {}

  forInitiative(initiativeId: number): Promise<Decision[]> {
    return this.repo.forInitiative(initiativeId);
  }

  /** Records the decision; the law is checked here (2/3 of members for, threshold met, reasons). */
  async decide(initiativeId: number, dto: DecisionDto, user: Viewer, actor: Actor): Promise<Decision> {
    // Checked inside the unit of work: no sheet can be reopened or submitted meanwhile.
    return this.uow.run(async () => {
      await this.uow.lock('initiatives', [initiativeId]);
      const initiative = await this.initiatives.load(initiativeId);
      if (initiative.status !== InitiativeStatus.UnderReview) {
        throw new BadRequestException('Chỉ ra quyết định cho sáng kiến đang được hội đồng xét.');
      }
      const { stats, councilSize } = await this.reviews.statsFor(initiative);
      const errors: FieldErrors = decisionErrors({
        outcome: dto.outcome,
        votesFor: dto.votesFor,
        votesAgainst: dto.votesAgainst,
        votesAbstain: dto.votesAbstain,
        councilSize,
        meanTotal: stats?.mean ?? null,
        threshold: initiative.round?.threshold ?? 0,
        reasons: dto.reasons,
      });
      if (councilSize === 0) errors.outcome = 'Đợt xét chưa có hội đồng.';
      if (dto.outcome === 'recognized' && !isLevel(dto.level)) errors.level = 'Vui lòng chọn phạm vi ảnh hưởng.';
      if (dto.date > todayIso()) errors.date = 'Ngày quyết định không được ở tương lai.';
      if (Object.keys(errors).length) throw new FormInvalidException(errors);

      const recognized = dto.outcome === 'recognized';
      const level = recognized ? (dto.level as RecognitionLevel) : null;
      const decision = await this.repo.save(
        new Decision({
          initiativeId,
          roundId: initiative.roundId,
          outcome: dto.outcome,
          level,
          votesFor: dto.votesFor,
          votesAgainst: dto.votesAgainst,
          votesAbstain: dto.votesAbstain,
          councilSize,
          meanTotal: stats?.mean ?? null,
          number: dto.number,
          date: dto.date,
          reasons: dto.reasons.trim(),
          decidedById: user.id,
        }),
      );
      await this.initiatives.transition(initiativeId,
        recognized ? InitiativeStatus.Recognized : InitiativeStatus.NotRecognized,
        actor,
        `Quyết định ${dto.number}${recognized ? '' : `: ${dto.reasons.trim()}`}`,
        { level },
      );
      await this.notifications.tell(this.authorUserIds(initiative),
        'decision',
        recognized ? `Sáng kiến "${initiative.title}" đã được công nhận (quyết định ${dto.number}).` : `Sáng kiến "${initiative.title}" không được công nhận. Xem lý do.`,
        `/initiatives/${initiativeId}`,
      );
      await this.audit.log(actor, {
        action: 'initiative.decision',
        entityType: 'initiative',
        entityId: initiativeId,
        summary: `${recognized ? 'Công nhận' : 'Không công nhận'} sáng kiến ${initiative.code ?? ''} (quyết định ${dto.number}, ${dto.votesFor}/${councilSize} đồng ý)`,
      });
      return decision;
    });
  }

  /** Back to the authors for revision: editable again; after resubmission, scored anew. */
  async returnForRevision(initiativeId: number, note: string, actor: Actor): Promise<void> {
    const initiative = await this.initiatives.load(initiativeId);
    if (![InitiativeStatus.Submitted, InitiativeStatus.UnderReview].includes(initiative.status)) {
      throw new BadRequestException('Chỉ trả lại được sáng kiến đã nộp hoặc đang xét.');
    }
    await this.uow.run(async () => {
      await this.initiatives.transition(initiativeId, InitiativeStatus.Returned, actor, note, { reviewCycle: initiative.reviewCycle + 1 });
      await this.notifications.tell(this.authorUserIds(initiative), 'returned', `Sáng kiến "${initiative.title}" được trả lại để bổ sung: ${note}`, `/initiatives/${initiativeId}`);
      await this.audit.log(actor, { action: 'initiative.return', entityType: 'initiative', entityId: initiativeId, summary: `Trả lại sáng kiến ${initiative.code ?? ''} để bổ sung: ${note}` });
    });
  }

  /** Initiatives of rounds whose decision is overdue (three months after submissions closed). */
  async overdue(): Promise<{ initiative: Initiative; due: string }[]> {
    const open = await this.initiatives.awaitingDecision();
    const today = todayIso();
    return open
      .map((initiative) => ({ initiative, due: decisionDue(initiative.round) }))
      .filter((x): x is { initiative: Initiative; due: string } => Boolean(x.due && x.due < today))
      .sort((a, b) => a.due.localeCompare(b.due));
  }

  private authorUserIds(initiative: Initiative): number[] {
    return [initiative.createdById, ...(initiative.authors ?? []).map((a) => a.userId).filter((x): x is number => x !== null)];
  }
}
