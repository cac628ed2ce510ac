import { InitiativeStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { UnitKind } from '../units/unit-kinds';
import { effectDecisionErrors, EffectDecisionInput, itemRefusal, scopesFor, scopeWords } from './effect-rules';

const base: EffectDecisionInput = {
  outcome: 'recognized',
  level: RecognitionLevel.Province,
  scopeEvidence: '',
  reasons: '',
  votesFor: 4,
  votesAgainst: 1,
  votesAbstain: 0,
  councilSize: 5,
  meanTotal: 80,
  threshold: 70,
  voteRule: 'two_thirds',
  allowed: [RecognitionLevel.Unit, RecognitionLevel.Province, RecognitionLevel.National],
};

describe('scopesFor', () => {
  it('gives a province council the three scopes and any other council its own level alone', () => {
    expect(scopesFor(UnitKind.Province)).toEqual([RecognitionLevel.Unit, RecognitionLevel.Province, RecognitionLevel.National]);
    expect(scopesFor(UnitKind.Commune)).toEqual([RecognitionLevel.Unit]);
    expect(scopesFor(UnitKind.Department)).toEqual([RecognitionLevel.Unit]);
    expect(scopesFor(UnitKind.District)).toEqual([RecognitionLevel.District]);
    expect(scopesFor(null)).toEqual([RecognitionLevel.Unit, RecognitionLevel.Province, RecognitionLevel.National]);
  });
});

describe('itemRefusal', () => {
  it('takes a recognised initiative within reach, once', () => {
    expect(itemRefusal({ code: 'SK-2022-0005', status: InitiativeStatus.Recognized }, 'sk-2022-5', false, true)).toBeNull();
  });
  it('names what is wrong', () => {
    expect(itemRefusal(null, ' sk-9 ', false, true)).toContain('Không tìm thấy sáng kiến có mã "sk-9"');
    // Outside the organiser's units it is not found, whatever its status.
    expect(itemRefusal({ code: 'SK-2022-0006', status: InitiativeStatus.UnderReview }, 'sk-2022-6', false, false)).toContain('Không tìm thấy sáng kiến có mã "sk-2022-6"');
    expect(itemRefusal({ code: 'SK-2022-0005', status: InitiativeStatus.Recognized }, 'x', false, true, 'Đợt 2025')).toContain('đang chờ quyết định ở đợt xét "Đợt 2025"');
    expect(itemRefusal({ code: 'SK-2022-0006', status: InitiativeStatus.UnderReview }, 'x', false, true)).toContain('chưa được công nhận');
    expect(itemRefusal({ code: 'SK-2022-0005', status: InitiativeStatus.Recognized }, 'x', true, true)).toContain('đã có trong đợt xét');

  });
});

describe('effectDecisionErrors', () => {
  it('records a recognition with 4 of 5 for, a mean at the threshold and a scope the council gives', () => {
    expect(effectDecisionErrors(base)).toEqual({});
  });
  it('follows the round’s vote rule: 3 of 5 recognises under more than half, not under two thirds', () => {
    expect(effectDecisionErrors({ ...base, votesFor: 3, votesAgainst: 2 }).outcome).toContain('cần ít nhất 4 trên 5');
    expect(effectDecisionErrors({ ...base, votesFor: 3, votesAgainst: 2, voteRule: 'more_than_half' })).toEqual({});
  });
  it('refuses a mean under the threshold and takes one at it', () => {
    expect(effectDecisionErrors({ ...base, meanTotal: 69.5 }).outcome).toContain('thấp hơn ngưỡng 70');
    expect(effectDecisionErrors({ ...base, meanTotal: 70 })).toEqual({});
  });
  it('asks for a scope, and one this council may give', () => {
    expect(effectDecisionErrors({ ...base, level: '' }).level).toBe('Vui lòng chọn phạm vi ảnh hưởng được công nhận.');
    expect(effectDecisionErrors({ ...base, allowed: [RecognitionLevel.Unit] }).level).toBe('Hội đồng của đợt xét này chỉ công nhận phạm vi: Cấp cơ sở.');
  });
  it('takes toàn quốc only with the evidence from outside the province', () => {
    expect(effectDecisionErrors({ ...base, level: RecognitionLevel.National }).scopeEvidence).toContain('căn cứ ngoài tỉnh');
    expect(effectDecisionErrors({ ...base, level: RecognitionLevel.National, scopeEvidence: 'Bộ Nội vụ giới thiệu, 5 tỉnh khác đã áp dụng (văn bản 12/BNV).' })).toEqual({});
  });
  it('needs the reasons of a refusal, and no scope', () => {
    expect(effectDecisionErrors({ ...base, outcome: 'not_recognized', level: '' }).reasons).toBe('Quyết định không công nhận phải nêu rõ lý do.');
    expect(effectDecisionErrors({ ...base, outcome: 'not_recognized', level: '', reasons: 'Chưa đo được hiệu quả.' })).toEqual({});
    expect(effectDecisionErrors({ ...base, outcome: '' }).outcome).toBe('Vui lòng chọn kết quả.');
  });
  it('writes a scope in running text', () => {
    expect(scopeWords(RecognitionLevel.Province)).toBe('cấp tỉnh');
    expect(scopeWords(null)).toBe('');
  });
});
