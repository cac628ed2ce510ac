import { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Node's HTTP parser copies every chunk of a request body into a buffer of its own (up to
// 64 KB), dead as soon as multer has written it to disk. V8 frees such buffers only when
// it collects its young generation, and collects for their sake only once they reach
// 32 MB (twice its default semi-space; the flags do not move that threshold): a 50 MB upload
// otherwise leaves up to 32 MB of dead chunks in the process's resident memory. A young
// collection (about a millisecond) after every few MB received keeps them to a few MB.

/** Body bytes received, all requests together, between two young collections. */
export const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

type Collect = (options: { type: 'minor' }) => void;

let collect: Collect | null | undefined;
let sinceCollection = 0;

/**
 * V8's `gc` function: the one `--expose-gc` gives, or else one taken from a new context
 * with the flag switched on only while it is created (nothing else sees a `gc`).
 */
function youngCollector(): Collect | null {
  if (collect !== undefined) return collect;
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (typeof exposed === 'function') return (collect = exposed);
  setFlagsFromString('--expose-gc');
  try {
    collect = runInNewContext('typeof gc === "function" ? gc : null') as Collect | null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/** Counts a request's body as it arrives and has V8 free the chunks already consumed every COLLECT_EVERY_BYTES. */
export function collectBodyChunks(req: IncomingMessage): void {
  const gc = youngCollector();
  if (!gc) return;
  // A 'data' listener on a paused stream does not resume it: the parser's reads decide the pace.
  req.on('data', (chunk: Buffer) => {
    sinceCollection += chunk.length;
    if (sinceCollection < COLLECT_EVERY_BYTES) return;
    sinceCollection = 0;
    gc({ type: 'minor' });
  });
}
