import { AppLogger, logLevels } from './app-logger';

describe(AppLogger.name, () => {
  function printed(level: string | undefined, write: (logger: AppLogger) => void): string {
    const out: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      write(new AppLogger(level));
    } finally {
      stdout.mockRestore();
    }
    return out.join('');
  }

  it("leaves out Nest's per-module and per-route start-up lines unless LOG_LEVEL=debug, and stamps lines with an ISO time", () => {
    const quiet = printed(undefined, (l) => {
      l.log('Mapped {/catalogue, GET} route', 'RouterExplorer');
      l.log('Kho sáng kiến đang chạy tại http://localhost:3000', 'Main');
    });
    expect(quiet).not.toContain('Mapped');
    expect(quiet).toContain('Kho sáng kiến đang chạy tại http://localhost:3000');
    expect(quiet).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    expect(quiet).not.toMatch(/\b(AM|PM)\b/);
    expect(printed('debug', (l) => l.log('Mapped {/catalogue, GET} route', 'RouterExplorer'))).toContain('Mapped {/catalogue, GET} route');
  });

  it('reads LOG_LEVEL: debug shows everything, warn and error fewer, anything else the usual lines', () => {
    expect(logLevels('debug')).toContain('debug');
    expect(logLevels('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(logLevels(undefined)).toEqual(['fatal', 'error', 'warn', 'log']);
  });
});
