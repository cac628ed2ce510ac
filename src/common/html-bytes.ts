import { randomBytes } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import hbs from 'hbs';

/**
 * HTML written once and kept as UTF-8 bytes, for a large part of a page that many views show
 * unchanged (a page of the adoption matrix: 1,500 cells, ~250 KB). A rendered page is one
 * string that Express encodes to UTF-8 on every response; for such a page that encoding,
 * of a string of Vietnamese text built from many pieces, cost more of the request than
 * everything else it did (measured: ~2.7 ms for a 250 KB page, against 0.1 ms for the same
 * page sent as the bytes kept plus the rest encoded). A view model holds an `HtmlBytes`
 * where the template writes `{{htmlBytes value}}`: the page is rendered with a mark in its
 * place, and sent as the bytes around the marks with the kept bytes between them.
 *
 * The bytes are HTML written and escaped by the code that made them (HtmlBytes.of), never
 * text someone typed: the helper escapes any plain string it is given.
 */
export class HtmlBytes {
  constructor(readonly bytes: Buffer) {}

  static of(html: string): HtmlBytes {
    return new HtmlBytes(Buffer.from(html, 'utf8'));
  }

  /** The HTML as text (outside a response: a test, a template rendered to a string). */
  toString(): string {
    return this.bytes.toString('utf8');
  }
}

/** Where a page's kept bytes wait for its response (res.locals, which every render sees). */
const SLOTS = '__htmlBytes';
/**
 * A mark no page text can hold: a character of the private use area and this process's own
 * random token (a text cannot guess it, so no text is ever taken for a mark).
 */
const MARK = `\uE000${randomBytes(9).toString('base64url')}`;

/**
 * Handlebars helper `{{htmlBytes value}}`: an `HtmlBytes` becomes a mark of this response
 * (its bytes are put in at sending); a SafeString is written as it is; anything else is text,
 * escaped as `{{value}}` escapes it (so this helper never writes a string someone typed as
 * HTML). Outside a response (no place for marks) the bytes are written as text.
 *
 * Only a page that `res.render` sends (its default callback calls res.send) may use it: a
 * render to a string that carried res.locals elsewhere would keep marks no one replaces.
 */
export function htmlBytesHelper(...args: unknown[]): unknown {
  const value = args.length > 1 ? args[0] : undefined;
  const options = args[args.length - 1] as { data?: { root?: Record<string, unknown> } };
  if (value instanceof hbs.handlebars.SafeString) return value;
  // Handlebars escapes what a helper returns unless it is a SafeString.
  if (!(value instanceof HtmlBytes)) return value === null || value === undefined ? '' : String(value);
  const slots = options.data?.root?.[SLOTS];
  if (!Array.isArray(slots)) return new hbs.handlebars.SafeString(value.toString());
  slots.push(value.bytes);
  return new hbs.handlebars.SafeString(`${MARK}${slots.length - 1}\uE000`);
}

/**
 * A rendered page with its marks replaced by their bytes (a mark is MARK, the slot's number,
 * U+E000). A mark that is not whole, or names no slot, is left as text.
 */
export function pageBytes(html: string, slots: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  // indexOf, not a regular expression: the page is long and this runs on every view of it.
  for (let at = html.indexOf(MARK); at >= 0; at = html.indexOf(MARK, at + MARK.length)) {
    const end = html.indexOf('\uE000', at + MARK.length);
    const slot = end < 0 ? undefined : slots[Number(html.slice(at + MARK.length, end))];
    if (!slot) continue;
    parts.push(Buffer.from(html.slice(from, at), 'utf8'), slot);
    from = end + 1;
  }
  parts.push(Buffer.from(html.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * Express middleware: gives the response its place for kept bytes, and sends a page that
 * used it as bytes (text/html, as Express would have sent the string).
 */
export function htmlBytesResponses(_req: Request, res: Response, next: NextFunction): void {
  const slots: Buffer[] = [];
  res.locals[SLOTS] = slots;
  const send = res.send;
  res.send = function sendWithBytes(this: Response, body?: unknown) {
    if (slots.length === 0 || typeof body !== 'string') return send.call(this, body);
    if (!this.get('Content-Type')) this.type('html');
    const bytes = pageBytes(body, slots);
    slots.length = 0;
    return send.call(this, bytes);
  };
  next();
}
