import { signatureLines, signingErrors, signingFromTitle } from './signing';

describe('the signature block', () => {
  it('prints the head in their own name, a deputy for the head (KT.), a collective body (TM.), an acting head (Q.)', () => {
    expect(signatureLines({ mode: 'own', headTitle: 'Chủ tịch', signerTitle: '' })).toEqual(['CHỦ TỊCH']);
    expect(signatureLines({ mode: 'kt', headTitle: 'Chủ tịch', signerTitle: 'Phó  Chủ tịch' })).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(signatureLines({ mode: 'tm', headTitle: 'Ủy ban nhân dân', signerTitle: 'Chủ tịch' })).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
    expect(signatureLines({ mode: 'q', headTitle: 'Giám đốc', signerTitle: '' })).toEqual(['Q. GIÁM ĐỐC']);
  });

  it('reads a title typed before signing was structured', () => {
    expect(signingFromTitle('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', 'Trương Quang Vinh')).toEqual({ mode: 'kt', headTitle: 'CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', name: 'Trương Quang Vinh' });
    expect(signingFromTitle('TM. Ủy ban nhân dân\r\nChủ tịch')).toEqual({ mode: 'tm', headTitle: 'ỦY BAN NHÂN DÂN', signerTitle: 'CHỦ TỊCH', name: '' });
    expect(signingFromTitle('q. giám đốc')).toEqual({ mode: 'q', headTitle: 'GIÁM ĐỐC', signerTitle: '', name: '' });
    expect(signingFromTitle('CHỦ TỊCH')).toEqual({ mode: 'own', headTitle: 'CHỦ TỊCH', signerTitle: '', name: '' });
    // Read back, a block prints as it was typed.
    expect(signatureLines(signingFromTitle('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH'))).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
  });

  it('asks for what each way of signing needs, beside its field', () => {
    expect(signingErrors({ mode: 'own', headTitle: 'CHỦ TỊCH', signerTitle: '', name: 'A' })).toEqual({});
    expect(signingErrors({ mode: 'kt', headTitle: 'CHỦ TỊCH', signerTitle: ' ', name: 'A' })).toEqual({ signerTitle: 'Vui lòng nhập chức danh của cấp phó ký thay (ví dụ PHÓ CHỦ TỊCH).' });
    expect(signingErrors({ mode: 'tm', headTitle: '', signerTitle: '', name: '' })).toEqual({
      headTitle: 'Vui lòng nhập tên tập thể (ví dụ ỦY BAN NHÂN DÂN).',
      signerTitle: 'Vui lòng nhập chức danh của người ký thay mặt tập thể (ví dụ CHỦ TỊCH).',
      signerName: 'Vui lòng nhập họ tên người ký.',
    });
    expect(signingErrors({ mode: 'q', headTitle: '', signerTitle: '', name: 'A' })).toEqual({ headTitle: 'Vui lòng nhập chức danh người đứng đầu.' });
  });
});
