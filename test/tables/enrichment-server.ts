import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface EnrichmentCall {
  webhookId: string;
  verified: boolean;
  body: { cellRunId: string; attempt: number; column: { slug: string }; row: { id: string; cells: Record<string, unknown> } };
}

export type Responder = (call: EnrichmentCall, nth: number) => { status: number; body?: unknown; delayMs?: number };

/** A loopback enrichment endpoint that checks each call's signature with the column secret. */
export async function startEnrichmentServer(responder: Responder) {
  const calls: EnrichmentCall[] = [];
  const perCell = new Map<string, number>();
  let secret: string | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        if (secret) new Webhook(secret).verify(raw, req.headers as Record<string, string>);
        verified = secret !== null;
      } catch {
        verified = false;
      }
      const call: EnrichmentCall = { webhookId: String(req.headers['webhook-id']), verified, body: JSON.parse(raw) };
      calls.push(call);
      const nth = (perCell.get(call.body.cellRunId) ?? 0) + 1;
      perCell.set(call.body.cellRunId, nth);
      const answer = responder(call, nth);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/enrich`,
    calls,
    setSecret: (s: string) => void (secret = s),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
