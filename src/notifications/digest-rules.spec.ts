import { digestDayStart, digestMessage, digestSince } from './digest-rules';

describe('the daily message of notices', () => {
  it('is due from 7:00 in Vietnam, not before', () => {
    // 06:59 on 07/12 in Vietnam (23:59Z the day before): nothing due yet; from 07:00 (00:00Z) that day's.
    expect(digestDayStart(new Date('2026-12-06T23:59:00Z'))).toBeNull();
    expect(digestDayStart(new Date('2026-12-07T00:00:00Z'))?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(digestDayStart(new Date('2026-12-07T16:59:00Z'))?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('covers the notices since the previous message, or the last day for a first one', () => {
    const start = new Date('2026-12-07T00:00:00Z');
    expect(digestSince(null, start).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    const previous = new Date('2026-12-05T00:03:00Z');
    expect(digestSince(previous, start)).toBe(previous);
  });

  it('lists each notice on one line with its link, and says how to change it', () => {
    const { subject, text } = digestMessage('Lý Văn Đức', [{ message: 'Phân công chấm\nSK-2026-0003', link: '/reviews/3', createdAt: new Date('2026-12-06T02:15:00Z') }], new Date('2026-12-07T00:00:00Z'), (l) => `https://sk.example${l}`);
    expect(subject).toBe('1 thông báo chưa đọc (thư tổng hợp ngày 07/12/2026)');
    expect(text).toContain('Kính gửi Lý Văn Đức,');
    expect(text).toContain('- 06/12/2026 09:15: Phân công chấm SK-2026-0003\n  Xem: https://sk.example/reviews/3');
    expect(text).toContain('Tất cả thông báo: https://sk.example/notifications');
  });
});
