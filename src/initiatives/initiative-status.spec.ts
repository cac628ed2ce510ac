import { LEVEL_LABELS, levelOfOrganiser, levelRefusal, levelsFor, RecognitionLevel } from './initiative-status';
import { UnitKind } from '../units/unit-kinds';

describe('recognition levels', () => {
  it('names the levels of the law, and keeps "Cấp huyện" for records of the district era', () => {
    expect(LEVEL_LABELS).toEqual({ unit: 'Cấp cơ sở', district: 'Cấp huyện', province: 'Cấp tỉnh', national: 'Toàn quốc' });
  });

  it('gives the level of the organiser: the province cấp tỉnh; a commune, ward, đặc khu, department or agency cấp cơ sở; a district of before cấp huyện', () => {
    expect(levelOfOrganiser(UnitKind.Province)).toBe(RecognitionLevel.Province);
    for (const kind of [UnitKind.Commune, UnitKind.Ward, UnitKind.SpecialZone, UnitKind.Department, UnitKind.Agency]) expect(levelOfOrganiser(kind)).toBe(RecognitionLevel.Unit);
    for (const kind of [UnitKind.District, UnitKind.UrbanDistrict, UnitKind.Town, UnitKind.ProvincialCity]) expect(levelOfOrganiser(kind)).toBe(RecognitionLevel.District);
    // A township or a district's office recognised for itself.
    expect(levelOfOrganiser(UnitKind.Township)).toBe(RecognitionLevel.Unit);
    expect(levelOfOrganiser(UnitKind.DistrictOffice)).toBe(RecognitionLevel.Unit);
    expect(levelOfOrganiser(null)).toBeNull();
    expect(levelOfOrganiser('unknown')).toBeNull();
  });

  it("offers a round's decision its organiser's level alone; a paper record also a national recognition", () => {
    expect(levelsFor(UnitKind.Province, { paper: false })).toEqual([RecognitionLevel.Province]);
    expect(levelsFor(UnitKind.Commune, { paper: false })).toEqual([RecognitionLevel.Unit]);
    expect(levelsFor(UnitKind.District, { paper: false, date: '2022-09-15' })).toEqual([RecognitionLevel.District]);
    expect(levelsFor(UnitKind.Province, { paper: true })).toEqual([RecognitionLevel.Province, RecognitionLevel.National]);
  });

  it('offers a round without an organiser the levels of its date: cấp huyện only up to 30/06/2025', () => {
    expect(levelsFor(null, { paper: false, date: '2025-06-30' })).toEqual([RecognitionLevel.Unit, RecognitionLevel.District, RecognitionLevel.Province, RecognitionLevel.National]);
    expect(levelsFor(null, { paper: false, date: '2025-07-01' })).toEqual([RecognitionLevel.Unit, RecognitionLevel.Province, RecognitionLevel.National]);
  });

  it('says why a level is refused, naming the organiser', () => {
    expect(levelRefusal(RecognitionLevel.Province, [RecognitionLevel.Unit], 'UBND xã Vĩnh Hòa')).toBe('Hội đồng do UBND xã Vĩnh Hòa tổ chức chỉ công nhận sáng kiến ở phạm vi Cấp cơ sở, không phải "Cấp tỉnh".');
    expect(levelRefusal(RecognitionLevel.District, [RecognitionLevel.Unit, RecognitionLevel.Province, RecognitionLevel.National], null)).toBe('Từ 01/07/2025 không còn phạm vi "Cấp huyện": hãy chọn Cấp cơ sở, Cấp tỉnh, Toàn quốc.');
    expect(levelRefusal(RecognitionLevel.Unit, [RecognitionLevel.Unit], 'UBND xã Vĩnh Hòa')).toBeNull();
  });
});
