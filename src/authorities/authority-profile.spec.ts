import { versionOn } from './authorities.service';
import { article3, blankNumber, linesOf } from './authority-profile';
import { AuthorityProfile } from './authority-profile.entity';

describe('authority profiles', () => {
  it('takes the version in force on a day: the latest from that day or before, none before the first', () => {
    const versions = ['2026-01-01', '2025-07-01', '2019-01-01'].map((validFrom) => new AuthorityProfile({ validFrom }));
    expect(versionOn(versions, '2026-03-01')?.validFrom).toBe('2026-01-01');
    expect(versionOn(versions, '2026-01-01')?.validFrom).toBe('2026-01-01');
    expect(versionOn(versions, '2025-12-31')?.validFrom).toBe('2025-07-01');
    expect(versionOn(versions, '2018-12-31')).toBeNull();
    expect(versionOn([], '2026-01-01')).toBeNull();
  });

  it('reads typed lines, trimmed, blank ones dropped', () => {
    expect(linesOf('  ỦY BAN NHÂN DÂN \r\n\n TỈNH   QUẢNG TRỊ\n')).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG TRỊ']);
    expect(linesOf('')).toEqual([]);
  });

  it('names who carries out a decision, the authors always last, and numbers a draft with the symbol', () => {
    expect(article3(['Chánh Văn phòng Ủy ban nhân dân tỉnh;', 'Giám đốc Sở Nội vụ'])).toBe(
      'Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, các tác giả có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.',
    );
    expect(article3([])).toContain('ký. Các tác giả có tên tại Điều 1 chịu trách nhiệm');
    expect(blankNumber('QĐ-SNV')).toBe('……/QĐ-SNV');
    expect(blankNumber('')).toBe('……/QĐ');
  });
});
