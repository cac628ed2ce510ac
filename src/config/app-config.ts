import { Inject, Injectable } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { Settings, validateEnvironment } from './settings';

/**
 * Settings are read and validated when the application starts (not when this file is
 * imported), so each test application can point at its own temporary folders.
 */
export const settingsConfig = registerAs('settings', () => validateEnvironment(process.env));

/** Typed access to the validated settings. */
@Injectable()
export class AppConfig {
  constructor(@Inject(settingsConfig.KEY) private readonly settings: ConfigType<typeof settingsConfig>) {}

  get<K extends keyof Settings>(key: K): Settings[K] {
    return this.settings[key];
  }
}
