import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** Nest's own start-up lines (a line per module and per route): shown only with LOG_LEVEL=debug. */
const START_UP_DETAIL = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** The levels a LOG_LEVEL value shows ('debug' or 'verbose': everything). */
export function logLevels(level: string | undefined): LogLevel[] {
  const value = (level ?? '').trim().toLowerCase();
  if (value === 'debug' || value === 'verbose') return ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  if (value === 'warn') return ['fatal', 'error', 'warn'];
  if (value === 'error') return ['fatal', 'error'];
  return ['fatal', 'error', 'warn', 'log'];
}

/**
 * The application's log: one line per fact that matters at start (Nest's per-module and
 * per-route lines only with LOG_LEVEL=debug), each stamped with an ISO 8601 time (UTC),
 * never a US-style date.
 */
export class AppLogger extends ConsoleLogger {
  private readonly detail: boolean;

  constructor(level = process.env.LOG_LEVEL) {
    super({ logLevels: logLevels(level) });
    this.detail = logLevels(level).includes('debug');
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (!this.detail && typeof context === 'string' && START_UP_DETAIL.has(context)) return;
    super.log(message, ...(rest as [string?]));
  }

  protected override getTimestamp(): string {
    return new Date().toISOString();
  }
}
