import { hasAnyRole, isDistrictAdmin } from '../common/access';
import { Viewer } from '../common/viewer';
import { Role } from '../users/roles';
import { EDITABLE_STATUSES, InitiativeStatus, isPublicStatus } from './initiative-status';

// Who may do what with an initiative: pure rules, tested on their own. `scope` is the
// user's unit scope (own unit, sub-units, merged-in units); `linked` whether the user is
// one of the initiative's authors.

export interface InitiativeFacts {
  status: InitiativeStatus;
  unitId: number;
  createdById: number;
  /** Given at first submission; a withdrawn initiative without one was never submitted. */
  code: string | null;
  /** Null for a submission still waiting to be attached to a round. */
  roundId?: number | null;
  /** Entered by the admin from the paper files of an earlier year (never a live submission). */
  paperRecord?: boolean;
}

/**
 * Submitted, but no round yet: it waits for the secretary ("chưa có đợt xét"), and its own
 * side may still edit it. A record entered from the paper files with only its year never
 * waits: it belongs to that past year, not to a round running now.
 */
export function isAwaitingRound(i: Pick<InitiativeFacts, 'status' | 'roundId' | 'paperRecord'>): boolean {
  return i.status === InitiativeStatus.Submitted && i.roundId === null && !i.paperRecord;
}

/** The people told of what happens to an initiative: whoever created it, and its authors with an account. */
export function authorUserIds(i: { createdById: number; authors?: { userId: number | null }[] }): number[] {
  return [...new Set([i.createdById, ...(i.authors ?? []).map((a) => a.userId).filter((x): x is number => x !== null)])];
}

/** A draft, or a draft withdrawn before it was ever submitted: private to its own side. */
export function isPrivateDraft(i: Pick<InitiativeFacts, 'status' | 'code'>): boolean {
  return i.status === InitiativeStatus.Draft || (i.status === InitiativeStatus.Withdrawn && !i.code);
}

/** How a person stands to one initiative: who they are, their unit scope, whether they are its author or on its council. */
export interface InitiativeViewer {
  user: Viewer | undefined;
  scope: ReadonlySet<number>;
  linked: boolean;
  /** A member of the council of the initiative's round. */
  council?: boolean;
}

const COUNCIL = [Role.CouncilMember, Role.CouncilSecretary];

export function canCreateFor({ user, scope }: InitiativeViewer, unitId: number): boolean {
  if (!user) return false;
  if (isDistrictAdmin(user)) return true;
  return hasAnyRole(user, [Role.Author, Role.UnitFocal]) && scope.has(unitId);
}

/** The initiative's own side: its creator, its linked authors, the focal points of its unit and the units above. */
export function isOwnSide({ user, scope, linked }: InitiativeViewer, i: InitiativeFacts): boolean {
  if (!user) return false;
  return i.createdById === user.id || linked || (hasAnyRole(user, [Role.UnitFocal]) && scope.has(i.unitId));
}

export function canView(v: InitiativeViewer, i: InitiativeFacts): boolean {
  if (!v.user) return false;
  if (isDistrictAdmin(v.user) || isOwnSide(v, i)) return true;
  if (isPrivateDraft(i)) return false;
  if (isPublicStatus(i.status)) return true;
  return hasAnyRole(v.user, COUNCIL) || v.scope.has(i.unitId);
}

/**
 * Personal data (authors' dates of birth, Nghị định 13/2023/NĐ-CP), the confidential
 * information, the people who took part and the internal files: for the initiative's own
 * side (authors, creator, focal points of its unit and the units above), the council of its
 * round, the secretary and the district admin. Everyone else sees what the public
 * catalogue shows, and the public files.
 */
export function canSeePrivate(v: InitiativeViewer, i: InitiativeFacts): boolean {
  if (!v.user) return false;
  if (isDistrictAdmin(v.user) || hasAnyRole(v.user, [Role.CouncilSecretary])) return true;
  return isOwnSide(v, i) || Boolean(v.council);
}

/**
 * Authors, the creator and the unit's focal point edit drafts, returned initiatives, and
 * submissions still waiting for a round (nobody scores them yet).
 */
export function canEdit(v: InitiativeViewer, i: InitiativeFacts): boolean {
  return (EDITABLE_STATUSES.includes(i.status) || isAwaitingRound(i)) && isOwnSide(v, i);
}

/**
 * Its own side submits a draft or a returned initiative; so may the district admin (for a
 * unit that files on paper, or to let one in outside a round's receiving dates, with a reason).
 */
export function canSubmit(v: InitiativeViewer, i: InitiativeFacts): boolean {
  return EDITABLE_STATUSES.includes(i.status) && (isOwnSide(v, i) || isDistrictAdmin(v.user));
}

export function canWithdraw(v: InitiativeViewer, i: InitiativeFacts): boolean {
  const open = [InitiativeStatus.Draft, InitiativeStatus.Submitted, InitiativeStatus.UnderReview, InitiativeStatus.Returned];
  return open.includes(i.status) && isOwnSide(v, i);
}

/**
 * A draft never submitted (no code) is deleted by its own side, rather than withdrawn: it
 * has no history anyone else saw, and a withdrawn draft would stay in their lists.
 */
export function canDeleteDraft(v: InitiativeViewer, i: InitiativeFacts): boolean {
  return i.status === InitiativeStatus.Draft && !i.code && isOwnSide(v, i);
}

/** Why an edit is refused, in words. */
export function editRefusal(v: InitiativeViewer, i: InitiativeFacts): string {
  // Someone of another side learns nothing of the initiative, not even its status.
  if (!isOwnSide(v, i)) return 'Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được sửa sáng kiến này.';
  if (!EDITABLE_STATUSES.includes(i.status) && !isAwaitingRound(i)) return 'Sáng kiến đã nộp không sửa được nữa; chỉ sửa được bản nháp, sáng kiến được trả lại để bổ sung, hoặc sáng kiến đã nộp đang chờ đưa vào đợt xét.';
  return 'Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được sửa sáng kiến này.';
}
