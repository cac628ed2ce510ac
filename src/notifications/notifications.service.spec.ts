import { EntityManager, IsNull, Repository } from 'typeorm';
import { MailRecipient, MailService } from '../mail/mail.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Notification } from './notification.entity';
import { automock, fakeUnitOfWork, newTestService, provide, readsBy } from '../../test/utils/mocks';
import { UnitOfWork } from '../database/unit-of-work';
import { ReadCache } from '../database/read-cache';
import { NotificationsService, UNREAD_LINKS_KEPT } from './notifications.service';
import { InProcessJobs } from '../jobs/in-process-jobs';
import { Jobs } from '../jobs/jobs';
import { AppConfig } from '../config/app-config';

/**
 * The service, its notices' table mocked behind the unit of work, e-mail set up or not, a
 * real in-process job queue, and (`kept`) a real read cache, else one that keeps nothing.
 */
function setup({ mailEnabled = true, kept = false } = {}) {
  const notices = automock<Repository<Notification>>(Repository);
  notices.save.mockImplementation(async (n) => n as Notification);
  notices.find.mockResolvedValue([]);
  const manager = automock(EntityManager);
  manager.getRepository.mockReturnValue(notices as never);
  const uow = fakeUnitOfWork();
  uow.repository.mockReturnValue(notices);
  // A person's unread notices, by page, or whether one points to a page: hand-written SQL (unread: what it finds).
  const unread: Notification[] = [];
  const reads = readsBy(uow, (sql, p) => {
    const theirs = unread.filter((n) => n.userId === p.userId && n.readAt === null);
    if (sql.includes('"link" = :link')) return theirs.filter((n) => n.link === p.link).map(() => ({ unread: 1 }));
    if (sql.includes('GROUP BY "link"')) return [...new Set(theirs.map((n) => n.link))].map((link) => ({ link, n: theirs.filter((n) => n.link === link).length })).slice(0, UNREAD_LINKS_KEPT + 1);
    return [{ n: theirs.length }];
  });
  uow.write.mockImplementation((work) => work(manager));
  // Marks as read: on the manager of the test; their transaction ends with what they declared.
  uow.writeChanging.mockImplementation(async (what, work) => {
    if (uow.active) {
      uow.alsoChanges(...what);
      return work(manager);
    }
    return uow.run(async () => {
      uow.changes(...what);
      return work(manager);
    });
  });
  const jobs = new InProcessJobs(uow, 1);
  const config = automock(AppConfig);
  config.get.mockImplementation((key) => (key === 'mailRetries' ? 3 : undefined) as never);
  const t = newTestService(NotificationsService, [provide(UnitOfWork, uow), provide(Jobs, jobs), provide(AppConfig, config), ...(kept ? [provide(ReadCache, new ReadCache(uow, { ttlMs: 0 }))] : [])]);
  t.sut.onModuleInit();
  const mail = t.mock(MailService);
  jest.spyOn(mail, 'enabled', 'get').mockReturnValue(mailEnabled);
  mail.link.mockImplementation((path) => `https://sangkien.example.vn${path}`);
  mail.sendOne.mockResolvedValue('sent');
  const users = t.mock(UsersService);
  const people = (ids: number[]) => ids.filter((id) => id !== 3).map((id) => new User({ id, fullName: `Người ${id}`, email: id === 2 ? '' : `u${id}@example.vn`, emailDigest: id === 4 }));
  users.activeByIds.mockImplementation(async (ids) => people(ids));
  return { ...t, notices, manager, uow, mail, users, jobs, unread, reads };
}

