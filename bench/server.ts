// The application as the benchmark runs it (in its own process, so the load generator
// and the memory sampling do not disturb it), plus routes of its own: the ceiling
// (the catalogue page rendered from a fixed view model, with no database work) and the
// number of requests still in flight (so one scenario starts when the last has drained), and
// the event loop's longest block and the CPU time between two calls (loop/start, loop/stop).
import 'reflect-metadata';
import { IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Controller, Get, MiddlewareConsumer, Module, NestModule, OnApplicationBootstrap, Render } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { AppModule } from '../src/app.module';
import { Public } from '../src/common/decorators';
import { InitiativesModule } from '../src/initiatives/initiatives.module';
import { InitiativesView } from '../src/initiatives/initiatives.view';
import { exitOnSettingsError, start } from '../src/main';

const inFlight = new Set<Request>();

function countInFlight(req: Request, res: Response, next: NextFunction): void {
  // A request whose client already left (the load generator stops at the end of a
  // scenario) has had its 'close' event: it would never leave the set.
  if (req.originalUrl.startsWith('/bench/inflight') || inFlight.has(req) || req.socket.destroyed) return next();
  inFlight.add(req);
  res.once('close', () => inFlight.delete(req));
  next();
}

@Controller('bench')
class BenchController implements OnApplicationBootstrap {
  private model: Record<string, unknown> = {};

  constructor(private readonly view: InitiativesView) {}

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

  /** Starts measuring the event loop's delays (1 ms resolution) and this process's CPU time. */
  @Get('loop/start')
  @Public()
  loopStart() {
    this.loop?.disable();
    this.loop = monitorEventLoopDelay({ resolution: 1 });
    this.loop.enable();
    this.cpu = process.cpuUsage();
    this.started = performance.now();
    return { started: true };
  }

  /**
   * Since loop/start: the longest time the event loop was held (the worst delay of a 1 ms
   * timer), the process's CPU time (every thread: JavaScript, the SQLite driver's, the
   * garbage collector) and the time passed, in ms.
   */
  @Get('loop/stop')
  @Public()
  loopStop() {
    const cpu = process.cpuUsage(this.cpu);
    const loop = this.loop;
    loop?.disable();
    this.loop = null;
    return { maxBlockMs: loop ? loop.max / 1e6 : null, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - this.started };
  }

  @Get('inflight')
  @Public()
  inflight() {
    return { inFlight: inFlight.size, urls: [...inFlight].map((r) => `${r.method} ${r.originalUrl}`) };
  }
}

@Module({ imports: [InitiativesModule], controllers: [BenchController] })
class BenchModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(countInFlight).forRoutes('{*splat}');
  }
}

start(AppModule.register([BenchModule])).catch(exitOnSettingsError);
