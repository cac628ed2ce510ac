import { adoptionRates, AdoptionStatus as S, median, missingRecords, reportErrors } from './adoption-rules';

const today = '2026-11-24';

describe(reportErrors.name, () => {
  it('accepts every status with what it needs', () => {
    expect(reportErrors({ status: 'in_progress', adoptedDate: null, reason: null, explanation: '' }, today)).toEqual({});
    expect(reportErrors({ status: 'adopted', adoptedDate: '2023-05-02', reason: null, explanation: '' }, today)).toEqual({});
    expect(reportErrors({ status: 'not_adopted', adoptedDate: null, reason: 'no_budget', explanation: '' }, today)).toEqual({});
    expect(reportErrors({ status: 'not_adopted', adoptedDate: null, reason: 'other', explanation: 'Xã đang sáp nhập' }, today)).toEqual({});
  });
  it('requires the adoption date for adopted, not in the future', () => {
    expect(reportErrors({ status: 'adopted', adoptedDate: null, reason: null, explanation: '' }, today).adoptedDate).toBe('Vui lòng nhập ngày bắt đầu áp dụng.');
    expect(reportErrors({ status: 'adopted', adoptedDate: '2027-01-01', reason: null, explanation: '' }, today).adoptedDate).toContain('tương lai');
  });
  it('requires a reason from the list for not adopted, and an explanation for other', () => {
    expect(reportErrors({ status: 'not_adopted', adoptedDate: null, reason: null, explanation: '' }, today).reason).toBe('Vui lòng chọn lý do không áp dụng.');
    expect(reportErrors({ status: 'not_adopted', adoptedDate: null, reason: 'lazy', explanation: '' }, today).reason).toBeDefined();
    expect(reportErrors({ status: 'not_adopted', adoptedDate: null, reason: 'other', explanation: '  ' }, today).explanation).toContain('Lý do khác');
  });
  it('refuses an unknown status', () => {
    expect(reportErrors({ status: 'done', adoptedDate: null, reason: null, explanation: '' }, today).status).toBeDefined();
  });

  describe('the unit as it was', () => {
    // Vĩnh Thái ended on 30/06/2025, merged into Xã Vĩnh Thái Ô (in force from 01/07/2025).
    const vinhThai = { name: 'UBND xã Vĩnh Thái', validFrom: null, validTo: '2025-06-30', successors: ['Xã Vĩnh Thái Ô'] };
    const adopted = (adoptedDate: string) => ({ status: 'adopted', adoptedDate, reason: null, explanation: '' });

    it('refuses an adoption dated after its unit ended, naming the successor to report for; up to its last day it is taken, and other statuses whatever the day', () => {
      const message = reportErrors(adopted('2025-09-01'), today, vinhThai).adoptedDate;
      expect(message).toBe('UBND xã Vĩnh Thái đã kết thúc hoạt động ngày 30/06/2025, không ghi được ngày áp dụng sau ngày đó. Việc áp dụng từ 01/09/2025 vui lòng báo cáo cho đơn vị kế thừa: Xã Vĩnh Thái Ô.');
      expect(reportErrors(adopted('2025-06-30'), today, vinhThai)).toEqual({});
      expect(reportErrors({ status: 'not_adopted', adoptedDate: null, reason: 'no_budget', explanation: '' }, today, vinhThai)).toEqual({});
    });

    it('says so without a successor (a unit that ended without one)', () => {
      expect(reportErrors(adopted('2025-09-01'), today, { ...vinhThai, successors: [] }).adoptedDate).toBe('UBND xã Vĩnh Thái đã kết thúc hoạt động ngày 30/06/2025, không ghi được ngày áp dụng sau ngày đó.');
    });

    it('refuses an adoption dated before its unit existed', () => {
      const merged = { name: 'Xã Vĩnh Thái Ô', validFrom: '2025-07-01', validTo: null, successors: [] };
      expect(reportErrors(adopted('2023-05-10'), today, merged).adoptedDate).toBe('Xã Vĩnh Thái Ô được thành lập ngày 01/07/2025, ngày áp dụng không được trước ngày đó. Việc áp dụng trước đó thuộc về đơn vị cũ, báo cáo ở bản ghi của đơn vị đó.');
      expect(reportErrors(adopted('2025-07-01'), today, merged)).toEqual({});
    });
  });
});

describe(adoptionRates.name, () => {
  const cells = [
    { initiativeId: 1, unitId: 10, status: S.Adopted },
    { initiativeId: 1, unitId: 11, status: S.NotAdopted },
    { initiativeId: 1, unitId: 12, status: S.InProgress },
    { initiativeId: 2, unitId: 10, status: S.Adopted },
    { initiativeId: 2, unitId: 11, status: S.Adopted },
    { initiativeId: 2, unitId: 12, status: S.NotStarted },
  ];

  it('computes rates per initiative, per unit and overall', () => {
    const r = adoptionRates(cells);
    expect(r.rows.get(1)).toEqual({ adopted: 1, total: 3, rate: 33.3 });
    expect(r.rows.get(2)).toEqual({ adopted: 2, total: 3, rate: 66.7 });
    expect(r.columns.get(10)).toEqual({ adopted: 2, total: 2, rate: 100 });
    expect(r.columns.get(12)).toEqual({ adopted: 0, total: 2, rate: 0 });
    expect(r.overall).toEqual({ adopted: 3, total: 6, rate: 50 });
  });

  it('rolls merged units up into their successor, counting each pair once', () => {
    // Units 11 and 12 merged into 20 since the programme started.
    const r = adoptionRates(cells, (u) => (u === 11 || u === 12 ? 20 : u));
    expect(r.columns.get(20)).toEqual({ adopted: 1, total: 2, rate: 50 });
    expect(r.columns.has(11)).toBe(false);
    expect(r.rows.get(1)).toEqual({ adopted: 1, total: 2, rate: 50 });
    expect(r.overall).toEqual({ adopted: 3, total: 4, rate: 75 });
  });

  it('has no rate without records', () => {
    expect(adoptionRates([]).overall).toEqual({ adopted: 0, total: 0, rate: null });
  });
});

describe(missingRecords.name, () => {
  it('creates one record per initiative and unit, never twice', () => {
    expect(missingRecords([1, 2], [10, 11], [])).toHaveLength(4);
    expect(missingRecords([1, 2, 3], [10, 11], [{ initiativeId: 1, unitId: 10 }, { initiativeId: 1, unitId: 11 }, { initiativeId: 2, unitId: 10 }, { initiativeId: 2, unitId: 11 }])).toEqual([
      { initiativeId: 3, unitId: 10 },
      { initiativeId: 3, unitId: 11 },
    ]);
    expect(missingRecords([1, 1], [10, 10], [])).toEqual([{ initiativeId: 1, unitId: 10 }]);
  });
});

describe(median.name, () => {
  it('gives the middle value, or the mean of the two middle ones', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([10, 20, 30, 40])).toBe(25);
    expect(median([])).toBeNull();
  });
});
