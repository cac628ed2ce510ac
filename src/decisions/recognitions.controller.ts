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
  ownXlsx(@Ctx() ctx: RequestContext, @Res() res: Response) {
    return this.xlsx(ctx, ctx.user.id, res);
  }

  @Get('account/recognitions.csv')
  ownCsv(@Ctx() ctx: RequestContext, @Query('sep') sep: string | undefined, @Res() res: Response) {
    return this.csv(ctx, ctx.user.id, sep, res);
  }

  /** Another person's: for those who manage the account (403 otherwise, naming nothing of it). */
  @Get('users/:id/recognitions')
  @Render('decisions/recognitions')
  of(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext) {
    return this.view.page(ctx, id);
  }

  @Get('users/:id/recognitions.xlsx')
  ofXlsx(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Res() res: Response) {
    return this.xlsx(ctx, id, res);
  }

  @Get('users/:id/recognitions.csv')
  ofCsv(@Param('id', ParseIdPipe) id: number, @Ctx() ctx: RequestContext, @Query('sep') sep: string | undefined, @Res() res: Response) {
    return this.csv(ctx, id, sep, res);
  }

  /** One person's list as a workbook (the view refuses someone who may not see it). */
  private async xlsx(ctx: RequestContext, userId: number, res: Response): Promise<void> {
    const { rows, fileStem } = await this.view.rows(ctx, userId);
    await writeXlsx(res, `${fileStem}.xlsx`, 'Sáng kiến được công nhận', RECOGNITION_EXPORT_COLUMNS, once(rows));
  }

  /** The same as CSV (`?sep=semicolon` for Excel with Vietnamese settings). */
  private async csv(ctx: RequestContext, userId: number, sep: string | undefined, res: Response): Promise<void> {
    const { rows, fileStem } = await this.view.rows(ctx, userId);
    await writeCsv(res, `${fileStem}.csv`, RECOGNITION_EXPORT_COLUMNS, once(rows), csvSeparator(sep));
  }
}

async function* once<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}
