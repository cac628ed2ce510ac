import { CertificateDocument } from './council-documents';
import { DecisionsView } from './decisions.view';
import { dateWords, minutesNumber, sentence } from './document-text';

describe('document text', () => {
  it('closes a sentence once, whatever the typed text ends with', () => {
    expect(sentence('Kết luận: Không công nhận. Lý do: điểm trung bình dưới ngưỡng 70.')).toBe('Kết luận: Không công nhận. Lý do: điểm trung bình dưới ngưỡng 70.');
    expect(sentence('Lý do: điểm dưới ngưỡng 70')).toBe('Lý do: điểm dưới ngưỡng 70.');
    expect(sentence('Lý do: chưa rõ hiệu quả… ')).toBe('Lý do: chưa rõ hiệu quả…');
    expect(sentence('Có áp dụng không?')).toBe('Có áp dụng không?');
    expect(sentence('Công nhận (Quyết định số 12/QĐ-UBND)')).toBe('Công nhận (Quyết định số 12/QĐ-UBND).');
    expect(sentence('Lý do: “chưa mới.”')).toBe('Lý do: “chưa mới.”');
    expect(sentence('')).toBe('');
  });

  it('writes a date in words and the minutes’ number or its blank', () => {
    expect(dateWords('2022-12-05')).toBe('ngày 05 tháng 12 năm 2022');
    expect(minutesNumber('  01/BB-HĐSK ')).toBe('01/BB-HĐSK');
    expect(minutesNumber(null)).toBe('……/BB-HĐSK');
  });
});

describe('the certificate .docx', () => {
  it('takes the printable certificate’s model as it is (checked by the compiler)', () => {
    // GET /initiatives/:id/certificate.docx hands DecisionsView.certificate's model to certificateDocx.
    const fits = (model: Awaited<ReturnType<DecisionsView['certificate']>>): CertificateDocument => model;
    expect(typeof fits).toBe('function');
  });
});
