import { PassThrough } from 'node:stream';
import { IncomingMessage } from 'node:http';
import { runInNewContext } from 'node:vm';
import { collectBodyChunks, COLLECT_EVERY_BYTES } from './body-chunks';

const MB = 1024 * 1024;

async function send(body: PassThrough, chunks: number, size: number): Promise<void> {
  body.resume();
  for (let i = 0; i < chunks; i++) body.write(Buffer.alloc(size));
  body.end();
  await new Promise((r) => body.once('end', r));
}

describe(collectBodyChunks.name, () => {
  it('has V8 collect its young generation once per COLLECT_EVERY_BYTES received, all requests together, and leaves no gc to other code', async () => {
    expect(COLLECT_EVERY_BYTES).toBe(8 * MB);
    // The real collector, taken with the flag on only while its context is made.
    const first = new PassThrough();
    collectBodyChunks(first as unknown as IncomingMessage);
    await send(first, 20, MB);
    expect(runInNewContext('typeof gc')).toBe('undefined');
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('counts bytes across requests and calls the collector for a minor collection', async () => {
    jest.resetModules();
    const gc = jest.fn();
    (globalThis as { gc?: unknown }).gc = gc;
    try {
      const fresh = (await import('./body-chunks')) as typeof import('./body-chunks');
      const a = new PassThrough();
      const b = new PassThrough();
      fresh.collectBodyChunks(a as unknown as IncomingMessage);
      fresh.collectBodyChunks(b as unknown as IncomingMessage);
      await send(a, 5, MB);
      expect(gc).not.toHaveBeenCalled();
      await send(b, 5, MB);
      expect(gc).toHaveBeenCalledTimes(1);
      expect(gc).toHaveBeenCalledWith({ type: 'minor' });
    } finally {
      delete (globalThis as { gc?: unknown }).gc;
    }
  });

  it('does not start a paused request flowing', () => {
    const req = new PassThrough();
    req.pause();
    collectBodyChunks(req as unknown as IncomingMessage);
    expect(req.readableFlowing).toBe(false);
  });
});
