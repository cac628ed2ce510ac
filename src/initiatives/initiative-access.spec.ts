import { Viewer, viewerWithScope } from '../common/viewer';
import { Role } from '../users/roles';
import { canCreateFor, canDeleteDraft, canEdit, canSeePrivate, canSubmit, canView, canWithdraw, editRefusal, InitiativeViewer, isAwaitingRound } from './initiative-access';
import { InitiativeStatus as S } from './initiative-status';

const person = (id: number, roles: Role[], unitId = 10): Viewer => viewerWithScope({ id, username: `u${id}`, fullName: '', position: '', unitId, unitName: '', roles, mustChangePassword: false }, [unitId]);
const viewer = (user: Viewer, scope: number[] = [user.unitId], linked = false): InitiativeViewer => ({ user, scope: new Set(scope), linked });
const ini = (status: S, unitId = 10, createdById = 1, code: string | null = status === S.Draft ? null : 'SK-2026-0001') => ({ status, unitId, createdById, code });

const creator = person(1, [Role.Author]);
const colleague = person(2, [Role.Author]);
const focal = person(3, [Role.UnitFocal]);
const otherFocal = person(4, [Role.UnitFocal], 20);
const admin = person(5, [Role.DistrictAdmin], 99);
const member = person(6, [Role.CouncilMember], 99);

