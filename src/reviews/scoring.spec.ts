import { aggregate, bandLabel, decisionErrors, formatBands, parseBands, pointsErrors, sheetTotal } from './scoring';

const criteria = [
  { id: 1, name: 'Tính mới', maxPoints: 30, weight: null },
  { id: 2, name: 'Tính khoa học, khả thi', maxPoints: 20, weight: null },
  { id: 3, name: 'Khả năng áp dụng, nhân rộng', maxPoints: 20, weight: null },
  { id: 4, name: 'Hiệu quả', maxPoints: 30, weight: null },
];

describe('points', () => {
  it('accepts whole and half points within 0..max', () => {
    expect(pointsErrors(criteria, { 1: 27.5, 2: 0, 3: 20, 4: 30 }, true)).toEqual({});
  });
  it('refuses out-of-range, quarter points and missing points on submission', () => {
    const errors = pointsErrors(criteria, { 1: 31, 2: -1, 3: 12.25, 4: null }, true);
    expect(errors[1]).toBe('Tính mới: điểm phải từ 0 đến 30.');
    expect(errors[2]).toBe('Tính khoa học, khả thi: điểm phải từ 0 đến 20.');
    expect(errors[3]).toBe('Khả năng áp dụng, nhân rộng: chỉ cho điểm nguyên hoặc nửa điểm (ví dụ 25 hoặc 25,5).');
    expect(errors[4]).toBe('Vui lòng cho điểm tiêu chí "Hiệu quả".');
  });
  it('lets a draft leave points empty but still checks the typed ones', () => {
    expect(pointsErrors(criteria, { 1: 25 }, false)).toEqual({});
    expect(pointsErrors(criteria, { 1: 45 }, false)[1]).toBeDefined();
    expect(pointsErrors(criteria, { 1: NaN }, false)[1]).toBe('Tính mới: điểm phải là một số (ví dụ 8 hoặc 8,5).');
    expect(pointsErrors([{ id: 9, name: 'Thời gian', maxPoints: 7.5, weight: null }], { 9: 8 }, false)[9]).toBe('Thời gian: điểm phải từ 0 đến 7,5.');
  });
  it('totals with weights', () => {
    expect(sheetTotal(criteria, { 1: 27, 2: 15, 3: 18, 4: 25 })).toBe(85);
    expect(sheetTotal([{ id: 1, name: 'x', maxPoints: 10, weight: 2 }], { 1: 7.5 })).toBe(15);
  });
});

describe('bands', () => {
  it('reads and writes ranges with labels', () => {
    const bands = parseBands('27-30: hoàn toàn mới; 21–26: cải tiến tốt\n0: không có tính mới');
    expect(bands).toEqual([
      { min: 27, max: 30, label: 'hoàn toàn mới' },
      { min: 21, max: 26, label: 'cải tiến tốt' },
      { min: 0, max: 0, label: 'không có tính mới' },
    ]);
    expect(formatBands(bands)).toBe('27-30: hoàn toàn mới; 21-26: cải tiến tốt; 0: không có tính mới');
    expect(bandLabel(bands, 28.5)).toBe('hoàn toàn mới');
    expect(bandLabel(bands, 20)).toBeNull();
  });
  it('refuses unreadable bands', () => {
    expect(parseBands('rất mới')).toBeNull();
    expect(parseBands('30-27: ngược')).toBeNull();
    expect(parseBands('')).toEqual([]);
  });
});

