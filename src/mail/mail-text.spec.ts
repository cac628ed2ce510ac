import { mailText } from './mail-text';

describe(mailText.name, () => {
  it("keeps the template's own line breaks and puts each value on one line", () => {
    const name = 'Nguyễn\r\nVăn A';
    const message = 'Sáng kiến "Tờ rơi\ndịch vụ công" đã được áp dụng.';
    expect(mailText`Kính gửi ${name},\n\n${message}\n`).toBe('Kính gửi Nguyễn Văn A,\n\nSáng kiến "Tờ rơi dịch vụ công" đã được áp dụng.\n');
  });

  it('writes a missing value as nothing and a number as it is', () => {
    expect(mailText`${null}${undefined}(${3})`).toBe('(3)');
  });
});
