import { mailText } from './mail-text';
import { decisionNoticeText, returnedNoticeText } from './outcome-text';

describe(decisionNoticeText.name, () => {
  it('announces a recognition by its decision’s number, date and level', () => {
    expect(decisionNoticeText({ title: 'Tờ rơi dịch vụ công', outcome: 'recognized', number: '15/QĐ-UBND', date: '2026-12-04', level: 'Cấp tỉnh' })).toBe(
      'Sáng kiến "Tờ rơi dịch vụ công" đã được công nhận theo Quyết định số 15/QĐ-UBND ngày 04/12/2026, phạm vi ảnh hưởng: Cấp tỉnh.',
    );
  });

  it('gives the reason of a refusal with its number, one full stop whatever was typed', () => {
    const typed = decisionNoticeText({ title: 'Sổ tay', outcome: 'not_recognized', number: '16/QĐ-UBND', date: '2026-12-05', reasons: 'Điểm trung bình dưới ngưỡng 70.' });
    expect(typed).toBe('Sáng kiến "Sổ tay" không được công nhận theo Quyết định số 16/QĐ-UBND ngày 05/12/2026. Lý do: Điểm trung bình dưới ngưỡng 70.');
    expect(typed).not.toContain('..');
    expect(decisionNoticeText({ title: 'Sổ tay', outcome: 'not_recognized', number: '16/QĐ-UBND', date: '2026-12-05', reasons: 'Chưa có hiệu quả' })).toMatch(/Lý do: Chưa có hiệu quả\.$/);
  });

  it('reads in the e-mail on its own lines, a reason typed on several lines kept on one', () => {
    const message = decisionNoticeText({ title: 'Sổ tay', outcome: 'not_recognized', number: '16/QĐ-UBND', date: '2026-12-05', reasons: 'Chưa mới;\nchưa áp dụng.' });
    expect(mailText`Kính gửi ${'A'},\n\n${message}\n`).toBe('Kính gửi A,\n\nSáng kiến "Sổ tay" không được công nhận theo Quyết định số 16/QĐ-UBND ngày 05/12/2026. Lý do: Chưa mới; chưa áp dụng.\n');
  });

  it('says what a returned initiative lacks', () => {
    expect(returnedNoticeText('Sổ tay', 'Bổ sung số liệu năm 2025.')).toBe('Sáng kiến "Sổ tay" được trả lại để bổ sung. Nội dung cần bổ sung: Bổ sung số liệu năm 2025.');
  });
});
