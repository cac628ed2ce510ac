import { applyDecorators, ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, isEmail, IsString, Matches, MaxLength, Min, MinLength, validate, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { FieldErrors, FormInvalidException } from './exceptions';
import { isValidIsoDate, parseDateInput, todayIso } from './dates';

// Reusable field rules for form DTOs, with Vietnamese messages. A label is written the
// way it reads inside a sentence ("mã đơn vị"); messages capitalise it when it leads.

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export function RequiredText(label: string, max = 255) {
  return applyDecorators(
    trim(),
    IsString({ message: `Vui lòng nhập ${label}.` }),
    IsNotEmpty({ message: `Vui lòng nhập ${label}.` }),
    MaxLength(max, { message: `${cap(label)} không được dài quá ${max} ký tự.` }),
  );
}

/** Optional text: give the DTO field a default of '' so an absent field reads as empty. */
export function OptionalText(label: string, max = 255) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value ?? '')),
    IsOptional(),
    IsString({ message: `${cap(label)} không hợp lệ.` }),
    MaxLength(max, { message: `${cap(label)} không được dài quá ${max} ký tự.` }),
  );
}

/** Control characters (C0 with tab, CR and LF; DEL; C1) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_RUN = /\s*[\u0000-\u001f\u007f-\u009f\u2028\u2029]+\s*/g;

export function hasControlCharacters(s: string): boolean {
  return CONTROL_CHARACTER.test(s);
}

/**
 * Text put on one line (a name or a title in an e-mail's subject or body, a name tried at
 * sign-in in the audit): each run of line breaks and other control characters, with the
 * spaces around it, becomes one space.
 */
export function oneLine(s: string): string {
  return s.replace(CONTROL_RUN, ' ');
}

@ValidatorConstraint({ name: 'emailAddress' })
class EmailAddressConstraint implements ValidatorConstraintInterface {
  validate(value: unknown) {
    // validator.js takes CR, LF and tab inside a quoted local part ("a\r\nb"@x.vn): what
    // becomes a header of a message is refused here, anywhere in the address.
    return value === '' || (typeof value === 'string' && !hasControlCharacters(value) && isEmail(value));
  }

  defaultMessage(args: ValidationArguments) {
    return typeof args.value === 'string' && hasControlCharacters(args.value)
      ? 'Địa chỉ thư điện tử không được chứa ký tự xuống dòng hay ký tự điều khiển.'
      : 'Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@vinhlinh.gov.vn).';
  }
}

/** An optional e-mail address (give the field a default of ''): one line, no control character, well formed. */
export function EmailAddress(label = 'thư điện tử') {
  return applyDecorators(OptionalText(label), Validate(EmailAddressConstraint));
}

export function Password(label = 'mật khẩu') {
  return applyDecorators(
    IsString({ message: `Vui lòng nhập ${label}.` }),
    MinLength(8, { message: `${cap(label)} cần ít nhất 8 ký tự.` }),
    MaxLength(200, { message: `${cap(label)} không được dài quá 200 ký tự.` }),
  );
}

@ValidatorConstraint({ name: 'isoDate' })
class IsoDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && isValidIsoDate(value);
  }
}

/** Dates are typed as dd/mm/yyyy (or yyyy-mm-dd) and kept as yyyy-mm-dd. */
const toIsoDate = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const s = value.trim();
    if (s === '') return undefined;
    return parseDateInput(s) ?? s;
  });

export function OptionalDate(label: string) {
  return applyDecorators(toIsoDate(), IsOptional(), Validate(IsoDateConstraint, { message: `${cap(label)} không phải là ngày hợp lệ (dd/mm/yyyy).` }));
}

@ValidatorConstraint({ name: 'notInFuture' })
class NotInFutureConstraint implements ValidatorConstraintInterface {
  validate(value: unknown) {
    // A malformed date is the date rule's to refuse.
    return typeof value !== 'string' || !isValidIsoDate(value) || value <= todayIso();
  }
}

