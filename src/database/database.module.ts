import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ChangeFeed } from './change-feed';
import { DatabaseHealth } from './health';
import { Installation } from './installation';
import { ReadCache } from './read-cache';
import { ReadPool } from './read-pool';
import { ReadSource } from './read-source';
import { SqliteStatistics } from './sqlite-statistics';
import { openDatabase } from './startup';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const url = config.get('databaseUrl');
        return {
          ...dataSourceOptions(config.get('dataDir'), undefined, url ? { url, poolSize: config.get('databasePoolSize') } : undefined),
          autoLoadEntities: true,
          startWaitSeconds: config.get('databaseStartWaitSeconds'),
          // openDatabase tries again itself, one log line per attempt (the module's own
          // retries would log a whole stack trace each time).
          retryAttempts: 0,
          toRetry: () => false,
        };
      },
      // Migrations run here, one instance at a time on PostgreSQL; a server that is not up
      // yet is waited for (see openDatabase).
      dataSourceFactory: (options) => {
        const { startWaitSeconds, ...rest } = options as DataSourceOptions & { startWaitSeconds?: number };
        return openDatabase(rest as DataSourceOptions, startWaitSeconds);
      },
    }),
  ],
  providers: [
    UnitOfWork,
    ChangeFeed,
    DatabaseHealth,
    Installation,
    ReadPool,
    ReadSource,
    SqliteStatistics,
    {
      provide: ReadCache,
      inject: [UnitOfWork, AppConfig],
      useFactory: (uow: UnitOfWork, config: AppConfig) => new ReadCache(uow, { ttlMs: config.get('readCacheSeconds') * 1000 }),
    },
  ],
  exports: [UnitOfWork, DatabaseHealth, Installation, ReadPool, ReadCache, SqliteStatistics],
})
export class DatabaseModule {}
