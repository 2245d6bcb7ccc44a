import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  method: string;
  /** Path and query as received. */
  url: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body parsed as application/x-www-form-urlencoded (empty for GET). */
  form: Record<string, string>;
}

/** What the sink answers to the Nth request (0-based): a status, or 'hang' (never answers), or 'reset'. */
export type SinkBehaviour = (n: number, req: ReceivedCallback) => number | 'hang' | 'reset';

export interface CallbackSink {
  /** Base URL, e.g. http://127.0.0.1:12345 */
  readonly url: string;
  readonly received: ReceivedCallback[];
  /** Resolves once `count` callbacks have arrived (no polling, no sleeps). */
  waitFor(count: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

/** A receiver on port 0 that records every request; by default it answers 200. */
export async function startCallbackSink(behaviour: SinkBehaviour = () => 200): Promise<CallbackSink> {
  const received: ReceivedCallback[] = [];
  const waiters: { count: number; resolve: (r: ReceivedCallback[]) => void }[] = [];
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://sink');
      const entry: ReceivedCallback = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        form: req.method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : {},
      };
      const n = received.length;
      received.push(entry);
      for (const w of [...waiters]) {
        if (received.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(received.slice());
        }
      }
      const answer = behaviour(n, entry);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor(count: number) {
      if (received.length >= count) return Promise.resolve(received.slice());
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
