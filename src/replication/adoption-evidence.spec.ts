import { RecognitionLevel } from '../initiatives/initiative-status';
import { UnitKind } from '../units/unit-kinds';
import { adoptionEvidence, EvidenceRecord, proposeScope, publicProgress } from './adoption-evidence';
import { AdoptionStatus, NotAdoptedReason } from './adoption-rules';

const record = (unitId: number, status: AdoptionStatus, extra: Partial<EvidenceRecord> = {}): EvidenceRecord => ({
  unitId,
  unitName: `UBND xã ${unitId}`,
  unitKind: UnitKind.Commune,
  reportedAs: `UBND xã ${unitId}`,
  programme: 'Kế hoạch 2023',
  status,
  adoptedDate: null,
  reason: null,
  explanation: '',
  indicators: null,
  ...extra,
});

describe('the evidence of adoption', () => {
  it('counts each unit of today once, with its first date and every programme, by kind; sums the indicators reported both ways', () => {
    const e = adoptionEvidence(
      [
        record(1, AdoptionStatus.Adopted, { adoptedDate: '2024-03-01', indicators: [{ name: 'Hồ sơ trực tuyến', unitOfMeasure: 'hồ sơ/tháng', before: 10, after: 40 }] }),
        // The same commune (a merged one counted under its successor) through a later programme.
        record(1, AdoptionStatus.Adopted, { adoptedDate: '2023-09-15', programme: 'Kế hoạch 2024', reportedAs: 'UBND xã Cũ (nay thuộc UBND xã 1)', indicators: [{ name: 'Hồ sơ trực tuyến', unitOfMeasure: 'hồ sơ/tháng', before: null, after: 12 }] }),
        record(2, AdoptionStatus.Adopted, { adoptedDate: '2024-01-10', unitKind: UnitKind.Ward, unitName: 'UBND phường Đông Hà', reportedAs: 'UBND phường Đông Hà', indicators: [{ name: 'Hồ sơ trực tuyến', unitOfMeasure: 'hồ sơ/tháng', before: 20, after: 50 }] }),
        record(3, AdoptionStatus.Adopted, { unitKind: UnitKind.Department, unitName: 'Sở Nội vụ', reportedAs: 'Sở Nội vụ' }),
        record(4, AdoptionStatus.NotAdopted, { reason: NotAdoptedReason.NoBudget, explanation: 'Chưa bố trí kinh phí in mã QR' }),
        record(5, AdoptionStatus.InProgress),
        record(6, AdoptionStatus.NotStarted),
      ],
      100,
    );
    expect(e.adopted.map((a) => [a.unit, a.date, a.programmes, a.reportedAs])).toEqual([
      ['UBND xã 1', '2023-09-15', ['Kế hoạch 2023', 'Kế hoạch 2024'], ['UBND xã Cũ (nay thuộc UBND xã 1)']],
      ['UBND phường Đông Hà', '2024-01-10', ['Kế hoạch 2023'], []],
      ['Sở Nội vụ', null, ['Kế hoạch 2023'], []],
    ]);
    expect(e.byKind).toEqual([{ kind: 'Xã', count: 1 }, { kind: 'Phường', count: 1 }, { kind: 'Sở, ban, ngành', count: 1 }]);
    expect(e.declined).toEqual([{ unit: 'UBND xã 4', reason: 'Thiếu kinh phí', explanation: 'Chưa bố trí kinh phí in mã QR' }]);
    expect(e.inProgress).toBe(1);
    expect(e.indicators).toEqual([{ name: 'Hồ sơ trực tuyến', unitOfMeasure: 'hồ sơ/tháng', units: 2, before: 30, after: 90 }]);
    expect(e.communesAdopted).toBe(2);
    expect(e.proposal).toEqual({ level: RecognitionLevel.Unit, reason: 'Áp dụng tại 3 đơn vị, trong đó 2/100 xã, phường, đặc khu (2%): đề xuất cấp cơ sở (cấp tỉnh khi ≥ 10 đơn vị hoặc ≥ 20% số xã, phường, đặc khu áp dụng).' });
  });

  it('leaves out of the declined a unit that adopted through another programme', () => {
    const e = adoptionEvidence([record(1, AdoptionStatus.NotAdopted, { reason: NotAdoptedReason.Other }), record(1, AdoptionStatus.Adopted)], 10);
    expect(e.declined).toEqual([]);
  });

  it('suggests cấp tỉnh from enough units or enough of the communes, never toàn quốc; nothing without adoption', () => {
    const rule = { units: 10, communeShare: 20 };
    expect(proposeScope(10, 0, 100, rule).level).toBe(RecognitionLevel.Province);
    expect(proposeScope(4, 4, 20, rule).level).toBe(RecognitionLevel.Province);
    expect(proposeScope(3, 3, 20, rule).level).toBe(RecognitionLevel.Unit);
    expect(proposeScope(500, 100, 100, rule).level).not.toBe(RecognitionLevel.National);
    expect(proposeScope(0, 0, 100, rule)).toEqual({ level: null, reason: 'Chưa đơn vị nào báo cáo đã áp dụng: chưa có căn cứ đề xuất phạm vi ảnh hưởng (cấp tỉnh khi ≥ 10 đơn vị hoặc ≥ 20% số xã, phường, đặc khu áp dụng).' });
    expect(proposeScope(2, 2, 0, rule).level).toBe(RecognitionLevel.Unit);
  });
});

describe('the public progress of replication', () => {
  it('counts units of today from the evidence and, per programme, its records and those adopted — nothing of reasons', () => {
    const evidence = adoptionEvidence([], 10);
    const p = { title: 'Kế hoạch 2023', decisionNumber: '12/KH-UBND', decisionDate: '2023-02-01', reportDeadline: '2023-11-30' };
    const q = { title: 'Kế hoạch 2026', decisionNumber: '', decisionDate: null, reportDeadline: null };
    const progress = publicProgress(
      { ...evidence, adopted: [{ unitId: 1, unit: 'UBND xã A', kind: 'Xã', date: null, programmes: [], reportedAs: [] }], byKind: [{ kind: 'Xã', count: 1 }], inProgress: 1 },
      [
        { programmeId: 7, status: AdoptionStatus.Adopted, programme: p },
        { programmeId: 7, status: AdoptionStatus.Adopted, programme: p },
        { programmeId: 7, status: AdoptionStatus.NotAdopted, programme: p },
        { programmeId: 9, status: AdoptionStatus.InProgress, programme: q },
      ],
    );
    expect(progress).toEqual({
      adopted: 1,
      byKind: [{ kind: 'Xã', count: 1 }],
      inProgress: 1,
      programmes: [
        { ...p, targets: 3, adopted: 2 },
        { ...q, targets: 1, adopted: 0 },
      ],
    });
  });
});
