import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators';

@Controller('healthz')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * 200 when the database answers a read of a real table (a bare SELECT 1 would not touch
   * the file), 503 otherwise. For load balancers and monitoring.
   */
  @Get()
  @Public()
  async check(@Res() res: Response) {
    try {
      await this.db.query('SELECT "id" FROM "users" ORDER BY "id" LIMIT 1');
      res.status(200).json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  }
}
