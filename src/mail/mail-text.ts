import { oneLine } from '../common/validation';

/**
 * A message body written as a template: its own line breaks stay, and each value put in
 * (a person's name, an initiative's or a programme's title, a notice built from them) goes
 * on one line, so text typed with line breaks never adds lines to a message.
 *
 *   mailText`Kính gửi ${name},\n\n${message}\n`
 */
export function mailText(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? oneLine(values[i] === null || values[i] === undefined ? '' : String(values[i])) : ''), '');
}
