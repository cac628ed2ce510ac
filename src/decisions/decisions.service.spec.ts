import { InitiativeStatus } from '../initiatives/initiative-status';
import { decisionDue, decisionOverdue } from './decisions.service';

describe('decision deadlines', () => {
  const round = (submissionEnd: string, entered: string) => ({ submissionEnd, createdAt: new Date(`${entered}T08:00:00+07:00`) });

  it('falls due three months after submissions close, at the end of a shorter month', () => {
    expect(decisionDue({ submissionEnd: '2026-07-31' })).toBe('2026-10-31');
    expect(decisionDue({ submissionEnd: '2016-11-30' })).toBe('2017-02-28');
    expect(decisionDue(null)).toBeNull();
  });

  it('is overdue only when due after the round was entered, never for paper records nor decided initiatives', () => {
    const live = { status: InitiativeStatus.UnderReview, paperRecord: false };
    expect(decisionOverdue({ ...live, round: round('2026-07-31', '2026-01-05') }, '2026-12-04')).toBe(true);
    // A 2016 round entered in 2026: its decision was due in 2016, before the system knew it.
    expect(decisionOverdue({ ...live, round: round('2016-08-30', '2026-12-01') }, '2026-12-04')).toBe(false);
    expect(decisionOverdue({ ...live, paperRecord: true, round: round('2026-07-31', '2026-01-05') }, '2026-12-04')).toBe(false);
    expect(decisionOverdue({ ...live, status: InitiativeStatus.Recognized, round: round('2026-07-31', '2026-01-05') }, '2026-12-04')).toBe(false);
    expect(decisionOverdue({ ...live, round: null }, '2026-12-04')).toBe(false);
  });
});
