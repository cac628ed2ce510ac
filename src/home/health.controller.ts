import { Controller, Get, Logger, Res } from '@nestjs/common';
import { Response } from 'express';
import { Public } from '../common/decorators';
import { RETRY_AFTER_SECONDS } from '../common/http-exception.filter';
import { databaseErrorLine } from '../database/availability';
import { DatabaseHealth } from '../database/health';

@Controller('healthz')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(private readonly health: DatabaseHealth) {}

  /** 200 when the database can really be read (see DatabaseHealth), 503 otherwise. For load balancers and monitoring. */
  @Get()
  @Public()
  async check(@Res() res: Response) {
    try {
      await this.health.check();
      res.status(200).json({ status: 'ok', database: 'ok' });
    } catch (e) {
      this.logger.error(`health check failed: ${databaseErrorLine(e)}`);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(503).json({ status: 'error', database: 'unreachable' });
    }
  }
}
