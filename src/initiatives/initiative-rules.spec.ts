import { awaitingNote, awaitingReason, earliestYear, filingDate, filingWarning, formatInitiativeCode, lateFilingWarning, missingForSubmission, paperRoundRefusal, paperYearRefusal, recordYear, roundToJoin, roundYearRefusal, sharesError, yearRefusal } from './initiative-rules';
import { canTransition, InitiativeStatus as S, transitionRefusal, TRANSITIONS } from './initiative-status';

describe('contribution shares', () => {
  it('accepts shares adding up to 100, including thirds rounded to the hundredth', () => {
    expect(sharesError([100])).toBeNull();
    expect(sharesError([60, 40])).toBeNull();
    expect(sharesError([33.33, 33.33, 33.34])).toBeNull();
  });
  it('refuses a sum other than 100, saying what it is', () => {
    expect(sharesError([60, 30])).toBe('Tổng tỷ lệ đóng góp của các tác giả phải bằng 100% (hiện là 90%).');
    expect(sharesError([70, 40])).toContain('110');
  });
  it('refuses zero, negative or missing shares and no author', () => {
    expect(sharesError([100, 0])).toContain('lớn hơn 0');
    expect(sharesError([120, -20])).toContain('lớn hơn 0');
    expect(sharesError([NaN])).toContain('lớn hơn 0');
    expect(sharesError([])).toBe('Cần ít nhất một tác giả.');
  });
});

describe('one-year filing warning', () => {
  it('says nothing within a year, or without a first application date', () => {
    expect(lateFilingWarning('2025-03-01', '2026-03-01')).toBeNull();
    expect(lateFilingWarning(null, '2026-03-01')).toBeNull();
  });
  it('warns after one year, with both dates as dd/mm/yyyy', () => {
    const w = lateFilingWarning('2025-03-01', '2026-03-02');
    expect(w).toContain('01/03/2025');
    expect(w).toContain('02/03/2026');
  });
  it('handles 29 February', () => {
    expect(lateFilingWarning('2024-02-29', '2025-03-01')).toBeNull();
    expect(lateFilingWarning('2024-02-29', '2025-03-02')).not.toBeNull();
  });
});

describe('the year of the record', () => {
  const round2016 = { year: 2016, submissionStart: '2016-06-01', submissionEnd: '2016-09-30' };

  it('is the round\'s year, else the one given', () => {
    expect(recordYear(round2016, 2026)).toBe(2016);
    expect(recordYear(null, 2026)).toBe(2026);
  });

  it('files a request no later than its round stopped receiving', () => {
    expect(filingDate(round2016, '2026-12-04')).toBe('2016-09-30');
    expect(filingDate({ year: 2016, submissionStart: null, submissionEnd: null }, '2026-12-04')).toBe('2016-12-31');
    expect(filingDate(round2016, '2016-07-01')).toBe('2016-07-01');
    expect(filingDate(null, '2026-12-04')).toBe('2026-12-04');
  });

  it('warns of a late request against the round\'s period, not today\'s clock, and never for a paper record', () => {
    // First applied in 2016, in a 2016 round worked through in 2026: not late.
    expect(filingWarning({ firstAppliedDate: '2016-02-01', round: round2016 }, '2026-12-04')).toBeNull();
    expect(filingWarning({ firstAppliedDate: '2016-02-01', round: null }, '2026-12-04')).toContain('đã quá một năm');
    expect(filingWarning({ firstAppliedDate: '2014-02-01', round: round2016 }, '2026-12-04')).toContain('30/09/2016');
    expect(filingWarning({ firstAppliedDate: '2014-02-01', round: round2016, paperRecord: true }, '2026-12-04')).toBeNull();
  });
});

describe('a submission without a round', () => {
  it('joins the only suitable open round; with none or several it waits', () => {
    expect(roundToJoin([{ id: 1 }])).toEqual({ id: 1 });
    expect(roundToJoin([])).toBeNull();
    expect(roundToJoin([{ id: 1 }, { id: 2 }])).toBeNull();
  });
});

describe('initiative codes', () => {
  it('are SK-YYYY-NNNN', () => {
    expect(formatInitiativeCode(2023, 7)).toBe('SK-2023-0007');
    expect(formatInitiativeCode(2026, 12345)).toBe('SK-2026-12345');
  });
});

