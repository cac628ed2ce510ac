import { Initiative } from './initiative.entity';
import { InitiativeAuthor } from './initiative-author.entity';
import { snapshotChanges, snapshotOf } from './initiative-snapshot';

const base = () =>
  new Initiative({
    title: 'Mã QR tra cứu thủ tục',
    unitId: 1,
    fieldId: 2,
    problem: 'Khó tra cứu',
    solution: 'Niêm yết mã QR',
    novelty: '',
    conditions: '',
    applicability: '',
    effects: '',
    firstAppliedDate: '2026-03-15',
    investorName: '',
    stateFunded: false,
    participants: '',
    confidentialInfo: '',
    authors: [new InitiativeAuthor({ fullName: 'Võ Thị Thu', share: 100, birthDate: null, jobTitle: '', workplace: '', qualification: '' })],
    indicators: [],
  });

describe('revisions', () => {
  it('lists only the parts that changed, with their labels, in form order', () => {
    const before = snapshotOf(base());
    const edited = base();
    edited.solution = 'Niêm yết mã QR tại quầy và trên trang thông tin';
    edited.authors = [
      new InitiativeAuthor({ fullName: 'Võ Thị Thu', share: 60, birthDate: null, jobTitle: '', workplace: '', qualification: '' }),
      new InitiativeAuthor({ fullName: 'Lê Văn Nam', share: 40, birthDate: null, jobTitle: '', workplace: '', qualification: '' }),
    ];
    const changes = snapshotChanges(before, snapshotOf(edited));
    expect(changes.map((c) => c.label)).toEqual(['Nội dung giải pháp', 'Tác giả']);
    expect(changes[0]).toMatchObject({ before: 'Niêm yết mã QR', after: 'Niêm yết mã QR tại quầy và trên trang thông tin' });
    expect(changes[1].after).toContain('Lê Văn Nam — 40%');
  });

  it('finds nothing when nothing changed', () => {
    expect(snapshotChanges(snapshotOf(base()), snapshotOf(base()))).toEqual([]);
  });

  it('shows dates as dd/mm/yyyy', () => {
    expect(snapshotOf(base()).firstAppliedDate).toBe('15/03/2026');
  });
});
