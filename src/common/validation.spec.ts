import { CheckForm, EmailAddress, hasControlCharacters, oneLine, parseNumberVi, RequiredText } from './validation';

class NameForm {
  @RequiredText('tên sáng kiến', 10)
  title!: string;
}

describe(CheckForm.name, () => {
  it('hands the value and every message on instead of refusing the request', async () => {
    const pipe = new CheckForm(NameForm);
    const refused = await pipe.transform({ title: '   ' });
    expect(refused.errors).toEqual({ title: 'Vui lòng nhập tên sáng kiến.' });
    const tooLong = await pipe.transform({ title: 'Một tên quá dài' });
    expect(tooLong.errors).toEqual({ title: 'Tên sáng kiến không được dài quá 10 ký tự.' });
    const ok = await pipe.transform({ title: '  Tờ rơi ' });
    expect(ok.errors).toEqual({});
    expect(ok.value).toBeInstanceOf(NameForm);
    expect(ok.value.title).toBe('Tờ rơi');
  });
});

describe(parseNumberVi.name, () => {
  it('reads numbers as Vietnamese people write them', () => {
    expect(parseNumberVi('98,5')).toBe(98.5);
    expect(parseNumberVi('2.481')).toBe(2481);
    expect(parseNumberVi('1.234,5')).toBe(1234.5);
    expect(parseNumberVi('')).toBeNull();
    expect(parseNumberVi('abc')).toBeNaN();
  });
});

class ContactForm {
  @EmailAddress('thư điện tử')
  email?: string = '';
}

describe(EmailAddress.name, () => {
  const check = (email: string) => new CheckForm(ContactForm).transform({ email });
  const LINE_BREAK = 'Địa chỉ thư điện tử không được chứa ký tự xuống dòng hay ký tự điều khiển.';
  const INVALID = 'Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@vinhlinh.gov.vn).';

  it.each([
    ['"a\r\nb"@vinhlinh.gov.vn'],
    ['"thoa\nBcc: ai@vi.du"@vinhlinh.gov.vn'],
    ['"a\rb"@vinhlinh.gov.vn'],
    ['"a\tb"@vinhlinh.gov.vn'],
    ['"a\u0085b"@vinhlinh.gov.vn'],
    ['"a\u2028b"@vinhlinh.gov.vn'],
    ['thoa\r\n.vinhthai@vinhlinh.gov.vn'],
    ['thoa.vinhthai@vinh\nlinh.gov.vn'],
  ])('refuses %j: a line break or control character anywhere, a quoted local part too', async (email) => {
    expect((await check(email)).errors).toEqual({ email: LINE_BREAK });
  });

  it('refuses a malformed address with its own message', async () => {
    expect((await check('thoa.vinhthai@')).errors).toEqual({ email: INVALID });
  });

  it('takes a plain address and an empty field (it is optional), trimmed', async () => {
    expect(await check('  thoa.vinhthai@vinhlinh.gov.vn \r\n')).toMatchObject({ errors: {}, value: { email: 'thoa.vinhthai@vinhlinh.gov.vn' } });
    expect(await check('')).toMatchObject({ errors: {}, value: { email: '' } });
  });
});

describe(oneLine.name, () => {
  it('turns line breaks and other control characters into one space', () => {
    expect(oneLine('Nguyễn\r\nVăn A')).toBe('Nguyễn Văn A');
    expect(oneLine('Lê Thị  \n\n  Loan')).toBe('Lê Thị Loan');
    expect(oneLine('Tờ rơi\u2028dịch vụ công\ttrực tuyến\u0000')).toBe('Tờ rơi dịch vụ công trực tuyến ');
    expect(oneLine('UBND xã Vĩnh Hòa')).toBe('UBND xã Vĩnh Hòa');
  });
});

describe(hasControlCharacters.name, () => {
  it('finds C0, DEL, C1 and the Unicode line separators, not Vietnamese letters', () => {
    for (const c of ['\r', '\n', '\t', '\u0000', '\u007f', '\u0085', '\u2028', '\u2029']) expect(hasControlCharacters(`a${c}b`)).toBe(true);
    expect(hasControlCharacters('Đặng Thị Mai Hương')).toBe(false);
  });
});
