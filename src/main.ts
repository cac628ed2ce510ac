import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppConfig } from './config/app-config';
import { SettingsError } from './config/settings';

export async function start(module = AppModule.register()): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false });
  await configureApp(app);
  const port = app.get(AppConfig).get('port');
  await app.listen(port);
  new Logger('Main').log(`Kho sáng kiến đang chạy tại http://localhost:${port}`);
  return app;
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
