import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators';
import { checkDatabase } from '../database/health';

@Controller('healthz')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 200 when the database can really be read (see checkDatabase), 503 otherwise. For load balancers and monitoring. */
  @Get()
  @Public()
  async check(@Res() res: Response) {
    try {
      await checkDatabase(this.db);
      res.status(200).json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  }
}
