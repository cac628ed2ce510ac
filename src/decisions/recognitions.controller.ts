import { Controller, Get, Param, Query, Render, Res } from '@nestjs/common';
import { Response } from 'express';
import { Ctx } from '../common/decorators';
import { csvSeparator, writeCsv, writeXlsx } from '../common/exports';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { RequestContext } from '../common/request-context';
import { RECOGNITION_EXPORT_COLUMNS } from './recognitions';
import { RecognitionsView } from './recognitions.view';

/**
 * A person's recognised initiatives, for their emulation dossier (hồ sơ thi đua, khen
 * thưởng): their own page, and the page of an account for those who manage it; printable and
 * exported as a workbook or CSV.
 */
@Controller()
export class RecognitionsController {
  constructor(private readonly view: RecognitionsView) {}

  @Get('account/recognitions')
  @Render('decisions/recognitions')
  own(@Ctx() ctx: RequestContext) {
    return this.view.page(ctx, ctx.user.id);
  }

  @Get('account/recognitions.xlsx')
  async ownXlsx(@Ctx() ctx: RequestContext, @Res() res: Response) {
    const { rows, fileStem } = await this.view.rows(ctx, ctx.user.id);
    await writeXlsx(res, `${fileStem}.xlsx`, 'Sáng kiến được công nhận', RECOGNITION_EXPORT_COLUMNS, once(rows));
  }

  @Get('account/recognitions.csv')
  async ownCsv(@Ctx() ctx: RequestContext, @Query('sep') sep: string | undefined, @Res() res: Response) {
    const { rows, fileStem } = await this.view.rows(ctx, ctx.user.id);
    await writeCsv(res, `${fileStem}.csv`, RECOGNITION_EXPORT_COLUMNS, once(rows), csvSeparator(sep));
  }

  /** Another person's: for those who manage the account (403 otherwise, naming nothing of it). */
  @Get('users/:id/recognitions')
  @Render('decisions/recognitions')
  of(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.page(ctx, id);
  }

  @Get('users/:id/recognitions.xlsx')
  async ofXlsx(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Res() res: Response) {
    const { rows, fileStem } = await this.view.rows(ctx, id);
    await writeXlsx(res, `${fileStem}.xlsx`, 'Sáng kiến được công nhận', RECOGNITION_EXPORT_COLUMNS, once(rows));
  }
}

async function* once<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}
