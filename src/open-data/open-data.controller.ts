import { Controller, Get, NotFoundException, Param, Post, Render, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { isDistrictAdmin } from '../common/access';
import { formatInteger } from '../common/numbers';
import { contentDisposition } from '../common/content-disposition';
import { Ctx, Public, Roles } from '../common/decorators';
import { flash } from '../common/flash';
import { RequestContext } from '../common/request-context';
import { Role } from '../users/roles';
import { DATASETS, DICTIONARY, dictionary, LICENCE } from './datasets';
import { OPEN_DATA_HOUR, OpenDataService } from './open-data.service';

/** The names a file of the bundle may have: each dataset and the dictionary, as .csv and .json. */
const FILE_NAMES = new Set([...DATASETS, DICTIONARY].flatMap((d) => [`${d.name}.csv`, `${d.name}.json`]));

/** The open-data page and its files, for anyone (the files hold public data only). */
@Controller('open-data')
@Public()
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Get()
  @Render('open-data/index')
  async index(@Req() req: Request) {
    const files = new Map((await this.openData.files()).map((f) => [f.name, f]));
    const generatedAt = files.values().next().value?.generatedAt ?? null;
    return {
      title: 'Dữ liệu mở',
      generatedAt,
      hour: OPEN_DATA_HOUR,
      licence: LICENCE,
      canBuild: isDistrictAdmin(req.currentUser),
      datasets: [...DATASETS, DICTIONARY].map((d) => ({
        name: d.name,
        title: d.title,
        description: d.description,
        rows: files.has(`${d.name}.csv`) ? formatInteger(files.get(`${d.name}.csv`)?.rows ?? 0) : null,
      })),
      dictionary: dictionary(),
    };
  }

  /** A file of the bundle at its stable address (/open-data/sang-kien.csv); 404 before the first build. */
  @Get(':file')
  async file(@Param('file') name: string, @Res() res: Response) {
    const file = FILE_NAMES.has(name) ? await this.openData.file(name) : null;
    if (!file) throw new NotFoundException('Không có tệp dữ liệu mở này (hoặc dữ liệu mở chưa được tạo).');
    const csv = name.endsWith('.csv');
    res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    if (csv) res.setHeader('Content-Disposition', contentDisposition(name));
    res.setHeader('Last-Modified', file.generatedAt.toUTCString());
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(file.content);
  }
}

/** Building the bundle now: the system administrator. */
@Controller('open-data')
export class OpenDataAdminController {
  constructor(private readonly openData: OpenDataService) {}

  @Post('build')
  @Roles(Role.DistrictAdmin)
  async build(@Ctx() ctx: RequestContext, @Req() req: Request, @Res() res: Response) {
    const files = await this.openData.build(ctx);
    flash(req, 'success', `Đã tạo lại dữ liệu mở: ${files.length} tệp.`);
    res.redirect(303, '/open-data');
  }
}
