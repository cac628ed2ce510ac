import { citation, citationRefusal, citedDate, inForceIn } from './legal-basis-rules';

const decree = { docType: 'Nghị định', number: '13/2012/NĐ-CP', issuedOn: '2012-03-02', issuer: 'Chính phủ', title: 'ban hành Điều lệ Sáng kiến', validFrom: '2012-04-20', validTo: null };

describe('legal bases', () => {
  it('cites a document as a decision writes it, a law by its name', () => {
    expect(citedDate('2012-03-02')).toBe('02/3/2012');
    expect(citation(decree)).toBe('Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ ban hành Điều lệ Sáng kiến');
    expect(citation({ docType: 'Luật', number: '06/2022/QH15', issuedOn: '2022-06-15', issuer: 'Quốc hội', title: 'Thi đua, khen thưởng' })).toBe('Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022');
    expect(citation({ ...decree, issuer: '' })).toBe('Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 ban hành Điều lệ Sáng kiến');
  });

  it('is in force in the years from its first day to its last, and says why not otherwise', () => {
    const replaced = { ...decree, validFrom: '2018-01-01', validTo: '2025-06-30', number: '01/2018/QĐ-UBND', docType: 'Quyết định' };
    expect(inForceIn(decree, 2012)).toBe(true);
    expect(inForceIn(decree, 2011)).toBe(false);
    expect(inForceIn(replaced, 2025)).toBe(true);
    expect(inForceIn(replaced, 2026)).toBe(false);
    expect(citationRefusal(replaced, 2026)).toBe('Quyết định số 01/2018/QĐ-UBND hết hiệu lực từ 01/7/2025, trước năm 2026 của đợt xét.');
    expect(citationRefusal(replaced, 2017)).toBe('Quyết định số 01/2018/QĐ-UBND có hiệu lực từ 01/1/2018, sau năm 2017 của đợt xét.');
    expect(citationRefusal(decree, 2026)).toBeNull();
    // Without a first day in force, from the day it was issued.
    expect(inForceIn({ ...decree, validFrom: null }, 2012)).toBe(true);
  });
});
