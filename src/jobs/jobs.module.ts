import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { InProcessJobs } from './in-process-jobs';
import { Jobs } from './jobs';
import { PgBossJobs } from './pg-boss-jobs';

/** How often an idle worker asks PostgreSQL for jobs enqueued by other instances, in seconds. */
const POLLING_SECONDS = 2;

/** The job queue (see jobs.ts): in the database on PostgreSQL, in this process on SQLite. */
@Global()
@Module({
  providers: [
    {
      provide: Jobs,
      inject: [UnitOfWork, AppConfig],
      useFactory: (uow: UnitOfWork, config: AppConfig): Jobs => {
        const url = config.get('databaseUrl');
        const retrySeconds = config.get('jobRetrySeconds');
        return url
          ? new PgBossJobs(uow, { url, retrySeconds, expireSeconds: config.get('jobExpireSeconds'), maintenanceSeconds: config.get('jobCheckSeconds'), pollingSeconds: POLLING_SECONDS })
          : new InProcessJobs(uow, retrySeconds);
      },
    },
  ],
  exports: [Jobs],
})
export class JobsModule {}
