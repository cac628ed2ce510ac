import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { OptionalText, RequiredText } from '../../common/validation';

const objectOrEmpty = () => Transform(({ value }) => (value && typeof value === 'object' && !Array.isArray(value) ? value : {}));

/**
 * The score sheet: points[c<criterionId>], comments[c<criterionId>], overall comment (the
 * "c" keeps the form parser from reading the keys as array positions).
 */
export class SheetDto {
  @objectOrEmpty()
  @IsObject()
  @IsOptional()
  points: Record<string, string> = {};

  @objectOrEmpty()
  @IsObject()
  @IsOptional()
  comments: Record<string, string> = {};

  @OptionalText('nhận xét chung', 10000)
  overallComment: string = '';

  @IsIn(['draft', 'submit'], { message: 'Thao tác không hợp lệ.' })
  intent: 'draft' | 'submit' = 'draft';
}

export class ConflictDto {
  @OptionalText('lý do', 2000)
  conflictReason: string = '';
}

/**
 * The assignment matrix: cells[i<initiativeId>] = the ids of the members assigned. The
 * "i" keeps the keys from being read as array positions by the form parser.
 */
export class MatrixDto {
  @objectOrEmpty()
  @IsObject()
  @IsOptional()
  cells: Record<string, string | string[]> = {};
}

export function matrixCells(dto: MatrixDto): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, value] of Object.entries(dto.cells ?? {})) {
    const m = /^i(\d+)$/.exec(key);
    if (!m) continue;
    out[m[1]] = (Array.isArray(value) ? value : [value]).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  }
  return out;
}

/** A council note; `back` is the page to return to. */
export class NoteDto {
  @RequiredText('nội dung trao đổi', 5000)
  body: string;

  @OptionalText('trả lời', 12)
  parentId: string = '';

  @OptionalText('trang', 100)
  back: string = '';
}
