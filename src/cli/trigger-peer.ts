import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// The loopback peer `og-gateway trigger` serves for the events that need the gateway to
// call out: an agent worker that completes every run at once, an enrichment service, and
// webhook receivers that acknowledge (204) or answer 410 Gone (which disables the
// endpoint). It lives only as long as the command.

export interface TriggerPeer {
  url: string;
  /** Requests received per path, to tell "never called" from "called and answered". */
  hits: Map<string, number>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTriggerPeer(): Promise<TriggerPeer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    readBody(req).then(
      (raw) => {
        if (path === '/agent') {
          const request = JSON.parse(raw || '{}') as { type?: string; run?: { prompt?: string } };
          const answer =
            request.type === 'agent.run.cancel_requested'
              ? { status: 'cancelled' }
              : {
                  status: 'completed',
                  response: { text: `og-gateway trigger: done (${String(request.run?.prompt ?? '').slice(0, 60)})`, actions: [] },
                  steps: { completed: 1, max: 1 },
                };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        } else if (path === '/enrich') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ score: 87, source: 'og-gateway trigger' }));
        } else if (path === '/ok') {
          res.writeHead(204).end();
        } else if (path === '/gone') {
          res.writeHead(410, { 'content-type': 'text/plain' }).end('gone');
        } else {
          res.writeHead(404).end();
        }
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
