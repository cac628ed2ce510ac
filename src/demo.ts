// `npm run demo`: the application on its own demo database (DATA_DIR/demo.sqlite) and
// upload folder (DATA_DIR/demo-uploads), filled on first start with tỉnh Quảng Trị of 2026
// and the records of huyện Vĩnh Linh before 01/07/2025.
// Honours PORT and DATA_DIR like `npm start`; its files never mix with the real ones.
import 'reflect-metadata';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { DemoModule } from './demo/demo.module';
import { exitOnSettingsError, start } from './main';

process.env.DATABASE_FILE = process.env.DATABASE_FILE || 'demo.sqlite';
process.env.UPLOAD_DIR = process.env.UPLOAD_DIR || join(process.env.DATA_DIR || 'data', 'demo-uploads');

start(AppModule.register([DemoModule])).catch(exitOnSettingsError);
