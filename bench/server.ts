// The application as the benchmark runs it (in its own process, so the load generator
// and the memory sampling do not disturb it), plus routes of its own: the ceiling
// (the catalogue page rendered from a fixed view model, with no database work) and the
// number of requests still in flight (so one scenario starts when the last has drained), and
// the event loop's longest block and the CPU time between two calls (loop/start, loop/stop).
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Controller, Get, Module, OnApplicationBootstrap, Query, Render } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { InFlightRequests } from '../src/common/graceful-shutdown';
import { DataChange } from '../src/database/data-changes';
import { ReadCache } from '../src/database/read-cache';
import { Public } from '../src/common/decorators';
import { InitiativesModule } from '../src/initiatives/initiatives.module';
import { InitiativesView } from '../src/initiatives/initiatives.view';
import { exitOnSettingsError, start } from '../src/main';

@Controller('bench')
class BenchController implements OnApplicationBootstrap {
  private model: Record<string, unknown> = {};

  constructor(
    private readonly view: InitiativesView,
    private readonly cache: ReadCache,
    private readonly modules: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // One real page of results, computed once.
    this.model = { title: 'Danh mục sáng kiến được công nhận', ...(await this.view.list({ q: 'dich vu cong' }, { public: true }, '/catalogue')) };
  }

  @Get('ceiling')
  @Public()
  @Render('catalogue/index')
  ceiling() {
    return this.model;
  }

  private loop: IntervalHistogram | null = null;
  private cpu = process.cpuUsage();
  private started = 0;
  private ticker: NodeJS.Timeout | null = null;
  private ownBlock = 0;

  /**
   * Starts measuring the event loop's delays (1 ms resolution), the longest stretch of the
   * main thread's own work between two ticks of a 1 ms timer, and this process's CPU time;
   * with `forget` (a data change, `programme:2`), first drops from the read cache what
   * depends on it, as a report does (the rest of the cache stays warm).
   */
  @Get('loop/start')
  @Public()
  loopStart(@Query('forget') forget?: string) {
    if (forget) this.cache.changed(new Set([forget as DataChange]));
    this.stopLoop();
    this.loop = monitorEventLoopDelay({ resolution: 1 });
    this.loop.enable();
    // The main thread's time on a CPU (Linux: its schedstat, in ns), read at each tick: the
    // most it ran between two ticks is the longest the loop was held by this process's own
    // work, without the time the system gave the CPU to others (a shared machine).
    let last = mainThreadRunNs();
    this.ownBlock = 0;
    if (last !== null) {
      this.ticker = setInterval(() => {
        const now = mainThreadRunNs() as number;
        this.ownBlock = Math.max(this.ownBlock, (now - (last as number)) / 1e6);
        last = now;
      }, 1);
    }
    this.cpu = process.cpuUsage();
    this.started = performance.now();
    return { started: true };
  }

  /**
   * Since loop/start: the longest time the event loop was held (the worst delay of a 1 ms
   * timer: the machine's other work included), the longest the main thread ran between two
   * ticks (its own work only; null off Linux), the process's CPU time (every thread:
   * JavaScript, the SQLite driver's, the garbage collector) and the time passed, in ms.
   */
  @Get('loop/stop')
  @Public()
  loopStop() {
    const cpu = process.cpuUsage(this.cpu);
    const loop = this.loop;
    const ownBlockMs = this.ticker ? this.ownBlock : null;
    this.stopLoop();
    return { maxBlockMs: loop ? loop.max / 1e6 : null, ownBlockMs, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - this.started };
  }

  private stopLoop(): void {
    this.loop?.disable();
    this.loop = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  @Get('inflight')
  @Public()
  inflight() {
    // The application's own count (the one a stop waits on), without this request.
    return { inFlight: this.modules.get(InFlightRequests, { strict: false }).size - 1 };
  }
}

/** The main thread's time on a CPU so far, in ns (Linux); null where it cannot be read. */
function mainThreadRunNs(): number | null {
  try {
    return Number(readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

@Module({ imports: [InitiativesModule], controllers: [BenchController] })
class BenchModule {}

start(AppModule.register([BenchModule])).catch(exitOnSettingsError);
