import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

/** A route id: decimal digits only ("0x10", "1e3", " 7" are not ids), or 404. */
export function parseId(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value) || Number(value) < 1) throw new NotFoundException('Không tìm thấy trang hoặc bản ghi.');
  return Number(value);
}

/** Route ids: a positive whole number, or the page does not exist (404). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    return parseId(value);
  }
}
