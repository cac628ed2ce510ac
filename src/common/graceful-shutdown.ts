import { INestApplication, Injectable, Logger, OnApplicationShutdown, ShutdownSignal } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

/** How long a stop lets the requests being answered finish (an upload on a slow line among them). */
export const DRAIN_MS = 30_000;

/**
 * The requests being answered. A stop (see shutDown) lets them finish first: the
 * application's own closing (jobs, mail, the database's connections) would otherwise pull
 * the database from under them.
 */
@Injectable()
export class InFlightRequests implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private count = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly onClose: (() => void)[] = [];

  /** Express middleware: counts a request from its arrival until its response is done or its connection gone. */
  readonly track = (req: Request, res: Response, next: NextFunction): void => {
    // A client already gone has nothing to wait for (and its response may never close again).
    if (req.socket.destroyed) return next();
    this.count++;
    res.once('close', () => {
      this.count--;
      if (this.count === 0) for (const done of this.waiting.splice(0)) done();
    });
    next();
  };

  /** How many requests are being answered. */
  get size(): number {
    return this.count;
  }

  /** Takes no new connection, then waits (at most `ms`, then cuts them) until no request is being answered. */
  async drain(server: Server, ms: number): Promise<void> {
    // Node also closes at once the kept-alive connections that carry no request.
    if (server.listening) server.close();
    if (this.count > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.count > 0) {
      // Past the wait, their connections are cut: a closed server ends only when its last
      // connection does, and a client gone quiet would hold the stop for ever.
      this.logger.warn(`Dừng sau ${ms / 1000} giây chờ: ${this.count} yêu cầu chưa trả lời xong bị cắt.`);
      server.closeAllConnections();
    } else {
      // Those whose last response went out meanwhile.
      server.closeIdleConnections();
    }
  }

  /** `done` runs when the application has closed. */
  whenClosed(done: () => void): void {
    this.onClose.push(done);
  }

  onApplicationShutdown(): void {
    for (const done of this.onClose.splice(0)) done();
  }
}

/**
 * Stops the application: no new connection, the requests being answered finish (at most
 * `ms`), then its modules close (jobs, mail, the database last). Nest's own order closed
 * the modules first and the server last: a request still running then answered 500
 * ("Database handle is closed"), a write among them undone.
 */
export async function shutDown(app: INestApplication, ms = DRAIN_MS): Promise<void> {
  await app.get(InFlightRequests).drain(app.getHttpServer() as Server, ms);
  await app.close();
}

/**
 * On a stop signal (SIGTERM from systemd or a container, Ctrl-C, and the others Nest's
 * shutdown hooks listen to): shutDown, then the signal ends the process as it would have.
 * The listeners go when the application closes (a test run starts many applications).
 */
export function closeOnSignals(app: INestApplication): void {
  const signals = Object.values(ShutdownSignal) as NodeJS.Signals[];
  let stopping = false;
  const forget = () => {
    for (const s of signals) process.removeListener(s, stop);
  };
  function stop(signal: NodeJS.Signals): void {
    // A second signal while stopping changes nothing.
    if (stopping) return;
    stopping = true;
    shutDown(app).then(
      () => {
        forget();
        process.kill(process.pid, signal);
      },
      (e: Error) => {
        new Logger('Shutdown').error(`Dừng không trọn vẹn: ${e.stack ?? e.message}`);
        process.exit(1);
      },
    );
  }
  for (const s of signals) process.on(s, stop);
  app.get(InFlightRequests).whenClosed(forget);
}
