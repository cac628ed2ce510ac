import { UnitKind } from '../units/unit-kinds';
import { isReceiving, organiserYearRefusal, reachesRound, receivingPeriodLabel, receivingRefusal, roundReach, roundTitle, secretaryOrganisers, servedAuthority } from './round-rules';

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

describe('who organises and manages a round', () => {
  const province = { id: 1, kind: UnitKind.Province, parentId: null };
  const department = { id: 2, kind: UnitKind.Department, parentId: 1 };
  const commune = { id: 3, kind: UnitKind.Commune, parentId: 1 };

  it('serves the authority above a department; a province or commune serves itself', () => {
    expect(servedAuthority(department)).toBe(1);
    expect(servedAuthority(province)).toBe(1);
    expect(servedAuthority(commune)).toBe(3);
    expect(servedAuthority({ id: 4, kind: UnitKind.Department, parentId: null })).toBe(4);
  });

  it("lets a department's secretary run the department's and the province's rounds, a commune's its own only", () => {
    expect(secretaryOrganisers(department)).toEqual([2, 1]);
    expect(secretaryOrganisers(commune)).toEqual([3]);
    expect(secretaryOrganisers(province)).toEqual([1]);
  });

  it("reaches every round for the system administrator, its scope's for a unit administrator, the organisers' for a secretary", () => {
    const system = roundReach({ system: true, unitAdminScope: null, secretaryOf: null });
    expect(reachesRound(system, 3)).toBe(true);
    expect(reachesRound(system, null)).toBe(true);
    const unitAdmin = roundReach({ system: false, unitAdminScope: [3, 30, 31], secretaryOf: null });
    expect(reachesRound(unitAdmin, 31)).toBe(true);
    expect(reachesRound(unitAdmin, 1)).toBe(false);
    expect(reachesRound(unitAdmin, null)).toBe(false);
    const provinceSecretary = roundReach({ system: false, unitAdminScope: null, secretaryOf: department });
    expect(reachesRound(provinceSecretary, 1)).toBe(true);
    // The commune's round is the commune's, even though the commune lies under the province.
    expect(reachesRound(provinceSecretary, 3)).toBe(false);
    expect(reachesRound(provinceSecretary, null)).toBe(true);
    const communeSecretary = roundReach({ system: false, unitAdminScope: null, secretaryOf: commune });
    expect(reachesRound(communeSecretary, 3)).toBe(true);
    expect(reachesRound(communeSecretary, 1)).toBe(false);
    expect(reachesRound(roundReach({ system: false, unitAdminScope: null, secretaryOf: null }), 3)).toBe(false);
  });

  it("reaches, for a secretary, the rounds of the units whose records the organisers keep (an abolished district's, merged communes'), not a unit admin's or others'", () => {
    // 9: an abolished district whose tasks went to the province (1); 7: a commune merged into 3.
    const archives = (id: number) => (id === 1 ? [9] : id === 3 ? [7] : []);
    const provinceSecretary = roundReach({ system: false, unitAdminScope: null, secretaryOf: department, archives });
    expect(reachesRound(provinceSecretary, 9)).toBe(true);
    expect(reachesRound(provinceSecretary, 7)).toBe(false);
    const communeSecretary = roundReach({ system: false, unitAdminScope: null, secretaryOf: commune, archives });
    expect(reachesRound(communeSecretary, 7)).toBe(true);
    expect(reachesRound(communeSecretary, 9)).toBe(false);
    expect(reachesRound(roundReach({ system: false, unitAdminScope: [3], secretaryOf: null, archives }), 7)).toBe(false);
  });

  it('lets a unit organise rounds of the years it existed only', () => {
    const district = { name: 'UBND huyện Vĩnh Linh', validFrom: null, validTo: '2025-06-30' };
    expect(organiserYearRefusal(district, 2025)).toBeNull();
    expect(organiserYearRefusal(district, 2019)).toBeNull();
    expect(organiserYearRefusal(district, 2026)).toBe('UBND huyện Vĩnh Linh đã chấm dứt hoạt động từ 01/07/2025: chỉ tổ chức được đợt xét đến năm 2025.');
    const commune = { name: 'UBND xã Vĩnh Hoàng', validFrom: '2025-07-01', validTo: null };
    expect(organiserYearRefusal(commune, 2025)).toBeNull();
    expect(organiserYearRefusal(commune, 2024)).toBe('UBND xã Vĩnh Hoàng được thành lập ngày 01/07/2025: chỉ tổ chức được đợt xét từ năm 2025.');
  });
});
