import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { hasControlCharacters, oneLine } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { ConcurrencyLimit } from './concurrency';

export interface MailRecipient {
  name: string;
  email: string;
}

/** What a sending did: whether e-mail is set up, and how many messages went or failed. */
export interface MailOutcome {
  enabled: boolean;
  sent: number;
  failed: number;
  /** Messages whose outcome this instance stopped waiting for (it stopped; another instance may still send them). */
  unknown?: number;
}

/** Messages this instance sends at the same time, each on its own connection; the others wait their turn. */
export const MAIL_CONCURRENCY = 4;

/**
 * E-mail over SMTP (nodemailer), when SMTP_HOST is set; without it nothing is sent and
 * every call says so. One message per recipient (no one sees who else was told), a few at
 * a time for the whole instance (MAIL_CONCURRENCY). Messages are sent by jobs (see
 * jobs.ts), after the change they tell of has committed: a refusal for good is logged and
 * counted; a server that does not answer throws, so that the job tries again later.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter | null;
  private readonly from: string;
  private readonly appUrl: string | undefined;
  private readonly limit = new ConcurrencyLimit(MAIL_CONCURRENCY);

  constructor(config: AppConfig) {
    const smtp = config.get('smtp');
    this.appUrl = config.get('appUrl');
    this.from = smtp?.from ?? '';
    this.transport = smtp
      ? createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
          // A server that does not answer must not keep the sending (and the process) waiting long.
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** A page of the app as people open it: absolute with APP_URL, else the path alone. */
  link(path: string): string {
    return this.appUrl ? `${this.appUrl}${path}` : path;
  }

  /**
   * One message to one recipient, within the instance's limit, for a job: 'sent'; 'refused'
   * when it can never go (the server answered 5xx, or the address holds a control
   * character); throws when it may go later (no answer, a connection lost, a 4xx answer), so
   * that the job is tried again. Without SMTP settings, 'off'.
   */
  async sendOne(recipient: MailRecipient, subject: string, text: (recipient: MailRecipient) => string): Promise<'sent' | 'refused' | 'off'> {
    const transport = this.transport;
    if (!transport) return 'off';
    const subjectLine = oneLine(subject).trim();
    const r: MailRecipient = { name: oneLine(recipient.name).trim(), email: recipient.email };
    if (hasControlCharacters(r.email)) {
      this.logger.warn(`e-mail "${subjectLine}" not sent: the address ${JSON.stringify(r.email)} holds a control character`);
      return 'refused';
    }
    return this.limit.run(async () => {
      try {
        await transport.sendMail({ from: this.from, to: { name: r.name, address: r.email }, subject: subjectLine, text: text(r) });
        return 'sent' as const;
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) {
          this.logger.warn(`e-mail "${subjectLine}" to ${r.email} refused by the server: ${e instanceof Error ? e.message : String(e)}`);
          return 'refused' as const;
        }
        throw new Error(`e-mail "${subjectLine}" to ${r.email} not sent: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
