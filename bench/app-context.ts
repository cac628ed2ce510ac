// The application without HTTP, in the benchmark's own process, for benchmarks that call its
// services directly (bench/novelty.ts, bench/scale.ts).
import 'reflect-metadata';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { Target } from './targets';

/** The application on the target's database, files under `dir`, the read cache off (READ_CACHE_SECONDS=0). */
export async function uncachedApp(target: Target, dir: string): Promise<INestApplicationContext> {
  const saved = { ...process.env };
  Object.assign(process.env, target.env, { DATA_DIR: join(dir, 'data'), UPLOAD_DIR: join(dir, 'uploads'), READ_CACHE_SECONDS: '0', NODE_ENV: 'production' });
  try {
    return await NestFactory.createApplicationContext(AppModule.register(), { logger: ['error'] });
  } finally {
    process.env = saved;
  }
}
