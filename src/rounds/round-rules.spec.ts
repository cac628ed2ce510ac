import { isReceiving, receivingPeriodLabel, receivingRefusal, roundTitle } from './round-rules';

describe('receiving dates of a round', () => {
  const round = { name: 'Đợt xét năm 2026', submissionStart: '2026-03-01', submissionEnd: '2026-07-31' };

  it('receive on every day of the period, both ends included', () => {
    expect(isReceiving(round, '2026-03-01')).toBe(true);
    expect(isReceiving(round, '2026-07-31')).toBe(true);
    expect(isReceiving(round, '2026-02-28')).toBe(false);
    expect(isReceiving(round, '2026-08-01')).toBe(false);
  });

  it('receive always without dates, and from or until the one date given', () => {
    expect(isReceiving({ submissionStart: null, submissionEnd: null }, '1999-01-01')).toBe(true);
    expect(isReceiving({ submissionStart: '2026-03-01', submissionEnd: null }, '2030-01-01')).toBe(true);
    expect(isReceiving({ submissionStart: null, submissionEnd: '2026-07-31' }, '2026-08-01')).toBe(false);
  });

  it('refuse outside the period, saying the period, today, and that the admin may let it in', () => {
    expect(receivingRefusal(round, '2026-05-01')).toBeNull();
    const refusal = receivingRefusal(round, '2026-12-04');
    expect(refusal).toContain('nhận hồ sơ từ 01/03/2026 đến 31/07/2026');
    expect(refusal).toContain('hôm nay (04/12/2026)');
    expect(refusal).toContain('Quản trị hệ thống có thể cho phép');
  });

  it('are labelled as dd/mm/yyyy', () => {
    expect(receivingPeriodLabel(round)).toBe('01/03/2026 – 31/07/2026');
    expect(receivingPeriodLabel({ submissionStart: null, submissionEnd: null })).toBe('');
  });
});

describe('a round named with its year', () => {
  it('adds the year only when the name does not say it', () => {
    expect(roundTitle({ name: 'Đợt xét sáng kiến năm 2026', year: 2026 })).toBe('Đợt xét sáng kiến năm 2026');
    expect(roundTitle({ name: 'Đợt xét bổ sung', year: 2025 })).toBe('Đợt xét bổ sung (2025)');
  });
});
