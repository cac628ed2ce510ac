// `npm run demo`: the application on its own demo database (DATA_DIR/demo.sqlite),
// filled with huyện Vĩnh Linh on first start. Honours PORT and DATA_DIR like `npm start`.
import 'reflect-metadata';
import { AppModule } from './app.module';
import { DemoModule } from './demo/demo.module';
import { exitOnSettingsError, start } from './main';

process.env.DATABASE_FILE = process.env.DATABASE_FILE || 'demo.sqlite';

start(AppModule.register([DemoModule])).catch(exitOnSettingsError);
