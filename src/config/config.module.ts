import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, settingsConfig } from './app-config';

@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), ConfigModule.forFeature(settingsConfig)],
  providers: [AppConfig],
  exports: [AppConfig],
})
export class SettingsModule {}
