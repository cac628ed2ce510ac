import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Between, IsNull } from 'typeorm';
import { noticesChange } from '../database/data-changes';
import { rawQuery } from '../database/raw-query';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { JobKind, Jobs, JobTicket } from '../jobs/jobs';
import { AppConfig } from '../config/app-config';
import { MAIL_CONCURRENCY, MailOutcome, MailService } from '../mail/mail.service';
import { UsersService } from '../users/users.service';
import { Notification } from './notification.entity';
import { mailText } from '../mail/mail-text';

export type { MailOutcome } from '../mail/mail.service';

/** The subject of the e-mail that goes with each kind of notice. */
export const NOTICE_SUBJECTS: Record<string, string> = {
  assignment: 'Phân công chấm sáng kiến',
  reopened: 'Phiếu chấm sáng kiến được mở lại',
  adopted: 'Sáng kiến của bạn được đơn vị khác áp dụng',
  reminder: 'Nhắc báo cáo kết quả áp dụng sáng kiến',
  decision: 'Kết quả xét công nhận sáng kiến',
  returned: 'Sáng kiến được trả lại để bổ sung',
  'review-reminder': 'Nhắc nộp phiếu chấm sáng kiến',
  duplicate: 'Sáng kiến được xác định trùng với sáng kiến đã có',
  'duplicate-undone': 'Bỏ xác định trùng cho sáng kiến của bạn',
};

const SUBJECT_PREFIX = '[Kho sáng kiến] ';

/** What telling did: the e-mail's outcome, known once the change that told has committed, and its count so far. */
export interface Told {
  email: Promise<MailOutcome>;
  /** Messages sent and failed up to now (counted up while the e-mail goes). */
  progress: Readonly<MailOutcome>;
}

/** One notice to e-mail to one person. */
export interface NoticeEmail {
  userId: number;
  kind: string;
  message: string;
  link: string;
}

/** Most pages a person's unread notices point to that are kept with their count; past it, `seen` asks the database. */
export const UNREAD_LINKS_KEPT = 50;

/** A person's unread notices as their pages need them: how many, and the pages they point to (null: too many to keep). */
interface Unread {
  count: number;
  links: ReadonlySet<string> | null;
}

/** What a message's job did: sent, or refused for good (failed). */
export interface Sending {
  sent: number;
  failed: number;
}

