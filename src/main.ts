import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppLogger } from './common/app-logger';
import { AppConfig } from './config/app-config';
import { SettingsError } from './config/settings';

export async function start(module = AppModule.register()): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false, logger: new AppLogger() });
  await configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.get('port'));
  // The port it listens on (PORT=0 lets the system choose a free one).
  const { port } = app.getHttpServer().address() as AddressInfo;
  const logger = new Logger('Main');
  logger.log(`Kho sáng kiến đang chạy tại http://localhost:${port}`);
  logger.log(`Cơ sở dữ liệu: ${describeDatabase(app.get(DataSource))}; tệp tải lên: ${config.get('uploadDir')}`);
  logger.log(config.get('production') ? 'Chế độ: production (giao diện được lưu đệm).' : 'Chế độ: phát triển (giao diện dựng lại mỗi lần); khi dùng thật, đặt NODE_ENV=production.');
  return app;
}

/** The database as the start-up line names it: never a password. */
function describeDatabase(db: DataSource): string {
  const options = db.options;
  if (options.type === 'sqlite') return `SQLite ${String(options.database)}`;
  if (options.type === 'postgres' && options.url) {
    const url = new URL(options.url);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return options.type;
}

export function exitOnSettingsError(e: unknown): never {
  if (e instanceof SettingsError) {
    console.error(e.message);
  } else {
    console.error(e);
  }
  process.exit(1);
}

if (require.main === module) {
  start().catch(exitOnSettingsError);
}
