import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';

export type FieldErrors = Record<string, string>;

/** Invalid form input: one Vietnamese message per field name. */
export class FormInvalidException extends BadRequestException {
  constructor(
    public readonly errors: FieldErrors,
    /** Values to show again instead of the posted ones (rarely needed). */
    public readonly values?: Record<string, unknown>,
    /** The status of the page that shows the form again (400, or 507 when the disk refused). */
    public readonly renderStatus: HttpStatus = HttpStatus.BAD_REQUEST,
  ) {
    super('Dữ liệu nhập chưa hợp lệ');
  }
}

/** Raised by FormViewInterceptor once the view model of the form is ready. */
export class FormRenderException extends HttpException {
  constructor(
    public readonly view: string,
    public readonly model: Record<string, unknown>,
    status = HttpStatus.BAD_REQUEST,
  ) {
    super('form', status);
  }
}

/** Not signed in: the filter sends the person to the sign-in page and back. */
export class SignInRequiredException extends HttpException {
  constructor() {
    super('Vui lòng đăng nhập', HttpStatus.UNAUTHORIZED);
  }
}

/** Signed in with a password that an administrator reset: choose a new one first. */
export class PasswordChangeRequiredException extends HttpException {
  constructor() {
    super('Vui lòng đổi mật khẩu', HttpStatus.FORBIDDEN);
  }
}

/** What a record asked for by id is, in the words of the message "Không tìm thấy …". */
const ENTITY_NAMES = {
  initiative: 'sáng kiến',
  round: 'đợt xét',
  councilMember: 'thành viên hội đồng',
  effectItem: 'sáng kiến trong đợt xét hiệu quả áp dụng',
  assignment: 'phân công chấm',
  programme: 'kế hoạch nhân rộng',
  adoption: 'bản ghi áp dụng',
  attachment: 'tệp đính kèm',
  unit: 'đơn vị',
  user: 'người dùng',
  field: 'lĩnh vực',
  'legal-basis': 'căn cứ pháp lý',
} as const;

export type EntityName = keyof typeof ENTITY_NAMES;

/**
 * A record asked for by id does not exist. Repositories throw it (they know no page nor
 * its wording); the exception filter answers 404 with "Không tìm thấy …".
 */
export class EntityNotFound extends Error {
  constructor(
    readonly entity: EntityName,
    readonly id: number | string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'EntityNotFound';
  }

  /** The message the person reads. */
  get vietnamese(): string {
    return `Không tìm thấy ${ENTITY_NAMES[this.entity]}.`;
  }
}

/**
 * A submission refused for what the initiative still lacks: `errors` names each missing
 * part by its field (as a form's errors do). `editable`: the one who tried may edit it, so the
 * edit form can show them the parts to fill, marked.
 */
export class SubmissionIncompleteException extends BadRequestException {
  constructor(
    message: string,
    public readonly errors: FieldErrors,
    public readonly editable: boolean,
  ) {
    super(message);
  }
}
