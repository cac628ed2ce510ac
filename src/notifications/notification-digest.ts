import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { MailService } from '../mail/mail.service';
import { UsersService } from '../users/users.service';
import { digestDayStart, digestMessage, digestSince } from './digest-rules';
import { NotificationsService } from './notifications.service';

/** How often the instance looks for daily messages due (each person's is claimed once a day, by one instance). */
const EVERY = 10 * 60 * 1000;

/**
 * The daily message of those who chose it (users.emailDigest): from DIGEST_HOUR each day,
 * one e-mail listing their notices still unread since the previous one. Each instance
 * looks every ten minutes; a person's message is claimed with a conditional update, so two
 * instances never both send it. (Claimed and then lost with an instance killed mid-send:
 * that day's message is not sent again; the notices stay on the Thông báo page.)
 */
@Injectable()
export class NotificationDigest implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationDigest.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly mail: MailService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.mail.enabled) return;
    this.timer = setInterval(() => void this.run().catch((e: Error) => this.logger.error(`Daily notice messages failed: ${e.message}`)), EVERY);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Sends the messages due at `now` (one run at a time); how many were sent. */
  run(now = new Date()): Promise<number> {
    this.running ??= this.sendDue(now).finally(() => (this.running = null));
    return this.running;
  }

  private async sendDue(now: Date): Promise<number> {
    const dayStart = digestDayStart(now);
    if (!dayStart || !this.mail.enabled) return 0;
    let sent = 0;
    for (const person of await this.users.dailyDigestRecipients()) {
      if (person.lastDigestAt && person.lastDigestAt.getTime() >= dayStart.getTime()) continue;
      if (!(await this.users.claimDigest(person.id, dayStart, now))) continue;
      const notices = await this.notifications.unreadSince(person.id, digestSince(person.lastDigestAt, dayStart), now);
      if (notices.length === 0) continue;
      const { subject, text } = digestMessage(person.fullName, notices, dayStart, (link) => this.mail.link(link));
      const outcome = await this.mail.send([{ name: person.fullName, email: person.email }], `[Kho sáng kiến] ${subject}`, () => text);
      sent += outcome.sent;
    }
    return sent;
  }
}
