import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ProviderCall {
  webhookId: string;
  verified: boolean;
  body: {
    type: string;
    message: Record<string, unknown> & { id: string; sequenceId: string; to: string; kind: string; body: string };
    sender: Record<string, unknown>;
  };
}

/** A LinkedIn (HTTP) provider on loopback: verifies the gateway's signature with `standardwebhooks`, answers 200 with ids. */
export async function startProviderStub(opts: { respond?: (nth: number) => number } = {}) {
  const calls: ProviderCall[] = [];
  let secret = '';
  let nth = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      nth += 1;
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(secret).verify(raw, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const status = opts.respond?.(nth) ?? 200;
      const body = JSON.parse(raw) as ProviderCall['body'];
      if (status >= 200 && status < 300) calls.push({ webhookId: String(req.headers['webhook-id']), verified, body });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ providerId: `li-msg-${nth}`, threadId: `li-thread-${body.message.sequenceId}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    calls,
    setSecret(s: string) {
      secret = s;
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
