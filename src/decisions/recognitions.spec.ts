import { InitiativeStatus, RecognitionLevel } from '../initiatives/initiative-status';
import { Initiative } from '../initiatives/initiative.entity';
import { Decision } from './decision.entity';
import { recognitionsOf } from './recognitions';

const initiative = (id: number, status: InitiativeStatus, authors: { userId: number | null; fullName: string; share: number }[]) =>
  ({ id, code: `SK-2022-000${id}`, title: `Sáng kiến ${id}`, year: 2022, status, unit: { name: 'UBND xã Vĩnh Hòa' }, authors }) as unknown as Initiative;
const decision = (initiativeId: number, outcome: 'recognized' | 'not_recognized', extra: Partial<Decision> = {}) =>
  ({ initiativeId, outcome, number: `${initiativeId}/QĐ-UBND`, date: '2022-12-20', level: RecognitionLevel.District, authorityUnitId: 7, paperRecord: false, snapshot: null, ...extra }) as Decision;

describe('a person\'s recognitions', () => {
  it('lists the recognised initiatives they wrote, with their share, the co-authors and the decision', () => {
    const authored = [
      initiative(1, InitiativeStatus.Recognized, [{ userId: 5, fullName: 'Ngô Thị Thanh Hà', share: 70 }, { userId: null, fullName: 'Võ Đức Hạnh', share: 30 }]),
      initiative(2, InitiativeStatus.NotRecognized, [{ userId: 5, fullName: 'Ngô Thị Thanh Hà', share: 100 }]),
      initiative(3, InitiativeStatus.UnderReview, [{ userId: 5, fullName: 'Ngô Thị Thanh Hà', share: 100 }]),
    ];
    const snapshot = JSON.stringify({ authority: { lines: ['ỦY BAN NHÂN DÂN', 'HUYỆN VĨNH LINH'], recipients: [], unitId: 7 }, signer: { mode: 'own', headTitle: '', signerTitle: '', name: '', lines: [] }, members: [] });
    const rows = recognitionsOf(5, authored, [decision(1, 'recognized', { snapshot }), decision(2, 'not_recognized')], (id) => (id === 7 ? 'UBND huyện Vĩnh Linh' : ''));
    expect(rows).toEqual([
      {
        id: 1, code: 'SK-2022-0001', title: 'Sáng kiến 1', year: 2022, unit: 'UBND xã Vĩnh Hòa', share: '70%', coAuthors: 'Võ Đức Hạnh',
        decisionNumber: '1/QĐ-UBND', decisionDate: '2022-12-20', authority: 'UBND huyện Vĩnh Linh', level: 'Cấp huyện', paperRecord: false, effect: '',
      },
    ]);
  });

  it('adds the effect and scope of influence recognised since, when a council has', () => {
    const authored = [initiative(1, InitiativeStatus.Recognized, [{ userId: 5, fullName: 'A', share: 100 }])];
    const rows = recognitionsOf(5, authored, [decision(1, 'recognized')], () => '', new Map([[1, { level: 'Cấp tỉnh', number: '45/QĐ-UBND', date: '2026-12-01' }]]));
    expect(rows[0].effect).toBe('Cấp tỉnh (QĐ 45/QĐ-UBND ngày 01/12/2026)');
  });

  it('names the authority by the heading its decision printed when no unit is recorded', () => {
    const snapshot = JSON.stringify({ authority: { lines: ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ'], recipients: [], unitId: null }, signer: { mode: 'own', headTitle: '', signerTitle: '', name: '', lines: [] }, members: [] });
    const rows = recognitionsOf(5, [initiative(1, InitiativeStatus.Recognized, [{ userId: 5, fullName: 'A', share: 100 }])], [decision(1, 'recognized', { authorityUnitId: null, snapshot })], () => '');
    expect(rows[0].authority).toBe('ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ');
  });
});