describe('initiative access', () => {
  it('lets its own side edit a submission still waiting for a round, and nobody once it has one', () => {
    const waiting = { ...ini(S.Submitted), roundId: null };
    expect(canEdit(viewer(creator), waiting)).toBe(true);
    expect(canEdit(viewer(focal), waiting)).toBe(true);
    expect(canEdit(viewer(otherFocal, [20]), waiting)).toBe(false);
    expect(canEdit(viewer(creator), { ...waiting, roundId: 7 })).toBe(false);
    // Waiting, it is submitted already: not submitted again.
    expect(canSubmit(viewer(creator), waiting)).toBe(false);
  });

  it('never counts a record entered from the paper files as waiting for a round', () => {
    const waiting = { ...ini(S.Submitted), roundId: null };
    expect(isAwaitingRound(waiting)).toBe(true);
    expect(isAwaitingRound({ ...waiting, paperRecord: false })).toBe(true);
    expect(isAwaitingRound({ ...waiting, paperRecord: true })).toBe(false);
    // Nor does its creator edit it as a waiting submission.
    expect(canEdit(viewer(creator), { ...waiting, paperRecord: true })).toBe(false);
  });

  it('lets the district admin submit for a unit (on paper, or outside the receiving dates), but no other outsider', () => {
    expect(canSubmit(viewer(admin, [99]), ini(S.Draft))).toBe(true);
    expect(canSubmit(viewer(otherFocal, [20]), ini(S.Draft))).toBe(false);
    expect(canSubmit(viewer(creator), ini(S.Draft))).toBe(true);
  });

  it('lets authors and focal points create for units in their scope only', () => {
    expect(canCreateFor(viewer(creator), 10)).toBe(true);
    expect(canCreateFor(viewer(creator), 20)).toBe(false);
    expect(canCreateFor(viewer(member, [99]), 99)).toBe(false);
    expect(canCreateFor(viewer(admin, [99]), 20)).toBe(true);
  });

  it('lets the creator, a linked co-author and the unit focal point edit a draft or returned one', () => {
    for (const status of [S.Draft, S.Returned]) {
      expect(canEdit(viewer(creator), ini(status))).toBe(true);
      expect(canEdit(viewer(colleague, [10], true), ini(status))).toBe(true);
      expect(canEdit(viewer(focal), ini(status))).toBe(true);
    }
  });

  it("refuses another unit's focal point, a colleague who is not an author, and the admin", () => {
    expect(canEdit(viewer(otherFocal, [20]), ini(S.Draft))).toBe(false);
    expect(canEdit(viewer(colleague), ini(S.Draft))).toBe(false);
    expect(canEdit(viewer(admin, [99]), ini(S.Draft))).toBe(false);
  });

  it('lets nobody edit a submitted, reviewed or decided initiative', () => {
    for (const status of [S.Submitted, S.UnderReview, S.Recognized, S.NotRecognized, S.Withdrawn]) {
      expect(canEdit(viewer(creator), ini(status))).toBe(false);
      expect(canEdit(viewer(focal), ini(status))).toBe(false);
    }
  });

  it('shows drafts only to their own side and admins; recognised ones to everyone signed in', () => {
    expect(canView(viewer(colleague), ini(S.Draft))).toBe(false);
    expect(canView(viewer(member, [99]), ini(S.Draft))).toBe(false);
    expect(canView(viewer(admin, [99]), ini(S.Draft))).toBe(true);
    expect(canView(viewer(colleague), ini(S.Submitted))).toBe(true);
    expect(canView(viewer(otherFocal, [20]), ini(S.Submitted))).toBe(false);
    expect(canView(viewer(member, [99]), ini(S.Submitted))).toBe(true);
    expect(canView(viewer(otherFocal, [20]), ini(S.Recognized))).toBe(true);
    expect(canView({ user: undefined, scope: new Set(), linked: false }, ini(S.Recognized))).toBe(false);
  });

  it('keeps a draft withdrawn before submission as private as a draft', () => {
    const discarded = ini(S.Withdrawn, 10, 1, null);
    expect(canView(viewer(colleague), discarded)).toBe(false);
    expect(canView(viewer(member, [99]), discarded)).toBe(false);
    expect(canView(viewer(creator), discarded)).toBe(true);
    expect(canView(viewer(member, [99]), ini(S.Withdrawn))).toBe(true);
  });

  it('allows withdrawing until a decision', () => {
    expect(canWithdraw(viewer(creator), ini(S.Submitted))).toBe(true);
    expect(canWithdraw(viewer(creator), ini(S.Recognized))).toBe(false);
    expect(canWithdraw(viewer(otherFocal, [20]), ini(S.Submitted))).toBe(false);
  });

  it('lets its own side delete a draft never submitted, and nothing else', () => {
    expect(canDeleteDraft(viewer(creator), { ...ini(S.Draft), code: null })).toBe(true);
    expect(canDeleteDraft(viewer(otherFocal, [20]), { ...ini(S.Draft), code: null })).toBe(false);
    expect(canDeleteDraft(viewer(creator), { ...ini(S.Submitted), code: null })).toBe(false);
    expect(canDeleteDraft(viewer(creator), { ...ini(S.Withdrawn), code: null })).toBe(false);
    expect(canDeleteDraft(viewer(creator), { ...ini(S.Draft), code: 'SK-2026-0001' })).toBe(false);
  });

  it('tells someone of another side only that they may not edit, never the status', () => {
    expect(editRefusal(viewer(otherFocal, [20]), ini(S.Submitted))).toBe('Chỉ tác giả, người tạo và đầu mối CCHC của đơn vị được sửa sáng kiến này.');
    expect(editRefusal(viewer(otherFocal, [20]), ini(S.Draft))).toBe(editRefusal(viewer(otherFocal, [20]), ini(S.Submitted)));
    expect(editRefusal(viewer(creator), ini(S.Submitted))).toContain('đã nộp không sửa được');
  });

  it('keeps personal data for the own side, the council of its round, the secretary and the admin', () => {
    const recognised = ini(S.Recognized);
    expect(canSeePrivate(viewer(creator), recognised)).toBe(true);
    expect(canSeePrivate(viewer(focal), recognised)).toBe(true);
    expect(canSeePrivate(viewer(admin, [99]), recognised)).toBe(true);
    expect(canSeePrivate(viewer(person(7, [Role.CouncilSecretary], 99), [99]), recognised)).toBe(true);
    expect(canSeePrivate({ ...viewer(member, [99]), council: true }, recognised)).toBe(true);
    expect(canSeePrivate({ ...viewer(member, [99]), council: false }, recognised)).toBe(false);
    expect(canSeePrivate(viewer(colleague), recognised)).toBe(false);
    expect(canSeePrivate(viewer(otherFocal, [20]), recognised)).toBe(false);
    expect(canSeePrivate({ user: undefined, scope: new Set(), linked: false }, recognised)).toBe(false);
  });
});
