import { Logger } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import Mail from 'nodemailer/lib/mailer';
import { AppConfig } from '../config/app-config';
import { Settings, SmtpSettings } from '../config/settings';
import { MAIL_CONCURRENCY, MailRecipient, MailService } from './mail.service';
import { automock, newTestService, provide } from '../../test/utils/mocks';

jest.mock('nodemailer');

const smtp: SmtpSettings = { host: 'smtp.example.vn', port: 587, secure: false, user: 'sangkien', password: 'mat-khau', from: 'Kho sáng kiến <sangkien@example.vn>' };

/** The service built on these settings (only smtp and appUrl are read), with nodemailer's transport mocked. */
function setup(values: Pick<Settings, 'smtp' | 'appUrl'>) {
  const transport = automock(Mail);
  // sendMail's last overload is the callback one: the promise it returns is what the service awaits.
  transport.sendMail.mockImplementation(async () => ({}));
  // Mail defines close in its constructor, not on its prototype.
  transport.close = jest.fn();
  jest.mocked(createTransport).mockReturnValue(transport);
  const config = automock(AppConfig);
  config.get.mockImplementation((key) => {
    if (key !== 'smtp' && key !== 'appUrl') throw new Error(`the mail service read the setting ${key}`);
    return values[key];
  });
  const { sut } = newTestService(MailService, [provide(AppConfig, config)]);
  return { sut, transport };
}

const people: MailRecipient[] = [
  { name: 'Nguyễn Văn A', email: 'a@example.vn' },
  { name: 'Trần Thị B', email: 'b@example.vn' },
];
const body = (r: MailRecipient) => `Kính gửi ${r.name},`;

let warn: jest.SpyInstance;
beforeEach(() => {
  jest.mocked(createTransport).mockReset();
  warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe(MailService.name, () => {
  describe('without SMTP settings', () => {
    it('opens no transport, says it is off, and sends nothing', async () => {
      const { sut, transport } = setup({ smtp: null, appUrl: undefined });
      const text = jest.fn(body);
      expect(sut.enabled).toBe(false);
      await expect(sut.sendOne(people[0], 'Thông báo', text)).resolves.toBe('off');
      expect(createTransport).not.toHaveBeenCalled();
      expect(text).not.toHaveBeenCalled();
      expect(transport.sendMail).not.toHaveBeenCalled();
      expect(() => sut.onModuleDestroy()).not.toThrow();
    });

    it('links to a page by its path when no APP_URL is set, absolutely when one is', () => {
      expect(setup({ smtp: null, appUrl: undefined }).sut.link('/initiatives/3')).toBe('/initiatives/3');
      expect(setup({ smtp: null, appUrl: 'https://sangkien.example.vn' }).sut.link('/initiatives/3')).toBe('https://sangkien.example.vn/initiatives/3');
    });
  });

  describe('with SMTP settings', () => {
    it('opens the transport on them, with the login when a user is set and timeouts so a silent server cannot hold the sending', () => {
      setup({ smtp, appUrl: undefined });
      expect(createTransport).toHaveBeenCalledWith({
        host: 'smtp.example.vn',
        port: 587,
        secure: false,
        auth: { user: 'sangkien', pass: 'mat-khau' },
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      });
    });

    it('logs in to no server that asks for no user', () => {
      setup({ smtp: { ...smtp, user: undefined, password: undefined }, appUrl: undefined });
      expect(jest.mocked(createTransport).mock.calls[0][0]).toMatchObject({ auth: undefined });
    });

    it('sends one message to its recipient from the configured sender, addressed to them alone', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      expect(sut.enabled).toBe(true);
      await expect(sut.sendOne(people[0], 'Phân công chấm', body)).resolves.toBe('sent');
      expect(transport.sendMail).toHaveBeenCalledTimes(1);
      expect(transport.sendMail).toHaveBeenCalledWith({ from: smtp.from, to: { name: 'Nguyễn Văn A', address: 'a@example.vn' }, subject: 'Phân công chấm', text: 'Kính gửi Nguyễn Văn A,' });
    });

    it('puts the subject and the name on one line, in the header and in the body', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      await sut.sendOne({ name: ' Lê\r\nBcc: x@evil.vn ', email: 'c@example.vn' }, ' Nhắc\nbáo cáo ', body);
      expect(transport.sendMail).toHaveBeenCalledWith(expect.objectContaining({ to: { name: 'Lê Bcc: x@evil.vn', address: 'c@example.vn' }, subject: 'Nhắc báo cáo', text: 'Kính gửi Lê Bcc: x@evil.vn,' }));
    });

    it('writes to no address holding a control character: refused for good', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      await expect(sut.sendOne({ name: 'X', email: 'x@example.vn\r\nBcc: y@evil.vn' }, 'Thông báo', body)).resolves.toBe('refused');
      expect(transport.sendMail).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('control character'));
    });

    it('says refused, without throwing, when the server answers 5xx (the message can never go)', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      transport.sendMail.mockImplementationOnce(async () => {
        throw Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 });
      });
      await expect(sut.sendOne(people[0], 'Thông báo', body)).resolves.toBe('refused');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('550 mailbox unavailable'));
    });

    it('throws when the message may go later (no answer, 4xx), so that its job is tried again', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      transport.sendMail.mockImplementationOnce(async () => {
        throw Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' });
      });
      transport.sendMail.mockImplementationOnce(async () => {
        throw Object.assign(new Error('421 try again later'), { responseCode: 421 });
      });
      await expect(sut.sendOne(people[0], 'Thông báo', body)).rejects.toThrow('Greeting never received');
      await expect(sut.sendOne(people[1], 'Thông báo', body)).rejects.toThrow('421 try again later');
    });

    it(`sends at most ${MAIL_CONCURRENCY} messages at a time, the others in turn`, async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      let running = 0;
      let most = 0;
      transport.sendMail.mockImplementation(async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
      });
      const many = Array.from({ length: MAIL_CONCURRENCY * 2 + 1 }, (_, i) => ({ name: `N${i}`, email: `n${i}@example.vn` }));
      await expect(Promise.all(many.map((r) => sut.sendOne(r, 'Thông báo', body)))).resolves.toEqual(many.map(() => 'sent'));
      expect(most).toBe(MAIL_CONCURRENCY);
    });

    it('closes the transport when the application stops', () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      sut.onModuleDestroy();
      expect(transport.close).toHaveBeenCalledTimes(1);
    });
  });
});
