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
      await expect(sut.send(people, 'Thông báo', text)).resolves.toEqual({ enabled: false, sent: 0, failed: 0 });
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

    it('sends one message per recipient from the configured sender, each addressed to them alone', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      expect(sut.enabled).toBe(true);
      await expect(sut.send(people, 'Phân công chấm', body)).resolves.toEqual({ enabled: true, sent: 2, failed: 0 });
      expect(transport.sendMail).toHaveBeenCalledTimes(2);
      expect(transport.sendMail).toHaveBeenCalledWith({ from: smtp.from, to: { name: 'Nguyễn Văn A', address: 'a@example.vn' }, subject: 'Phân công chấm', text: 'Kính gửi Nguyễn Văn A,' });
      expect(transport.sendMail).toHaveBeenCalledWith({ from: smtp.from, to: { name: 'Trần Thị B', address: 'b@example.vn' }, subject: 'Phân công chấm', text: 'Kính gửi Trần Thị B,' });
    });

    it('puts the subject and the names on one line, in the header and in the body', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      await sut.send([{ name: ' Lê\r\nBcc: x@evil.vn ', email: 'c@example.vn' }], ' Nhắc\nbáo cáo ', body);
      expect(transport.sendMail).toHaveBeenCalledWith(expect.objectContaining({ to: { name: 'Lê Bcc: x@evil.vn', address: 'c@example.vn' }, subject: 'Nhắc báo cáo', text: 'Kính gửi Lê Bcc: x@evil.vn,' }));
    });

    it('writes to no address holding a control character, counting it as failed', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      const outcome = await sut.send([{ name: 'X', email: 'x@example.vn\r\nBcc: y@evil.vn' }, people[0]], 'Thông báo', body);
      expect(outcome).toEqual({ enabled: true, sent: 1, failed: 1 });
      expect(transport.sendMail).toHaveBeenCalledTimes(1);
      expect(transport.sendMail).toHaveBeenCalledWith(expect.objectContaining({ to: { name: 'Nguyễn Văn A', address: 'a@example.vn' } }));
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('control character'));
    });

    it('counts and logs a message the server refuses, without throwing or stopping the others', async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      transport.sendMail.mockImplementationOnce(async () => {
        throw new Error('550 mailbox unavailable');
      });
      await expect(sut.send(people, 'Thông báo', body)).resolves.toEqual({ enabled: true, sent: 1, failed: 1 });
      expect(transport.sendMail).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('550 mailbox unavailable'));
    });

    it("counts into the caller's progress as it goes, and returns a copy of the outcome", async () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      const progress = { enabled: false, sent: 0, failed: 0 };
      let answerB = () => {};
      transport.sendMail.mockImplementation(async (options) => {
        if ((options.to as { address: string }).address === 'b@example.vn') await new Promise<void>((resolve) => (answerB = resolve));
      });
      const sending = sut.send(people, 'Thông báo', body, progress);
      await new Promise((resolve) => setImmediate(resolve));
      // A has gone, B's server has not answered yet: the caller can already tell.
      expect(progress).toEqual({ enabled: true, sent: 1, failed: 0 });
      answerB();
      const outcome = await sending;
      expect(progress).toEqual({ enabled: true, sent: 2, failed: 0 });
      expect(outcome).toEqual(progress);
      expect(outcome).not.toBe(progress);
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
      await expect(sut.send(many, 'Thông báo', body)).resolves.toEqual({ enabled: true, sent: many.length, failed: 0 });
      expect(most).toBe(MAIL_CONCURRENCY);
    });

    it('closes the transport when the application stops', () => {
      const { sut, transport } = setup({ smtp, appUrl: undefined });
      sut.onModuleDestroy();
      expect(transport.close).toHaveBeenCalledTimes(1);
    });
  });
});
