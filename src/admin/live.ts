import type { IncomingMessage, ServerResponse } from 'node:http';
import { wallNow, wallTimeout } from '../core/clock.js';
import type { StandRuntime } from '../stand.js';

/** At most one push per this many wall ms; a change is pushed at most this late. */
export const PUSH_GAP_MS = 100;

/**
 * Turns a burst of pokes into few calls: the first poke after a quiet spell runs `fn` on the
 * next turn of the event loop (so a synchronous burst, e.g. a clock advance that runs 1,000
 * tasks, is one call); later pokes run it once more, `gapMs` after the previous call.
 */
export class Coalescer {
  readonly #fn: () => void;
  readonly #gapMs: number;
  #cancel: (() => void) | undefined;
  #last = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(fn: () => void, gapMs: number) {
    this.#fn = fn;
    this.#gapMs = gapMs;
  }

  poke(): void {
    if (this.#cancel || this.#stopped) return;
    const wait = Math.max(0, this.#last + this.#gapMs - wallNow());
    this.#cancel = wallTimeout(() => {
      this.#cancel = undefined;
      this.#last = wallNow();
      this.#fn();
    }, wait);
  }

  stop(): void {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = undefined;
  }
}

/**
 * Serves one server-sent event stream: `hello` at once, then `change` after changes of the
 * stand (coalesced), each with `{version, now}`. The page re-reads what it shows on each.
 * Nothing is sent while nothing changes; EventSource reconnects by itself if the stream drops.
 */
export function serveEvents(stand: StandRuntime, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Proxies (nginx) must not buffer the stream.
    'x-accel-buffering': 'no',
  });
  const payload = () => JSON.stringify({ version: stand.version, now: new Date(stand.now()).toISOString() });
  let sent = stand.version;
  res.write(`retry: 1000\nevent: hello\ndata: ${payload()}\n\n`);
  const coalescer = new Coalescer(() => {
    if (res.destroyed || stand.version === sent) return;
    sent = stand.version;
    res.write(`event: change\ndata: ${payload()}\n\n`);
  }, PUSH_GAP_MS);
  const off = stand.onChange(() => coalescer.poke());
  const stop = () => {
    off();
    coalescer.stop();
  };
  req.on('close', stop);
  res.on('close', stop);
}