/**
 * Notices (new assignments, reopened sheets, decisions, reminders): shown on a person's
 * home page, and e-mailed to those with an e-mail address when SMTP is set up, each
 * message a job of its own (tried again while the mail server does not answer). Its one
 * table is small enough to be queried here, through the current unit of work. What each
 * page of a person reads (the header's count, whether the page is one a notice points to)
 * is kept in the read cache until their notices change: each write of them declares
 * `notices:<userId>`.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger(NotificationsService.name);

  /** The e-mail of one notice to one person. */
  readonly noticeEmail: JobKind<NoticeEmail, Sending>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ReadCache,
    private readonly mail: MailService,
    private readonly users: UsersService,
    private readonly jobs: Jobs,
    config: AppConfig,
  ) {
    this.noticeEmail = { name: 'notice-email', retries: config.get('mailRetries'), concurrency: MAIL_CONCURRENCY, run: (n) => this.email(n) };
  }

  onModuleInit(): void {
    this.jobs.define(this.noticeEmail);
  }

  private get notifications() {
    return this.uow.repository(Notification);
  }

  /**
   * Within the current unit of work (the in-app notice commits or rolls back with the change
   * it tells of), with one job per e-mail, enqueued in the same transaction: the e-mail goes
   * once that change has committed, never if it rolls back; a mail server that does not
   * answer is tried again later, one that refuses is logged; nothing is undone.
   */
  async tell(userIds: number[], kind: string, message: string, link: string): Promise<Told> {
    const ids = [...new Set(userIds)];
    await this.uow.writeChanging(ids.map(noticesChange), async (m) => {
      for (const userId of ids) await m.getRepository(Notification).save(new Notification({ userId, kind, message: message.slice(0, 500), link, readAt: null }));
    });
    const progress: MailOutcome = { enabled: this.mail.enabled, sent: 0, failed: 0 };
    if (!this.mail.enabled || ids.length === 0) return { email: Promise.resolve({ ...progress }), progress };
    // Those who take their notices one by one (the others get them in their daily message: NotificationDigest).
    const people = (await this.users.activeByIds(ids)).filter((u) => u.email && !u.emailDigest);
    const tickets: JobTicket<Sending>[] = [];
    for (const person of people) tickets.push(await this.jobs.enqueue(this.noticeEmail, { userId: person.id, kind, message, link }));
    // Looked for only by a caller that waits for it (the reminders' page).
    let email: Promise<MailOutcome> | null = null;
    const outcomes = () =>
      Promise.all(
        tickets.map(async (ticket) => {
          const outcome = await ticket.outcome();
          if (outcome.ok) {
            progress.sent += outcome.value.sent;
            progress.failed += outcome.value.failed;
          } else if (outcome.unknown) progress.unknown = (progress.unknown ?? 0) + 1;
          else progress.failed++;
        }),
      ).then(() => ({ ...progress }));
    return {
      progress,
      get email() {
        return (email ??= outcomes());
      },
    };
  }

  /** The job: the notice by e-mail to this person if they are still active, with an address, taking notices one by one. */
  private async email(n: NoticeEmail): Promise<Sending> {
    const [person] = (await this.users.activeByIds([n.userId])).filter((u) => u.email && !u.emailDigest);
    if (!person) return { sent: 0, failed: 0 };
    const subject = SUBJECT_PREFIX + (NOTICE_SUBJECTS[n.kind] ?? 'Thông báo');
    const result = await this.mail.sendOne(
      { name: person.fullName, email: person.email },
      subject,
      (r) => mailText`Kính gửi ${r.name},\n\n${n.message}\n\nXem chi tiết: ${this.mail.link(n.link)}\n\nThông báo này cũng hiện trên trang chủ của bạn trong Kho sáng kiến cải cách hành chính.\n(Thư gửi tự động, vui lòng không trả lời.)\n`,
    );
    return { sent: result === 'sent' ? 1 : 0, failed: result === 'refused' ? 1 : 0 };
  }

  /** This person's notices still unread, made from `since` up to `until`, oldest first (their daily message). */
  unreadSince(userId: number, since: Date, until: Date): Promise<Notification[]> {
    return this.notifications.find({ where: { userId, readAt: IsNull(), createdAt: Between(since, until) }, order: { createdAt: 'ASC', id: 'ASC' }, take: 200 });
  }

  /** How many notices this person has not read (the header's count, on every signed-in page). */
  async countUnread(userId: number): Promise<number> {
    return (await this.unreadOf(userId)).count;
  }

  /**
   * This person's unread notices as each page of theirs needs them, kept until their notices
   * change. One statement, hand-written (see DatabaseSessionStore.read): the pages they point
   * to, each with how many; when there are too many pages to keep, their count alone.
   */
  private unreadOf(userId: number): Promise<Unread> {
    return this.cache.personal(
      `notices:${userId}`,
      async () => {
        const rows = await rawQuery<{ link: string; n: number | string }>(
          this.uow.manager,
          `SELECT "link", COUNT(*) AS "n" FROM "notifications" WHERE "userId" = :userId AND "readAt" IS NULL GROUP BY "link" LIMIT ${UNREAD_LINKS_KEPT + 1}`,
          { userId },
          { prepare: true },
        );
        if (rows.length <= UNREAD_LINKS_KEPT) return { count: rows.reduce((sum, r) => sum + Number(r.n), 0), links: new Set(rows.map((r) => r.link)) };
        const [row] = await rawQuery<{ n: number | string }>(this.uow.manager, 'SELECT COUNT(*) AS "n" FROM "notifications" WHERE "userId" = :userId AND "readAt" IS NULL', { userId }, { prepare: true });
        return { count: Number(row.n), links: null };
      },
      () => [noticesChange(userId)],
    );
  }

  /** A page of this person's notices, newest first (unread only, when asked), with the total. */
  async list(userId: number, options: { unreadOnly: boolean; page: number; pageSize: number }): Promise<{ items: Notification[]; total: number }> {
    const [items, total] = await this.notifications.findAndCount({
      where: { userId, ...(options.unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    });
    return { items, total };
  }

  /** Marks every notice of this person as read; how many were unread. */
  async markAllRead(userId: number): Promise<number> {
    return this.uow.writeChanging([noticesChange(userId)], async (m) => (await m.update(Notification, { userId, readAt: IsNull() }, { readAt: new Date() })).affected ?? 0);
  }

  unread(userId: number, limit = 20): Promise<Notification[]> {
    return this.notifications.find({ where: { userId, readAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /**
   * Marks as read what points to this page (the person has now seen it). A page view asks
   * only whether there is anything unread (kept with the header's count: most views read
   * nothing); the write, when there is, goes off the response path, so a page never waits in the write queue behind other people's saves.
   * Returns the write started, if any (for tests), never to be awaited by a page.
   */
  async seen(userId: number, link: string): Promise<{ marking: Promise<void> } | null> {
    const { links } = await this.unreadOf(userId);
    const unread = links ? links.has(link) : (await rawQuery(this.uow.manager, 'SELECT 1 AS "unread" FROM "notifications" WHERE "userId" = :userId AND "link" = :link AND "readAt" IS NULL LIMIT 1', { userId, link }, { prepare: true })).length > 0;
    if (!unread) return null;
    const marking = this.uow
      .writeChanging([noticesChange(userId)], (m) => m.update(Notification, { userId, link, readAt: IsNull() }, { readAt: new Date() }))
      .then(
        () => undefined,
        (e: unknown) => this.logger.warn(`notices of ${link} not marked as read for user ${userId}: ${e instanceof Error ? e.message : String(e)}`),
      );
    return { marking };
  }
}
