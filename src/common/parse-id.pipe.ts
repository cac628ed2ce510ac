import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

/** Route ids: a positive whole number, or the page does not exist (404). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,12}$/.test(value) || Number(value) < 1) throw new NotFoundException('Không tìm thấy trang hoặc bản ghi.');
    return Number(value);
  }
}