describe('status transitions', () => {
  it('lets authors submit a draft or a returned initiative, and withdraw', () => {
    expect(canTransition(S.Draft, S.Submitted)).toBe(true);
    expect(canTransition(S.Returned, S.Submitted)).toBe(true);
    expect(canTransition(S.Submitted, S.Withdrawn)).toBe(true);
  });
  it('lets the council take it through review to a decision or back for revision', () => {
    expect(canTransition(S.Submitted, S.UnderReview)).toBe(true);
    expect(canTransition(S.UnderReview, S.Recognized)).toBe(true);
    expect(canTransition(S.UnderReview, S.NotRecognized)).toBe(true);
    expect(canTransition(S.UnderReview, S.Returned)).toBe(true);
  });
  it("lets the council's secretary find a filed initiative a duplicate, before a decision, and undo it back", () => {
    expect(canTransition(S.Submitted, S.Duplicate)).toBe(true);
    expect(canTransition(S.UnderReview, S.Duplicate)).toBe(true);
    expect(canTransition(S.Duplicate, S.UnderReview)).toBe(true);
    expect(canTransition(S.Duplicate, S.Submitted)).toBe(true);
    for (const from of [S.Draft, S.Returned, S.Recognized, S.NotRecognized, S.Withdrawn]) expect(canTransition(from, S.Duplicate)).toBe(false);
    expect(canTransition(S.Duplicate, S.Recognized)).toBe(false);
    expect(canTransition(S.Duplicate, S.Withdrawn)).toBe(false);
  });
  it('refuses everything else, with a message naming both statuses', () => {
    expect(canTransition(S.Draft, S.Recognized)).toBe(false);
    expect(canTransition(S.Submitted, S.Submitted)).toBe(false);
    expect(canTransition(S.Recognized, S.Withdrawn)).toBe(false);
    expect(transitionRefusal(S.Withdrawn, S.Submitted)).toBe('Không thể chuyển sáng kiến từ trạng thái "Đã rút" sang "Đã nộp".');
    expect(transitionRefusal(S.Draft, S.Submitted)).toBeNull();
  });
  it('ends in recognised, not recognised or withdrawn', () => {
    const finals = Object.entries(TRANSITIONS).filter(([, next]) => next.length === 0).map(([s]) => s);
    expect(finals.sort()).toEqual([S.NotRecognized, S.Recognized, S.Withdrawn].sort());
  });
});

describe('why a submission waits for a round', () => {
  it('records the reason on the timeline and reads it back for the queue', () => {
    const none = awaitingNote([], '2026-06-10');
    expect(none).toBe('Chờ Thư ký hội đồng đưa vào đợt xét: ngày nộp (10/06/2026) không có đợt xét nào của đơn vị đang nhận hồ sơ');
    expect(awaitingReason(`Nộp lần đầu. ${none}`)).toBe('Ngày nộp (10/06/2026) không có đợt xét nào của đơn vị đang nhận hồ sơ.');
    const several = awaitingNote([{ name: 'Đợt A' }, { name: 'Đợt B' }], '2026-06-10');
    expect(awaitingReason(several)).toBe('Ngày nộp (10/06/2026) có 2 đợt xét cùng nhận hồ sơ của đơn vị ("Đợt A"; "Đợt B"), hệ thống không tự chọn.');
  });
  it('reads the earlier wording, and says a submission without either came before submissions joined rounds', () => {
    expect(awaitingReason('Nộp lần đầu. Chờ Thư ký hội đồng đưa vào đợt xét (chưa có đợt xét phù hợp đang nhận hồ sơ)')).toContain('không có đúng một đợt xét');
    expect(awaitingReason('Nộp lần đầu')).toBe('Nộp trước khi hệ thống tự đưa sáng kiến vào đợt xét duy nhất đang nhận hồ sơ của đơn vị.');
    expect(awaitingReason(undefined)).toContain('Nộp trước khi');
  });
});

describe('records entered from the paper files', () => {
  it('go into a closed round, or a round of an earlier year, never one running this year', () => {
    expect(paperRoundRefusal({ name: 'Đợt 2016', year: 2016, status: 'open' }, 2026)).toBeNull();
    expect(paperRoundRefusal({ name: 'Đợt 2026 cũ', year: 2026, status: 'closed' }, 2026)).toBeNull();
    expect(paperRoundRefusal({ name: 'Đợt 2026', year: 2026, status: 'evaluating' }, 2026)).toContain('Đợt xét "Đợt 2026" đang diễn ra');
    expect(paperRoundRefusal({ name: 'Đợt 2026', year: 2026, status: 'open' }, 2026)).not.toBeNull();
    expect(paperRoundRefusal({ name: 'Đợt 2027', year: 2027, status: 'open' }, 2026)).not.toBeNull();
  });
  it('without a round, are of a year before this one', () => {
    expect(paperYearRefusal(2025, 2026)).toBeNull();
    expect(paperYearRefusal(2026, 2026)).toBe('Sáng kiến nhập từ hồ sơ giấy phải của năm trước năm 2026. Sáng kiến năm 2026 được nộp và xét trong hệ thống.');
    expect(paperYearRefusal(2030, 2026)).not.toBeNull();
  });
});

