/**
 * Errors that say the database cannot be reached now, as opposed to a query that is wrong:
 * the server is down, restarting, unreachable, refuses connections, or the database is gone.
 * Such a request is answered 503 with Retry-After (the same request may work in a minute),
 * never 500; the pool opens new connections by itself once the server answers again.
 */
export type DatabaseTrouble = 'unreachable' | 'schema-missing';

/** Node's own network errors on the way to the server. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/**
 * PostgreSQL: 08xxx connection exceptions, 57P01–57P03 (shut down, crashed, starting up),
 * 3D000 (the database does not exist), 53300 (too many connections).
 */
const SERVER = /^(08...|57P0[123]|3D000|53300)$/;
/** What the pg driver says when a connection breaks or cannot be made in time (no code). */
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)/i;

/** The error and those it wraps (TypeORM's driverError, a cause, the attempts of an AggregateError). */
function* chain(e: unknown, depth = 0): Generator<{ code?: unknown; message?: unknown }> {
  if (!e || typeof e !== 'object' || depth > 4) return;
  const error = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  yield error;
  yield* chain(error.driverError, depth + 1);
  yield* chain(error.cause, depth + 1);
  if (Array.isArray(error.errors)) for (const inner of error.errors) yield* chain(inner, depth + 1);
}

export function databaseTrouble(e: unknown): DatabaseTrouble | null {
  let schemaMissing = false;
  for (const error of chain(e)) {
    const code = typeof error.code === 'string' ? error.code : '';
    if (NETWORK.has(code) || SERVER.test(code)) return 'unreachable';
    if (typeof error.message === 'string' && MESSAGES.test(error.message)) return 'unreachable';
    // 42P01: a table of the application is not there — the database came back empty.
    if (code === '42P01') schemaMissing = true;
  }
  return schemaMissing ? 'schema-missing' : null;
}

/** The error on one line, for the log: its code and message, never a stack. */
export function databaseErrorLine(e: unknown): string {
  for (const error of chain(e)) {
    const code = typeof error.code === 'string' ? error.code : '';
    const message = typeof error.message === 'string' ? error.message : '';
    if (code || message) return `${code && !message.includes(code) ? `${code} ` : ''}${message || code}`.replace(/\s+/g, ' ').trim();
  }
  return String(e).replace(/\s+/g, ' ');
}
