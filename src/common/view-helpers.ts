import hbs from 'hbs';
import { formatDate, formatDateTime } from './dates';
import { formatInteger, formatMean, formatNumber, formatRate, formatScore, formatShare, toNumber } from './numbers';
import { htmlBytesHelper } from './html-bytes';
import { assetUrl } from './static-assets';

const escape = (v: unknown) => hbs.handlebars.escapeExpression(v === null || v === undefined ? '' : String(v));

/**
 * One cell of the adoption matrix: no link (the row's header leads to its records),
 * the status as an icon with its name for screen readers, the date of adoption or the
 * reason not to. A large programme has 15,000 cells and few distinct ones: each
 * distinct cell is written once and reused.
 */
export interface MatrixCell {
  status: string;
  icon: string;
  label: string;
  date: string | null;
  reason: string;
  overdue: boolean;
  dim?: boolean;
}

const EMPTY_CELL = '<td class="text-body-secondary">—</td>';
const cellFragments = new Map<string, string>();

/**
 * `column`: the name of the cell's column (an initiative's code), written as data-label for
 * the card layout of a phone, where each row is a card and each cell says its column.
 */
export function matrixCellHtml(cell: MatrixCell | null | undefined, column?: string): string {
  const labelled = column === undefined ? '' : ` role="cell" data-label="${escape(column)}"`;
  if (!cell) return labelled ? `<td class="text-body-secondary"${labelled}>—</td>` : EMPTY_CELL;
  const key = `${cell.status}|${cell.icon}|${cell.label}|${cell.date ?? ''}|${cell.reason}|${cell.overdue ? 1 : 0}|${cell.dim ? 1 : 0}|${column ?? ''}`;
  let html = cellFragments.get(key);
  if (html === undefined) {
    html =
      `<td class="m-${escape(cell.status)}${cell.overdue ? ' od' : ''}${cell.dim ? ' dim' : ''}"${labelled}>` +
      `<span aria-hidden="true">${escape(cell.icon)}</span><span class="visually-hidden">${escape(cell.label)}${cell.overdue ? ', quá hạn' : ''}</span>` +
      (cell.date ? `<small>${escape(formatDate(cell.date))}</small>` : '') +
      (cell.reason ? `<small>${escape(cell.reason)}</small>` : '') +
      '</td>';
    // Bounded: dates and reasons make a few hundred distinct cells on a real programme.
    if (cellFragments.size >= 20_000) cellFragments.clear();
    cellFragments.set(key, html);
  }
  return html;
}

/**
 * A row of matrix cells as HTML (a large matrix has 15,000 cells); with `columns` (the
 * columns' names: an initiative's code), each cell says its column for the card layout of a
 * phone.
 */
export function matrixRowHtml(cells: readonly (MatrixCell | null)[], columns?: readonly string[]): string {
  let html = '';
  for (let k = 0; k < cells.length; k++) html += matrixCellHtml(cells[k], columns?.[k]);
  return html;
}

/** The id of the input an error's key names: "points.c3" → "f-points[c3]". */
export function fieldId(key: string): string {
  const [head, ...rest] = key.split('.');
  return `f-${head}${rest.map((part) => `[${part}]`).join('')}`;
}

// The few Handlebars helpers the views use. Views get ready-made view models; helpers
// only compare and format.

function plain(args: unknown[]): unknown[] {
  // Handlebars passes an options object as the last argument.
  return args.slice(0, -1);
}

/** A number helper: formats a number (or a numeric string); anything else ("—") is shown as it is. */
function numeric(format: (n: number) => string) {
  return (...args: unknown[]) => {
    const value = plain(args)[0];
    const n = toNumber(value);
    return n !== null ? format(n) : value === null || value === undefined ? '' : String(value);
  };
}

export const viewHelpers: Record<string, (...args: unknown[]) => unknown> = {
  /** HTML kept as bytes (an HtmlBytes), sent as they are; any other value is escaped text: {{htmlBytes row.cellsHtml}} (see html-bytes.ts). */
  htmlBytes: htmlBytesHelper,
  /** A static file's address with its content version: {{asset "/assets/css/app.css"}}. */
  asset: (...args) => {
    const url = assetUrl(String(plain(args)[0]));
    // Not escaped when it is a plain path (Handlebars would write "?v=" as "?v&#x3D;").
    return /^[\w/.?=-]+$/.test(url) ? new hbs.handlebars.SafeString(url) : url;
  },
  /** The CSRF token of this visitor's session: {{csrfToken}} (created on first use). */
  csrfToken: (...args) => {
    const options = args[args.length - 1] as { data?: { root?: { csrfTokenFor?: () => string } } };
    return options.data?.root?.csrfTokenFor?.() ?? '';
  },
  eq: (...args) => {
    const [a, b] = plain(args);
    return a !== undefined && a !== null && b !== undefined && b !== null && String(a) === String(b);
  },
  includes: (...args) => {
    const [list, value] = plain(args);
    const items = Array.isArray(list) ? list : list === undefined || list === null || list === '' ? [] : [list];
    return items.map(String).includes(String(value));
  },
  or: (...args) => plain(args).some(Boolean),
  and: (...args) => plain(args).every(Boolean),
  not: (...args) => !plain(args)[0],
  gt: (...args) => {
    const [a, b] = plain(args);
    return Number(a) > Number(b);
  },
  date: (...args) => formatDate(plain(args)[0] as string | Date | null),
  datetime: (...args) => formatDateTime(plain(args)[0] as string | Date | null),
  /** A date field's value: yyyy-mm-dd shown as dd/mm/yyyy, anything typed left as it was. */
  dateInput: (...args) => {
    const [value] = plain(args);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    return value ?? '';
  },
  // Numbers as Vietnamese write them (src/common/numbers.ts): empty when there is none,
  // so {{default (fmtMean x) "—"}} fills the gap. Names start with fmt: a helper named like a
  // field ("rate") would be called wherever a template prints that field.
  /** 1.234 */
  fmtInt: numeric(formatInteger),
  /** Up to 4 decimals: 96,5 */
  fmtNum: numeric(formatNumber),
  /** A score, maximum or threshold, up to 2 decimals: 27,5 */
  fmtScore: numeric(formatScore),
  /** An average or deviation, 2 decimals: 88,88 */
  fmtMean: numeric(formatMean),
  /** A rate given in percent: 33,3% */
  fmtRate: numeric(formatRate),
  /** A contribution share in percent: 33,33% */
  fmtShare: numeric(formatShare),
  concat: (...args) => plain(args).map((a) => (a === undefined || a === null ? '' : String(a))).join(''),
  /**
   * The address of the field an error is about, for the error summary's links: the error's
   * key "authors.0.fullName" names the field "authors[0][fullName]", whose input has the id
   * "f-authors[0][fullName]" (forms/input and the forms that write their own inputs).
   */
  fieldHref: (...args) => `#${encodeURIComponent(fieldId(String(plain(args)[0] ?? '')))}`,
  /** Sets a default when a value is empty: {{default value "—"}}. */
  default: (...args) => {
    const [value, fallback] = plain(args);
    return value === undefined || value === null || value === '' ? fallback : value;
  },
};
