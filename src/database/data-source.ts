// Data source for the TypeORM command line (migration:generate / run / revert).
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/settings';
import { dataSourceOptions } from './data-source-options';

const settings = validateEnvironment(process.env);

export default new DataSource({
  ...dataSourceOptions(settings.dataDir, undefined, settings.databaseUrl ? { url: settings.databaseUrl, poolSize: 2 } : undefined),
  migrationsRun: false,
  entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
});
