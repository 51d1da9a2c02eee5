import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: number;
  signature: string;
  headers: IncomingMessage['headers'];
  body: string;
  payload: { type: string; id: string; timestamp: string; data: Record<string, unknown> };
  /** Which of the receiver's secrets verified it (by the standardwebhooks package). */
  verifiedWith: string[];
  at: number;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'reset';

/**
 * A loopback HTTP receiver that verifies every request with the stock `standardwebhooks`
 * package (never the gateway's own verifier) and answers as `respond` says.
 */
export async function startReceiver(opts: { respond?: (r: Received, nth: number) => Reply | Promise<Reply> } = {}) {
  const received: Received[] = [];
  let secrets: string[] = [];
  const sockets = new Set<Socket>();
  const waiters: { pred: () => boolean; resolve: () => void }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verifiedWith = secrets.filter((s) => {
        try {
          new Webhook(s).verify(body, req.headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      });
      const r: Received = {
        id: String(req.headers['webhook-id']),
        timestamp: Number(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        headers: req.headers,
        body,
        payload: JSON.parse(body),
        verifiedWith,
        at: Date.now(),
      };
      received.push(r);
      const reply = opts.respond ? await opts.respond(r, received.length) : { status: 200 };
      if (reply === 'hang') return;
      if (reply === 'reset') {
        req.socket.destroy();
      } else {
        res.writeHead(reply.status, reply.headers).end(reply.body ?? 'ok');
      }
      for (const w of [...waiters]) {
        if (w.pred()) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    setSecrets(list: string[]) {
      secrets = list;
    },
    /** Resolves when `pred` holds (checked after each request), or rejects after `ms`. */
    until(pred: () => boolean, ms = 10_000): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver condition not met in ${ms} ms (got ${received.length} requests)`)), ms);
        waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T>, ms = 10_000, every = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T;
  do {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await sleep(every);
  } while (Date.now() < deadline);
  throw new Error(`condition not met within ${ms} ms; last value ${JSON.stringify(last)}`);
}
