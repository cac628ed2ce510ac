import { Logger } from '@nestjs/common';
import { automock, fakeUnitOfWork, newTestService, provide } from '../../test/utils/mocks';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { InProcessJobs } from '../jobs/in-process-jobs';
import { Jobs } from '../jobs/jobs';
import { MailService } from '../mail/mail.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { DigestJob, NotificationDigest } from './notification-digest';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

/** 09:00 on 07/12/2026 in Vietnam; that day's message is due from 07:00 (00:00Z). */
const now = new Date('2026-12-07T02:00:00Z');
const dayStart = new Date('2026-12-07T00:00:00Z');
/** When yesterday's message was claimed. */
const yesterday = new Date('2026-12-06T00:03:00Z');

const person = (id: number, init: Partial<User> = {}) => new User({ id, fullName: `Người ${id}`, email: `u${id}@example.vn`, emailDigest: true, lastDigestAt: null, ...init });
const notice = (userId: number, message: string, createdAt: string, link: string) => new Notification({ userId, kind: 'assignment', message, link, createdAt: new Date(createdAt), readAt: null });

/** The job's data for a person claimed at `now`, their notices counted from `since`. */
const job = (userId: number, since: Date): DigestJob => ({ userId, since: since.toISOString(), until: now.toISOString(), dayStart: dayStart.toISOString() });

/** The queues of the tests, stopped after each so that no job outlives its test. */
const queues: InProcessJobs[] = [];
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

/**
 * The digest with a real in-process job queue on the fake unit of work (a job tried again at
 * once), the people who chose the daily message (all active), their unread notices by id,
 * and e-mail set up or not.
 */
function setup({ mailEnabled = true, mailRetries = 0, recipients = [person(1)], unread = {} as Record<number, Notification[]> } = {}) {
  // The queue logs a failed try; the tests say what they expect of it.
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const uow = fakeUnitOfWork();
  const jobs = new InProcessJobs(uow, 0);
  queues.push(jobs);
  const define = jest.spyOn(jobs, 'define');
  const schedule = jest.spyOn(jobs, 'schedule');
  const enqueue = jest.spyOn(jobs, 'enqueue');
  const config = automock(AppConfig);
  config.get.mockImplementation((key) => (key === 'mailRetries' ? mailRetries : undefined) as never);
  const t = newTestService(NotificationDigest, [provide(UnitOfWork, uow), provide(Jobs, jobs), provide(AppConfig, config)]);
  const mail = t.mock(MailService);
  jest.spyOn(mail, 'enabled', 'get').mockReturnValue(mailEnabled);
  mail.link.mockImplementation((path) => `https://sangkien.example.vn${path}`);
  mail.sendOne.mockResolvedValue('sent');
  const users = t.mock(UsersService);
  users.dailyDigestRecipients.mockResolvedValue(recipients);
  users.claimDigest.mockResolvedValue(true);
  users.activeByIds.mockImplementation(async (ids) => recipients.filter((r) => ids.includes(r.id)));
  const notifications = t.mock(NotificationsService);
  notifications.unreadSince.mockImplementation(async (userId) => unread[userId] ?? []);
  t.sut.onModuleInit();
  return { ...t, uow, define, schedule, enqueue, mail, users, notifications };
}

