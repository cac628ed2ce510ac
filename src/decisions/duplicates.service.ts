import { BadRequestException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FormInvalidException } from '../common/exceptions';
import { RequestContext } from '../common/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeStatus, STATUS_LABELS } from '../initiatives/initiative-status';
import { authorUserIds } from '../initiatives/initiative-access';
import { Initiative } from '../initiatives/initiative.entity';
import { InitiativesService } from '../initiatives/initiatives.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RoundsService } from '../rounds/rounds.service';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { DuplicateMark } from './duplicate-mark.entity';
import { afterUndo, duplicateErrors, MARKABLE, normaliseCode } from './duplicate-rules';

export interface DuplicateInput {
  originalCode?: string;
  reason?: string;
}

/**
 * The secretary's finding that an initiative repeats one already filed ("trùng với SK-…"):
 * recorded with a reason, the initiative leaves its round's scoring (status "Trùng sáng
 * kiến đã có"), both pages link each other, the authors are told, the audit keeps it; and
 * undone, back to where it was. For those who manage the initiative's round.
 */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: DecisionsRepository,
    private readonly initiatives: InitiativesService,
    private readonly decisions: DecisionsService,
    private readonly rounds: RoundsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** The finding on this initiative, if it stands (with the original and its unit). */
  markOf(initiativeId: number): Promise<DuplicateMark | null> {
    return this.repo.duplicateMarkOf(initiativeId);
  }

  /** The initiatives found to repeat this one (with their units). */
  duplicatesOf(initiativeId: number): Promise<DuplicateMark[]> {
    return this.repo.duplicatesOf(initiativeId);
  }

  async mark(ctx: RequestContext, initiativeId: number, input: DuplicateInput): Promise<{ initiative: Initiative; original: Initiative }> {
    return this.uow.run(async () => {
      this.uow.changes('initiatives');
      // Load for update, then the rules (the status as it is now).
      await this.initiatives.lockForUpdate([initiativeId]);
      const initiative = await this.initiatives.load(initiativeId);
      await this.decisions.assertManagesRoundOf(ctx, initiative);
      if (!MARKABLE.includes(initiative.status)) throw new BadRequestException(`Chỉ xác định trùng được sáng kiến đã nộp hoặc đang xét, không phải sáng kiến "${STATUS_LABELS[initiative.status]}".`);
      const code = normaliseCode(input.originalCode);
      const original = code ? await this.initiatives.byCode(code) : null;
      const originalOf = original?.status === InitiativeStatus.Duplicate ? ((await this.repo.duplicateMarkOf(original.id))?.original ?? null) : null;
      const errors = duplicateErrors(initiative, input, original, originalOf);
      if (Object.keys(errors).length || !original) throw new FormInvalidException(errors);
      const reason = (input.reason ?? '').trim();
      await this.initiatives.transition(ctx, initiativeId, InitiativeStatus.Duplicate, `Trùng với sáng kiến ${original.code}: ${reason}`);
      await this.repo.saveDuplicateMark(new DuplicateMark({ initiativeId, originalId: original.id, reason, markedById: ctx.user?.id ?? null, markedByName: ctx.actor.name }));
      await this.notifications.tell(authorUserIds(initiative), 'duplicate', `Sáng kiến "${initiative.title}" được Thư ký hội đồng xác định trùng với sáng kiến ${original.code} "${original.title}" nên không đưa ra chấm điểm. Lý do: ${reason}`, `/initiatives/${initiativeId}`);
      await this.audit.log(ctx, {
        action: 'initiative.duplicate',
        entityType: 'initiative',
        entityId: initiativeId,
        summary: `Xác định sáng kiến ${initiative.code ?? ''} "${initiative.title}" trùng với sáng kiến ${original.code} "${original.title}": ${reason}`,
        changes: [{ field: 'status', before: initiative.status, after: InitiativeStatus.Duplicate }],
      });
      return { initiative, original };
    });
  }

  async undo(ctx: RequestContext, initiativeId: number, note: string): Promise<{ status: InitiativeStatus; leftRound: boolean }> {
    return this.uow.run(async () => {
      this.uow.changes('initiatives');
      await this.initiatives.lockForUpdate([initiativeId]);
      const initiative = await this.initiatives.load(initiativeId);
      await this.decisions.assertManagesRoundOf(ctx, initiative);
      const mark = await this.repo.duplicateMarkOf(initiativeId);
      if (initiative.status !== InitiativeStatus.Duplicate || !mark) throw new BadRequestException('Sáng kiến này không ở trạng thái "Trùng sáng kiến đã có".');
      const reason = note.trim();
      if (!reason) throw new FormInvalidException({ undoNote: 'Nêu lý do bỏ xác định trùng.' });
      // The status it had when found a duplicate: the last step into "duplicate".
      const { transitions } = await this.initiatives.history(initiativeId);
      const step = [...transitions].reverse().find((t) => t.toStatus === InitiativeStatus.Duplicate);
      const round = initiative.roundId ? await this.rounds.find(initiative.roundId) : null;
      const next = afterUndo(step?.fromStatus ?? null, round);
      const where = next.leavesRound ? `; đợt xét "${round?.name ?? ''}" đã kết thúc nên sáng kiến chờ đưa vào đợt xét mới` : '';
      await this.initiatives.transition(ctx, initiativeId, next.status, `Bỏ xác định trùng với sáng kiến ${mark.original?.code ?? ''}: ${reason}${where}`, next.leavesRound ? { roundId: null } : {});
      await this.repo.deleteDuplicateMark(mark.id);
      await this.notifications.tell(authorUserIds(initiative), 'duplicate-undone', `Sáng kiến "${initiative.title}" không còn bị xác định trùng với sáng kiến ${mark.original?.code ?? ''}: ${reason}`, `/initiatives/${initiativeId}`);
      await this.audit.log(ctx, {
        action: 'initiative.duplicate.undo',
        entityType: 'initiative',
        entityId: initiativeId,
        summary: `Bỏ xác định sáng kiến ${initiative.code ?? ''} "${initiative.title}" trùng với sáng kiến ${mark.original?.code ?? ''}: ${reason}`,
        changes: [
          { field: 'status', before: InitiativeStatus.Duplicate, after: next.status },
          ...(next.leavesRound ? [{ field: 'roundId', before: initiative.roundId, after: null }] : []),
        ],
      });
      return { status: next.status, leftRound: next.leavesRound };
    });
  }
}