describe('the year of a round, against when the initiative and its unit began', () => {
  // First applied 01/08/2025, by a commune created on 01/07/2025 (the 2025 reorganisation).
  const start = { firstAppliedDate: '2025-08-01', unit: { name: 'UBND xã Vĩnh Hòa Thái', validFrom: '2025-07-01' } };

  it('refuses a round of a year before the first application, saying from which year rounds are possible', () => {
    expect(roundYearRefusal({ name: 'Đợt xét sáng kiến năm 2018', year: 2018 }, start)).toBe(
      'Đợt xét "Đợt xét sáng kiến năm 2018" là của năm 2018, trước năm 2025 (sáng kiến được áp dụng lần đầu ngày 01/08/2025; UBND xã Vĩnh Hòa Thái được thành lập ngày 01/07/2025). Chỉ đưa được sáng kiến vào đợt xét từ năm 2025 trở đi.',
    );
    expect(roundYearRefusal({ name: 'Đợt xét năm 2025', year: 2025 }, start)).toBeNull();
    expect(roundYearRefusal({ name: 'Đợt xét năm 2026', year: 2026 }, start)).toBeNull();
  });

  it("refuses a round of a year before its unit's start, whatever the first application says", () => {
    const older = { firstAppliedDate: '2024-02-01', unit: { name: 'UBND xã Vĩnh Hòa Thái', validFrom: '2025-07-01' } };
    expect(roundYearRefusal({ name: 'Đợt xét năm 2024', year: 2024 }, older)).toBe(
      'Đợt xét "Đợt xét năm 2024" là của năm 2024, trước năm 2025 (UBND xã Vĩnh Hòa Thái được thành lập ngày 01/07/2025). Chỉ đưa được sáng kiến vào đợt xét từ năm 2025 trở đi.',
    );
    expect(earliestYear(older)).toEqual({ year: 2025, field: 'unitId', why: 'UBND xã Vĩnh Hòa Thái được thành lập ngày 01/07/2025' });
  });

  it('says nothing without a first application date or a known start', () => {
    expect(roundYearRefusal({ name: 'Đợt 2016', year: 2016 }, { firstAppliedDate: null, unit: { name: 'Xã', validFrom: null } })).toBeNull();
    expect(earliestYear({ firstAppliedDate: null, unit: null })).toBeNull();
  });

  it('refuses a year typed (a record from the paper files) the same way', () => {
    expect(yearRefusal(2018, start)).toBe('Năm 2018 trước năm 2025 (sáng kiến được áp dụng lần đầu ngày 01/08/2025; UBND xã Vĩnh Hòa Thái được thành lập ngày 01/07/2025). Năm của sáng kiến phải từ năm 2025 trở đi.');
    expect(yearRefusal(2025, start)).toBeNull();
  });

  it('says why a submission did not join the one round receiving it', () => {
    const note = awaitingNote([], '2026-06-10', [{ name: 'Đợt xét năm 2018', why: 'Đợt xét "Đợt xét năm 2018" là của năm 2018, trước năm 2025 (…).' }]);
    expect(awaitingReason(`Nộp lần đầu. ${note}`)).toBe('Ngày nộp (10/06/2026) chỉ có đợt xét "Đợt xét năm 2018" đang nhận hồ sơ của đơn vị, nhưng không đưa sáng kiến vào được: Đợt xét "Đợt xét năm 2018" là của năm 2018, trước năm 2025 (…).');
  });
});

describe('what a submission needs', () => {
  it('lists the parts still empty (blank counts as empty), in the form\'s order', () => {
    expect(missingForSubmission({ problem: 'Có', solution: '  ', novelty: null, effects: 'Có', firstAppliedDate: null }).map((m) => m.key)).toEqual(['solution', 'novelty', 'firstAppliedDate']);
    expect(missingForSubmission({ problem: 'a', solution: 'b', novelty: 'c', effects: 'd', firstAppliedDate: '2026-01-01' })).toEqual([]);
  });
});