describe(aggregate.name, () => {
  const sheet = (memberId: number, p: number[], conflict = false) => ({ memberId, conflict, points: { 1: p[0], 2: p[1], 3: p[2], 4: p[3] } });

  it('gives count, mean, min, max, spread and criterion means', () => {
    const s = aggregate(criteria, [sheet(1, [27, 15, 18, 25]), sheet(2, [25, 15, 15, 20]), sheet(3, [20, 10, 10, 20])], 70);
    expect(s).toMatchObject({ count: 3, mean: 73.33, min: 60, max: 85, thresholdMet: true, disagreement: false });
    expect(s.spread).toBeCloseTo(10.27, 2);
    expect(s.criterionMeans).toEqual({ 1: 24, 2: 13.33, 3: 14.33, 4: 21.67 });
  });

  it('never counts a member in conflict', () => {
    const s = aggregate(criteria, [sheet(1, [10, 5, 5, 10]), sheet(2, [30, 20, 20, 30], true)], 70);
    expect(s).toMatchObject({ count: 1, mean: 30, thresholdMet: false });
  });

  it('warns when members disagree strongly', () => {
    expect(aggregate(criteria, [sheet(1, [30, 20, 20, 30]), sheet(2, [10, 5, 5, 10])], 50).disagreement).toBe(true);
  });

  it('has no figures without sheets', () => {
    expect(aggregate(criteria, [sheet(1, [1, 1, 1, 1], true)], 70)).toMatchObject({ count: 0, mean: null, thresholdMet: false });
  });
});

describe(decisionErrors.name, () => {
  const base = { outcome: 'recognized' as const, votesFor: 5, votesAgainst: 1, votesAbstain: 1, councilSize: 7, meanTotal: 80, threshold: 70, reasons: '' };

  it('recognises with at least two thirds of the members for and the threshold met', () => {
    expect(decisionErrors(base)).toEqual({});
    expect(decisionErrors({ ...base, votesFor: 2, votesAgainst: 1, votesAbstain: 0, councilSize: 3 })).toEqual({});
  });
  it('refuses recognition with too few votes for, counting members not present', () => {
    expect(decisionErrors({ ...base, votesFor: 4, votesAgainst: 0, votesAbstain: 0 }).outcome).toBe(
      'Chưa đủ điều kiện công nhận: cần ít nhất 5 trên 7 thành viên hội đồng (2/3) đồng ý, hiện có 4.',
    );
  });
  it("counts by the round's vote rule: more than half recognises 4 of 7, and says the rule when short", () => {
    expect(decisionErrors({ ...base, votesFor: 4, votesAgainst: 3, votesAbstain: 0, voteRule: 'more_than_half' })).toEqual({});
    expect(decisionErrors({ ...base, votesFor: 3, votesAgainst: 4, votesAbstain: 0, voteRule: 'more_than_half' }).outcome).toBe(
      'Chưa đủ điều kiện công nhận: cần ít nhất 4 trên 7 thành viên hội đồng (quá 1/2) đồng ý, hiện có 3.',
    );
    expect(decisionErrors({ ...base, votesFor: 4, votesAgainst: 3, votesAbstain: 0, voteRule: 'two_thirds' }).outcome).toContain('cần ít nhất 5 trên 7');
  });
  it('refuses recognition below the score threshold or without sheets', () => {
    expect(decisionErrors({ ...base, meanTotal: 65.5 }).outcome).toContain('điểm trung bình 65,50 thấp hơn ngưỡng 70');
    expect(decisionErrors({ ...base, meanTotal: null }).outcome).toContain('Chưa có phiếu chấm');
  });
  it('requires reasons for not recognising', () => {
    expect(decisionErrors({ ...base, outcome: 'not_recognized', reasons: ' ' }).reasons).toBe('Quyết định không công nhận phải nêu rõ lý do.');
    expect(decisionErrors({ ...base, outcome: 'not_recognized', reasons: 'Chưa có tính mới' })).toEqual({});
  });
  it('refuses more votes than members, and negative votes', () => {
    expect(decisionErrors({ ...base, votesFor: 7, votesAgainst: 1 }).votesFor).toContain('vượt quá');
    expect(decisionErrors({ ...base, votesAgainst: -1 }).votesAgainst).toBeDefined();
  });
});

import { decisionDue } from '../decisions/decisions.service';

describe(decisionDue.name, () => {
  it('is three months after submissions close, clamped to the month end', () => {
    expect(decisionDue({ submissionEnd: '2022-09-30' })).toBe('2022-12-30');
    expect(decisionDue({ submissionEnd: '2025-11-30' })).toBe('2026-02-28');
    expect(decisionDue({ submissionEnd: null })).toBeNull();
    expect(decisionDue(null)).toBeNull();
  });
});
