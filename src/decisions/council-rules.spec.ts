import { UnitKind } from '../units/unit-kinds';
import { authorityHeadingLines, authorityHeadingName, authorityLines, authorityName, dateLine, defaultSignerTitle, isOverdue, issuerHeading, missing, placeOf, tally } from './council-rules';

describe('council rules', () => {
  it('counts the members’ votes', () => {
    expect(tally([{ vote: 'for' }, { vote: 'for' }, { vote: 'against' }, { vote: 'abstain' }])).toEqual({ votesFor: 2, votesAgainst: 1, votesAbstain: 1 });
    expect(tally([])).toEqual({ votesFor: 0, votesAgainst: 0, votesAbstain: 0 });
  });


  it('counts missing sheets and votes, leaving out members in conflict and unassigned ones for sheets', () => {
    expect(
      missing([
        { conflict: null, sheet: 'submitted', voted: true },
        { conflict: null, sheet: 'draft', voted: false },
        { conflict: null, sheet: 'none', voted: true },
        { conflict: null, sheet: null, voted: false },
        { conflict: 'Là tác giả của sáng kiến', sheet: 'none', voted: false },
      ]),
    ).toEqual({ sheets: 2, votes: 2 });
  });

  it('is overdue only for decisions due after the round was entered, never for paper records', () => {
    expect(isOverdue('2016-11-30', '2026-12-01', '2026-12-04', false)).toBe(false);
    expect(isOverdue('2026-10-31', '2026-01-05', '2026-12-04', false)).toBe(true);
    expect(isOverdue('2026-10-31', '2026-01-05', '2026-12-04', true)).toBe(false);
    expect(isOverdue('2026-12-31', '2026-01-05', '2026-12-04', false)).toBe(false);
    expect(isOverdue(null, '2026-01-05', '2026-12-04', false)).toBe(false);
  });

  it('names the issuing authority from the organising unit, in capitals', () => {
    expect(authorityLines({ name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District })).toEqual(['UBND HUYỆN VĨNH LINH']);
    expect(authorityLines({ name: 'Huyện Phú Tân', kind: UnitKind.District })).toEqual(['UBND HUYỆN PHÚ TÂN']);
    expect(authorityLines({ name: 'Phú Tân', kind: UnitKind.District })).toEqual(['UBND HUYỆN PHÚ TÂN']);
    expect(authorityLines({ name: 'Ủy ban nhân dân xã Phú Mỹ Thuận', kind: UnitKind.Commune })).toEqual(['UBND XÃ PHÚ MỸ THUẬN']);
    expect(authorityLines({ name: 'Phòng Nội vụ', kind: UnitKind.Department, parent: { name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District } })).toEqual(['UBND HUYỆN VĨNH LINH', 'PHÒNG NỘI VỤ']);
    expect(authorityLines(null)).toEqual([]);
  });

  it('takes the place name of the date line from the unit', () => {
    expect(placeOf({ name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District })).toBe('Vĩnh Linh');
    expect(placeOf({ name: 'Huyện Phú Tân', kind: UnitKind.District })).toBe('Phú Tân');
    expect(placeOf({ name: 'UBND thị trấn Hồ Xá', kind: UnitKind.Commune })).toBe('Hồ Xá');
    expect(placeOf({ name: 'Phòng Tư pháp', kind: UnitKind.Department, parent: { name: 'Thị xã Quảng Trị', kind: UnitKind.District } })).toBe('Quảng Trị');
    expect(placeOf({ name: 'Trung tâm Y tế', kind: UnitKind.Agency })).toBe('');
    expect(dateLine('Vĩnh Linh', '2022-12-20')).toBe('Vĩnh Linh, ngày 20 tháng 12 năm 2022');
    expect(dateLine('', null)).toBe('…………, ngày …… tháng …… năm ……');
    expect(defaultSignerTitle({ name: 'UBND huyện Vĩnh Linh', kind: UnitKind.District })).toBe('CHỦ TỊCH');
  });

  it('names who issues a document: the office in the head’s name, then the authority spelled out', () => {
    expect(issuerHeading('CHỦ TỊCH', ['UBND HUYỆN VĨNH LINH'])).toBe('CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH');
    expect(issuerHeading('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', ['UBND HUYỆN VĨNH LINH'])).toBe('CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH');
    expect(issuerHeading('TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH', ['UBND XÃ VĨNH THÁI'])).toBe('ỦY BAN NHÂN DÂN XÃ VĨNH THÁI');
    expect(issuerHeading('Trưởng phòng', ['UBND HUYỆN VĨNH LINH', 'PHÒNG NỘI VỤ'])).toBe('TRƯỞNG PHÒNG NỘI VỤ');
    expect(issuerHeading('GIÁM ĐỐC', ['SỞ NỘI VỤ'])).toBe('GIÁM ĐỐC SỞ NỘI VỤ');
    expect(issuerHeading('', ['UBND HUYỆN PHÚ TÂN'])).toBe('ỦY BAN NHÂN DÂN HUYỆN PHÚ TÂN');
    expect(issuerHeading('CHỦ TỊCH', [])).toBe('CHỦ TỊCH');
    // Heading lines as the office prints them: the authority's own name may take two lines.
    expect(issuerHeading('CHỦ TỊCH', ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ'])).toBe('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ');
    expect(issuerHeading('GIÁM ĐỐC', ['UBND TỈNH QUẢNG TRỊ', 'SỞ NỘI VỤ'])).toBe('GIÁM ĐỐC SỞ NỘI VỤ');
    expect(authorityHeadingName(['ỦY BAN NHÂN DÂN', 'Đặc khu Cồn Cỏ'])).toBe('ỦY BAN NHÂN DÂN ĐẶC KHU CỒN CỎ');
  });

  it('names the authority in running text', () => {
    expect(authorityName({ name: 'Huyện Vĩnh Linh', kind: UnitKind.District })).toBe('Ủy ban nhân dân huyện Vĩnh Linh');
    expect(authorityName({ name: 'UBND huyện Phú Tân', kind: UnitKind.District })).toBe('Ủy ban nhân dân huyện Phú Tân');
    expect(authorityName({ name: 'Vĩnh Thái', kind: UnitKind.Commune })).toBe('Ủy ban nhân dân xã Vĩnh Thái');
    expect(authorityName({ name: 'Phòng Nội vụ', kind: UnitKind.Department })).toBe('Phòng Nội vụ');
    expect(authorityName(null)).toBe('');
  });
});

describe('authorityHeadingLines', () => {
  it('sets the authority’s own name in bold, the superior above it not', () => {
    expect(authorityHeadingLines(['UBND TỈNH QUẢNG TRỊ', 'SỞ NỘI VỤ'])).toEqual([
      { text: 'UBND TỈNH QUẢNG TRỊ', main: false },
      { text: 'SỞ NỘI VỤ', main: true },
    ]);
    expect(authorityHeadingLines(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ']).every((l) => l.main)).toBe(true);
  });
});
