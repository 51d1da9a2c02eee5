import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

// The soak's webhook receiver: verifies every request (Standard Webhooks), answers 503 to
// a share of first attempts (so retries are exercised), and keeps one record per
// webhook-id: when it first verified and answered 2xx, and how often a 2xx answer was
// given again to an id it had already taken (a duplicate).

export interface Arrival {
  webhookId: string;
  type: string;
  /** The envelope's `data.id` (trigger.received: the trigger event id). */
  dataId: string | null;
  firstOkAt: number;
}

export interface SoakReceiver {
  url: string;
  setSecret(secret: string): void;
  arrivals: Map<string, Arrival>;
  stats: { requests: number; unverified: number; refused503: number; duplicates: number };
  close(): Promise<void>;
}

export async function startSoakReceiver(opts: { refuseShare: number; random: () => number }): Promise<SoakReceiver> {
  let verifier: Webhook | null = null;
  const arrivals = new Map<string, Arrival>();
  const seen = new Set<string>();
  const stats = { requests: 0, unverified: 0, refused503: 0, duplicates: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let envelope: { type?: string; data?: { id?: unknown } };
      try {
        if (!verifier) throw new Error('no secret yet');
        envelope = verifier.verify(body, headers) as typeof envelope;
      } catch {
        stats.unverified += 1;
        return void res.writeHead(400).end();
      }
      const id = headers['webhook-id'];
      if (!seen.has(id)) {
        seen.add(id);
        if (opts.random() < opts.refuseShare) {
          stats.refused503 += 1;
          return void res.writeHead(503).end();
        }
      }
      if (arrivals.has(id)) stats.duplicates += 1;
      else
        arrivals.set(id, {
          webhookId: id,
          type: String(envelope.type),
          dataId: typeof envelope.data?.id === 'string' ? envelope.data.id : null,
          firstOkAt: Date.now(),
        });
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/soak`,
    setSecret: (secret) => void (verifier = new Webhook(secret)),
    arrivals,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