/** An optional date that has already come (a date of birth). */
export function OptionalPastDate(label: string) {
  return applyDecorators(
    OptionalDate(label),
    Validate(NotInFutureConstraint, { message: `${cap(label)} không được sau ngày hôm nay.` }),
  );
}

export function RequiredDate(label: string) {
  return applyDecorators(
    toIsoDate(),
    IsNotEmpty({ message: `Vui lòng nhập ${label}.` }),
    Validate(IsoDateConstraint, { message: `${cap(label)} không phải là ngày hợp lệ (dd/mm/yyyy).` }),
  );
}

const toId = () =>
  Transform(({ value }) => {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  });

export function OptionalId(label: string) {
  return applyDecorators(toId(), IsOptional(), IsInt({ message: `${cap(label)} không hợp lệ.` }), Min(1, { message: `${cap(label)} không hợp lệ.` }));
}

export function RequiredId(label: string) {
  return applyDecorators(
    toId(),
    IsNotEmpty({ message: `Vui lòng chọn ${label}.` }),
    IsInt({ message: `Vui lòng chọn ${label}.` }),
    Min(1, { message: `Vui lòng chọn ${label}.` }),
  );
}

export function OneOf(label: string, values: readonly string[]) {
  return applyDecorators(trim(), IsIn(values as string[], { message: `Vui lòng chọn ${label}.` }));
}

/** A multi-valued field: one value posts as a string, several as an array. */
export function List() {
  return Transform(({ value }) => (value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value]));
}

export function Code(label: string, max = 32) {
  return applyDecorators(
    RequiredText(label, max),
    Matches(/^[A-Za-z0-9._-]+$/, { message: `${cap(label)} chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.` }),
  );
}

/** The first message of every invalid field, keyed by the field's name. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const name = prefix ? `${prefix}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    if (messages.length > 0) out[name] = messages[messages.length - 1];
    if (e.children?.length) Object.assign(out, toFieldErrors(e.children, name));
  }
  return out;
}

/**
 * The global pipe. Route parameters are left as typed in the URL: ParseIdPipe decides what
 * an id is (the stock pipe would first turn "0x10" into 16).
 */
class FormValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new FormValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new FormInvalidException(toFieldErrors(errors)),
  });
}

/** Repeated rows posted as rows[0][name]…: always an array, in row order. */
export function Rows() {
  return Transform(({ value }) => {
    if (Array.isArray(value)) return value;
    if (value && typeof value === 'object') {
      return Object.keys(value)
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => (value as Record<string, unknown>)[k]);
    }
    return [];
  });
}

/**
 * A number as Vietnamese people write it: "98,5" (decimal comma), "2.481" (thousands
 * dot), "1.234,5", or plain "12.5". Returns null for empty input, NaN for nonsense.
 */
export function parseNumberVi(raw: unknown): number | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number') return raw;
  let s = String(raw).trim().replace(/\s+/g, '').replace(/%$/, '');
  if (s === '') return null;
  if (s.includes(',') && s.includes('.')) s = s.replace(/\./g, '').replace(',', '.');
  else if (s.includes(',')) s = s.replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

/** Validates a plain object against a DTO class: the typed value and a message per field. */
export async function validateForm<T extends object>(cls: new () => T, body: unknown): Promise<{ value: T; errors: FieldErrors }> {
  const value = plainToInstance(cls, body ?? {});
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true });
  return { value, errors: toFieldErrors(errors) };
}

/** A form checked against its DTO at the pipe: the typed value and a message per refused field. */
export interface CheckedForm<T> {
  value: T;
  errors: FieldErrors;
}

/**
 * The pipe of a form that must not be refused at the door: `@Body(new CheckForm(Dto))`.
 * It validates like the global pipe but hands the messages on instead of throwing, so the
 * service adds the checks only it can make (a unit in scope, an open round, shares that add
 * up) and answers with every message at once, keeping the files that came with the form.
 */
export class CheckForm<T extends object> implements PipeTransform<unknown, Promise<CheckedForm<T>>> {
  constructor(private readonly dto: new () => T) {}

  transform(body: unknown): Promise<CheckedForm<T>> {
    return validateForm(this.dto, body);
  }
}