describe(NotificationDigest.name, () => {
  describe('at start', () => {
    it('defines its two jobs and schedules the look every ten minutes when mail is set up, the message tried again as any e-mail', () => {
      const { sut, define, schedule } = setup({ mailRetries: 3 });
      expect(define.mock.calls.map(([kind]) => kind)).toEqual([sut.look, sut.message]);
      expect(schedule).toHaveBeenCalledTimes(1);
      expect(schedule).toHaveBeenCalledWith(sut.look, '*/10 * * * *');
      expect(sut.message.retries).toBe(3);
      expect(sut.look.retries).toBe(0);
    });

    it('defines its jobs but schedules no look without SMTP', () => {
      const { sut, define, schedule } = setup({ mailEnabled: false });
      expect(define.mock.calls.map(([kind]) => kind)).toEqual([sut.look, sut.message]);
      expect(schedule).not.toHaveBeenCalled();
    });
  });

  describe('queueing the messages due', () => {
    const unread = { 1: [notice(1, 'Phân công chấm', '2026-12-06T03:00:00Z', '/reviews/3')] };

    it('finds nothing due before 07:00 Vietnam time: no one looked up, claimed, queued or mailed', async () => {
      const { sut, users, enqueue, mail } = setup({ unread });
      expect(await sut.run(new Date('2026-12-06T23:59:59Z'))).toBe(0); // 06:59:59 on 07/12 in Vietnam
      expect(users.dailyDigestRecipients).not.toHaveBeenCalled();
      expect(users.claimDigest).not.toHaveBeenCalled();
      expect(enqueue).not.toHaveBeenCalled();
      expect(mail.sendOne).not.toHaveBeenCalled();
    });

    it('without SMTP, looks up, claims and queues no one', async () => {
      const { sut, users, enqueue, mail } = setup({ mailEnabled: false, unread });
      expect(await sut.run(now)).toBe(0);
      expect(users.dailyDigestRecipients).not.toHaveBeenCalled();
      expect(users.claimDigest).not.toHaveBeenCalled();
      expect(enqueue).not.toHaveBeenCalled();
      expect(mail.sendOne).not.toHaveBeenCalled();
    });

    it('skips a person whose message was already claimed today (from 07:00 on), and claims one last sent before', async () => {
      const recipients = [person(1, { lastDigestAt: dayStart }), person(2, { lastDigestAt: new Date('2026-12-07T01:10:00Z') }), person(3, { lastDigestAt: yesterday })];
      const { sut, users, enqueue } = setup({ recipients });
      await sut.run(now);
      expect(users.claimDigest.mock.calls).toEqual([[3, dayStart, now]]);
      expect(enqueue.mock.calls.map(([, d]) => d)).toEqual([job(3, yesterday)]);
    });

    it('queues one job per person it claims, inside the transaction of the claim, and none for a person another instance claimed', async () => {
      const { sut, uow, users, enqueue } = setup({ recipients: [person(1), person(2, { lastDigestAt: yesterday }), person(3)] });
      const inTransaction: boolean[] = [];
      users.claimDigest.mockImplementation(async (userId) => {
        inTransaction.push(uow.active);
        return userId !== 3; // person 3's message was claimed by another instance
      });
      enqueue.mockImplementation(async () => {
        inTransaction.push(uow.active);
        return { id: 'j', outcome: async () => ({ ok: true, value: { sent: 0, failed: 0 } }) };
      });
      await sut.run(now);
      expect(users.claimDigest.mock.calls.map(([id]) => id)).toEqual([1, 2, 3]);
      // A first message covers the last day; a later one the notices since the previous.
      expect(enqueue.mock.calls).toEqual([
        [sut.message, job(1, new Date('2026-12-06T00:00:00Z'))],
        [sut.message, job(2, yesterday)],
      ]);
      expect(inTransaction).toEqual([true, true, true, true, true]);
      // The claim and the job change nothing any cache holds.
      expect(uow.changes.mock.calls).toEqual([[], [], []]);
    });

    it('the scheduled look queues the messages due at the moment it runs, and says how many', async () => {
      jest.useFakeTimers({ now, doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'nextTick', 'queueMicrotask'] });
      const { sut, users, enqueue } = setup({ recipients: [person(1), person(2), person(3)] });
      users.claimDigest.mockImplementation(async (userId) => userId !== 2);
      expect(await sut.look.run({})).toEqual({ queued: 2 });
      expect(users.claimDigest).toHaveBeenCalledWith(1, dayStart, now);
      expect(enqueue.mock.calls.map(([, d]) => (d as DigestJob).userId)).toEqual([1, 3]);
    });
  });

  describe('sending one message', () => {
    it("mails each person claimed one message listing their unread notices since their previous message (the last day for a first one) up to the claim, and counts it sent", async () => {
      const unread = {
        1: [notice(1, 'Phân công chấm\nSK-2026-0003', '2026-12-06T03:00:00Z', '/reviews/3'), notice(1, 'Sáng kiến được công nhận', '2026-12-06T09:30:00Z', '/initiatives/8')],
        2: [notice(2, 'Hạn báo cáo', '2026-12-06T05:00:00Z', '/replication/2')],
      };
      const { sut, mail, notifications } = setup({ recipients: [person(1), person(2, { lastDigestAt: yesterday })], unread });
      expect(await sut.run(now)).toBe(2);
      expect(notifications.unreadSince.mock.calls).toEqual([
        [1, new Date('2026-12-06T00:00:00Z'), now],
        [2, yesterday, now],
      ]);
      expect(mail.sendOne).toHaveBeenCalledTimes(2);
      const [recipient, subject, body] = mail.sendOne.mock.calls.find(([r]) => r.email === 'u1@example.vn')!;
      expect(recipient).toEqual({ name: 'Người 1', email: 'u1@example.vn' });
      expect(subject).toBe('[Kho sáng kiến] 2 thông báo chưa đọc (thư tổng hợp ngày 07/12/2026)');
      const text = body(recipient);
      expect(text).toContain('Kính gửi Người 1,');
      expect(text).toContain('- 06/12/2026 10:00: Phân công chấm SK-2026-0003\n  Xem: https://sangkien.example.vn/reviews/3\n- 06/12/2026 16:30: Sáng kiến được công nhận\n  Xem: https://sangkien.example.vn/initiatives/8');
      expect(text).not.toContain('Hạn báo cáo'); // person 2's notice
    });

    it('mails nobody who has no unread notices of the period', async () => {
      const { sut, mail, notifications } = setup({ recipients: [person(1), person(2)], unread: { 2: [notice(2, 'Hạn báo cáo', '2026-12-06T05:00:00Z', '/replication/2')] } });
      expect(await sut.run(now)).toBe(1);
      expect(notifications.unreadSince).toHaveBeenCalledWith(1, expect.any(Date), now);
      expect(mail.sendOne.mock.calls.map(([r]) => r.email)).toEqual(['u2@example.vn']);
      await expect(sut.message.run(job(1, yesterday))).resolves.toEqual({ sent: 0, failed: 0 });
    });

    it('mails no one who has since left, lost their address or stopped choosing the daily message, nor reads their notices', async () => {
      const unread = { 1: [notice(1, 'Phân công chấm', '2026-12-06T03:00:00Z', '/reviews/3')], 2: [notice(2, 'x', '2026-12-06T03:00:00Z', '/')] };
      const { sut, users, mail, notifications } = setup({ recipients: [person(1, { email: '' }), person(2, { emailDigest: false })], unread });
      users.activeByIds.mockResolvedValueOnce([]); // person 3: no longer active
      await expect(sut.message.run(job(3, yesterday))).resolves.toEqual({ sent: 0, failed: 0 });
      await expect(sut.message.run(job(1, yesterday))).resolves.toEqual({ sent: 0, failed: 0 });
      await expect(sut.message.run(job(2, yesterday))).resolves.toEqual({ sent: 0, failed: 0 });
      expect(users.activeByIds.mock.calls).toEqual([[[3]], [[1]], [[2]]]);
      expect(notifications.unreadSince).not.toHaveBeenCalled();
      expect(mail.sendOne).not.toHaveBeenCalled();
    });

    it('counts a message the server refuses for good as failed, not sent', async () => {
      const { sut, mail } = setup({ unread: { 1: [notice(1, 'Phân công chấm', '2026-12-06T03:00:00Z', '/reviews/3')] } });
      mail.sendOne.mockResolvedValue('refused');
      await expect(sut.message.run(job(1, yesterday))).resolves.toEqual({ sent: 0, failed: 1 });
      expect(await sut.run(now)).toBe(0);
      expect(mail.sendOne).toHaveBeenCalledTimes(2);
    });

    it('throws when the mail server does not answer, so that the queue tries the message again until it goes', async () => {
      const { sut, mail } = setup({ mailRetries: 2, unread: { 1: [notice(1, 'Phân công chấm', '2026-12-06T03:00:00Z', '/reviews/3')] } });
      mail.sendOne.mockRejectedValueOnce(new Error('no answer'));
      await expect(sut.message.run(job(1, yesterday))).rejects.toThrow('no answer');
      mail.sendOne.mockReset();
      mail.sendOne.mockRejectedValueOnce(new Error('no answer')).mockResolvedValueOnce('sent');
      expect(await sut.run(now)).toBe(1);
      expect(mail.sendOne.mock.calls.map(([r]) => r.email)).toEqual(['u1@example.vn', 'u1@example.vn']);
    });

    it('counts nothing sent once every try has failed', async () => {
      const { sut, mail } = setup({ mailRetries: 1, unread: { 1: [notice(1, 'Phân công chấm', '2026-12-06T03:00:00Z', '/reviews/3')] } });
      mail.sendOne.mockRejectedValue(new Error('no answer'));
      expect(await sut.run(now)).toBe(0);
      expect(mail.sendOne).toHaveBeenCalledTimes(2);
    });
  });
});
