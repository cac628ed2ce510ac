import { CheckForm, parseNumberVi, RequiredText } from './validation';

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