/** Whether a promise has settled by the time queued work has run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe(NotificationsService.name, () => {
  describe('tell', () => {
    it('saves one unread notice per person told (each once), its message cut to the 500 characters its column holds', async () => {
      const { sut, notices } = setup({ mailEnabled: false });
      await sut.tell([4, 5, 4], 'assignment', 'x'.repeat(600), '/reviews/7');
      expect(notices.save).toHaveBeenCalledTimes(2);
      expect(notices.save.mock.calls.map(([n]) => n)).toEqual([
        new Notification({ userId: 4, kind: 'assignment', message: 'x'.repeat(500), link: '/reviews/7', readAt: null }),
        new Notification({ userId: 5, kind: 'assignment', message: 'x'.repeat(500), link: '/reviews/7', readAt: null }),
      ]);
    });

    it('without SMTP, says no e-mail is set up and sends or looks up nothing', async () => {
      const { sut, uow, mail, users } = setup({ mailEnabled: false });
      const told = await uow.run(() => sut.tell([4], 'decision', 'Đã công nhận', '/initiatives/1'));
      await expect(told.email).resolves.toEqual({ enabled: false, sent: 0, failed: 0 });
      expect(uow.afterCommit).not.toHaveBeenCalled();
      expect(users.activeByIds).not.toHaveBeenCalled();
      expect(mail.sendOne).not.toHaveBeenCalled();
    });

    it('tells no one: nothing saved, nothing sent', async () => {
      const { sut, notices, uow, mail } = setup();
      const told = await uow.run(() => sut.tell([], 'decision', 'Đã công nhận', '/initiatives/1'));
      await expect(told.email).resolves.toEqual({ enabled: true, sent: 0, failed: 0 });
      expect(notices.save).not.toHaveBeenCalled();
      expect(uow.afterCommit).not.toHaveBeenCalled();
      expect(mail.sendOne).not.toHaveBeenCalled();
    });

    it('queues one e-mail per active person with an address who takes notices one by one, sent only once the change has committed, counting into the progress it returned', async () => {
      const { sut, uow, mail } = setup();
      let told: Awaited<ReturnType<NotificationsService['tell']>> | undefined;
      await uow.run(async () => {
        told = await sut.tell([1, 2, 3, 4, 5], 'assignment', 'Bạn được phân công chấm', '/reviews/7');
        // Still inside the transaction: nothing has gone yet.
        expect(mail.sendOne).not.toHaveBeenCalled();
      });
      await expect(told!.email).resolves.toEqual({ enabled: true, sent: 2, failed: 0 });
      // Person 2 has no address, person 3 is not active, person 4 takes a daily message.
      expect(mail.sendOne.mock.calls.map(([r]) => r)).toEqual([
        { name: 'Người 1', email: 'u1@example.vn' },
        { name: 'Người 5', email: 'u5@example.vn' },
      ]);
      expect(mail.sendOne.mock.calls[0][1]).toBe('[Kho sáng kiến] Phân công chấm sáng kiến');
      expect(told!.progress).toEqual({ enabled: true, sent: 2, failed: 0 });
    });

    it('writes the message, on one line, and an absolute link into the body', async () => {
      const { sut, uow, mail } = setup();
      const told = await uow.run(() => sut.tell([1], 'returned', 'Sáng kiến "A\nB" cần bổ sung', '/initiatives/9'));
      await told.email;
      const body = mail.sendOne.mock.calls[0][2];
      const text = body({ name: 'Nguyễn Văn A', email: 'a@example.vn' } satisfies MailRecipient);
      expect(text).toContain('Kính gửi Nguyễn Văn A,');
      expect(text).toContain('Sáng kiến "A B" cần bổ sung');
      expect(text).toContain('Xem chi tiết: https://sangkien.example.vn/initiatives/9');
      expect(mail.sendOne.mock.calls[0][1]).toBe('[Kho sáng kiến] Sáng kiến được trả lại để bổ sung');
    });

    it('gives a kind without its own subject the general one', async () => {
      const { sut, uow, mail } = setup();
      await (await uow.run(() => sut.tell([1], 'something-new', 'Nội dung', '/'))).email;
      expect(mail.sendOne.mock.calls[0][1]).toBe('[Kho sáng kiến] Thông báo');
    });

    it('sends nothing when the change rolls back, and its e-mail outcome never comes', async () => {
      const { sut, uow, mail } = setup();
      let told: Awaited<ReturnType<NotificationsService['tell']>> | undefined;
      await expect(
        uow.run(async () => {
          told = await sut.tell([1], 'decision', 'Đã công nhận', '/initiatives/1');
          throw new Error('refused later in the same change');
        }),
      ).rejects.toThrow('refused later');
      expect(await settled(told!.email)).toBe(false);
      expect(mail.sendOne).not.toHaveBeenCalled();
    });

    it('counts a message the server refuses for good as failed, and tries again one it could not deliver, until it goes', async () => {
      const { sut, uow, mail, jobs } = setup();
      mail.sendOne.mockResolvedValueOnce('refused').mockRejectedValueOnce(new Error('no answer')).mockResolvedValueOnce('sent');
      const told = await uow.run(() => sut.tell([1, 5], 'decision', 'Đã công nhận', '/initiatives/1'));
      await expect(told.email).resolves.toEqual({ enabled: true, sent: 1, failed: 1 });
      // Person 1 refused (once), person 5 tried twice.
      expect(mail.sendOne.mock.calls.map(([r]) => r.email)).toEqual(['u1@example.vn', 'u5@example.vn', 'u5@example.vn']);
      await jobs.stop();
    });
  });

  describe('reads and marks', () => {
    it("lists a person's unread notices, newest first, 20 unless asked", async () => {
      const { sut, notices } = setup();
      await sut.unread(4);
      await sut.unread(4, 5);
      expect(notices.find).toHaveBeenNthCalledWith(1, { where: { userId: 4, readAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' }, take: 20 });
      expect(notices.find).toHaveBeenNthCalledWith(2, expect.objectContaining({ take: 5 }));
    });

    it("marks as read only that person's unread notices pointing to the page", async () => {
      const { sut, manager, unread, reads } = setup();
      // Another person's notice, and this person's on another page or already read: nothing to mark.
      unread.push(new Notification({ userId: 5, link: '/initiatives/1', readAt: null }), new Notification({ userId: 4, link: '/initiatives/2', readAt: null }), new Notification({ userId: 4, link: '/initiatives/1', readAt: new Date() }));
      expect(await sut.seen(4, '/initiatives/1')).toBeNull();
      expect(reads).toHaveBeenCalledWith(expect.stringContaining('"readAt" IS NULL'), { userId: 4 });
      unread.push(new Notification({ userId: 4, link: '/initiatives/1', readAt: null }));
      manager.update.mockResolvedValue({ affected: 1, raw: [], generatedMaps: [] });
      const before = Date.now();
      const started = await sut.seen(4, '/initiatives/1');
      await started?.marking;
      expect(manager.update).toHaveBeenCalledTimes(1);
      const [entity, where, values] = manager.update.mock.calls[0];
      expect(entity).toBe(Notification);
      expect(where).toEqual({ userId: 4, link: '/initiatives/1', readAt: IsNull() });
      expect((values as { readAt: Date }).readAt.getTime()).toBeGreaterThanOrEqual(before);
    });

    it('writes nothing when nothing is unread, and never makes the page wait for the write', async () => {
      const { sut, manager, uow, unread } = setup();
      expect(await sut.seen(4, '/initiatives/1')).toBeNull();
      expect(uow.write).not.toHaveBeenCalled();
      expect(uow.writeChanging).not.toHaveBeenCalled();

      unread.push(new Notification({ userId: 4, link: '/initiatives/1', readAt: null }));
      let finish: () => void = () => undefined;
      manager.update.mockReturnValue(new Promise((resolve) => (finish = () => resolve({ affected: 1, raw: [], generatedMaps: [] }))));
      const started = await sut.seen(4, '/initiatives/1');
      expect(started).not.toBeNull();
      expect(await settled(started!.marking)).toBe(false);
      finish();
      await started!.marking;
    });

    it('logs a failed mark instead of failing the page', async () => {
      const { sut, manager, unread } = setup();
      unread.push(new Notification({ userId: 4, link: '/initiatives/1', readAt: null }));
      manager.update.mockRejectedValue(new Error('database is locked'));
      const started = await sut.seen(4, '/initiatives/1');
      await expect(started!.marking).resolves.toBeUndefined();
    });
  });

  describe('kept until their notices change', () => {
    it("keeps a person's unread count and pages, and reads them again after a notice, a page seen or all marked read", async () => {
      const { sut, uow, unread, reads, manager } = setup({ kept: true, mailEnabled: false });
      manager.update.mockImplementation(async (_e, where) => {
        for (const n of unread) if (n.userId === (where as { userId: number }).userId && (!(where as { link?: string }).link || n.link === (where as { link?: string }).link)) n.readAt = new Date();
        return { affected: 1, raw: [], generatedMaps: [] };
      });
      unread.push(new Notification({ userId: 4, link: '/initiatives/1', readAt: null }), new Notification({ userId: 4, link: '/initiatives/1', readAt: null }));
      expect(await sut.countUnread(4)).toBe(2);
      expect(await sut.countUnread(4)).toBe(2);
      // A page no notice points to: nothing read, nothing written.
      expect(await sut.seen(4, '/reviews')).toBeNull();
      expect(reads).toHaveBeenCalledTimes(1);
      // Told in a transaction that declares what it changes: the person's notices are added to it.
      const told = uow.run(async () => {
        uow.changes('initiatives');
        unread.push(new Notification({ userId: 4, link: '/reviews', readAt: null }));
        return sut.tell([4], 'assignment', 'Bạn được giao chấm', '/reviews');
      });
      await told;
      expect(await sut.countUnread(4)).toBe(3);
      expect(reads).toHaveBeenCalledTimes(2);
      await (await sut.seen(4, '/initiatives/1'))?.marking;
      expect(uow.writeChanging).toHaveBeenLastCalledWith(['notices:4'], expect.any(Function));
      expect(await sut.countUnread(4)).toBe(1);
      await sut.markAllRead(4);
      expect(await sut.countUnread(4)).toBe(0);
      expect(reads).toHaveBeenCalledTimes(4);
    });

    it("keeps another person's notices when one person's change", async () => {
      const { sut, uow, unread, reads } = setup({ kept: true, mailEnabled: false });
      unread.push(new Notification({ userId: 5, link: '/reviews', readAt: null }));
      expect(await sut.countUnread(5)).toBe(1);
      await uow.run(async () => {
        uow.changes();
        await sut.tell([4], 'assignment', 'Bạn được giao chấm', '/reviews');
      });
      expect(await sut.countUnread(5)).toBe(1);
      expect(reads).toHaveBeenCalledTimes(1);
    });

    it('past the pages it keeps, counts them and asks for each page seen', async () => {
      const { sut, unread, reads } = setup({ kept: true });
      for (let i = 0; i <= UNREAD_LINKS_KEPT; i++) unread.push(new Notification({ userId: 4, link: `/initiatives/${i}`, readAt: null }));
      expect(await sut.countUnread(4)).toBe(UNREAD_LINKS_KEPT + 1);
      expect(await sut.seen(4, '/reviews')).toBeNull();
      expect(reads).toHaveBeenLastCalledWith(expect.stringContaining('"link" = :link'), { userId: 4, link: '/reviews' });
    });
  });
});
