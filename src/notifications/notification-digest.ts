import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { JobKind, Jobs, JobTicket } from '../jobs/jobs';
import { MAIL_CONCURRENCY, MailService } from '../mail/mail.service';
import { UsersService } from '../users/users.service';
import { digestDayStart, digestMessage, digestSince } from './digest-rules';
import { NotificationsService, Sending } from './notifications.service';

/** When the queue looks for daily messages due: every ten minutes (each person's is claimed once a day). */
const LOOK_CRON = '*/10 * * * *';

/** One person's daily message: their unread notices made from `since` up to `until`. */
export interface DigestJob {
  userId: number;
  since: string;
  until: string;
  dayStart: string;
}

/**
 * The daily message of those who chose it (users.emailDigest): from DIGEST_HOUR each day,
 * one e-mail listing their notices still unread since the previous one. A scheduled job
 * looks every ten minutes; each person due is claimed (a conditional update: two instances
 * never both claim) in the transaction that enqueues the job sending their message, so a
 * message claimed is a message queued: tried again while the mail server does not answer,
 * and sent by another instance if the one sending it dies.
 */
@Injectable()
export class NotificationDigest implements OnModuleInit {
  /** Looks for the messages due and queues them. */
  readonly look: JobKind<object, { queued: number }> = { name: 'notice-digest-due', retries: 0, run: async () => ({ queued: (await this.queueDue(new Date())).length }) };
  /** Sends one person's message. */
  readonly message: JobKind<DigestJob, Sending>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: Jobs,
    private readonly mail: MailService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    config: AppConfig,
  ) {
    this.message = { name: 'notice-digest', retries: config.get('mailRetries'), concurrency: MAIL_CONCURRENCY, run: (d) => this.send(d) };
  }

  onModuleInit(): void {
    this.jobs.define(this.look);
    this.jobs.define(this.message);
    if (this.mail.enabled) this.jobs.schedule(this.look, LOOK_CRON);
  }

  /** Queues the messages due at `now` and waits until they are sent; how many were. */
  async run(now = new Date()): Promise<number> {
    let sent = 0;
    for (const ticket of await this.queueDue(now)) {
      const outcome = await ticket.outcome();
      if (outcome.ok) sent += outcome.value.sent;
    }
    return sent;
  }

  /** Claims and queues the messages due at `now`, one job each. */
  private async queueDue(now: Date): Promise<JobTicket<Sending>[]> {
    const dayStart = digestDayStart(now);
    if (!dayStart || !this.mail.enabled) return [];
    const tickets: JobTicket<Sending>[] = [];
    for (const person of await this.users.dailyDigestRecipients()) {
      if (person.lastDigestAt && person.lastDigestAt.getTime() >= dayStart.getTime()) continue;
      const since = digestSince(person.lastDigestAt, dayStart);
      const ticket = await this.uow.run(async () => {
        this.uow.changes(); // the claim and the job: nothing any cache holds
        if (!(await this.users.claimDigest(person.id, dayStart, now))) return null;
        return this.jobs.enqueue(this.message, { userId: person.id, since: since.toISOString(), until: now.toISOString(), dayStart: dayStart.toISOString() });
      });
      if (ticket) tickets.push(ticket);
    }
    return tickets;
  }

  /** The job: one person's message, if they still want it and have unread notices of the period. */
  private async send(d: DigestJob): Promise<Sending> {
    const [person] = (await this.users.activeByIds([d.userId])).filter((u) => u.email && u.emailDigest);
    if (!person) return { sent: 0, failed: 0 };
    const notices = await this.notifications.unreadSince(person.id, new Date(d.since), new Date(d.until));
    if (notices.length === 0) return { sent: 0, failed: 0 };
    const { subject, text } = digestMessage(person.fullName, notices, new Date(d.dayStart), (link) => this.mail.link(link));
    const result = await this.mail.sendOne({ name: person.fullName, email: person.email }, `[Kho sáng kiến] ${subject}`, () => text);
    return { sent: result === 'sent' ? 1 : 0, failed: result === 'refused' ? 1 : 0 };
  }
}
