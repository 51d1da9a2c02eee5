import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostLookup } from '../../../outbound/http-client.ts';
import type { SenderRecord } from '../../senders/sender-model.ts';
import { ProviderError } from './provider.ts';
import { createSmtpProvider } from './smtp-provider.ts';

// Dial time for SMTP senders: the host is judged by the outbound-address policy again
// when the pool is built (a sender stored before the creation checks tightened, or a
// name rebound to loopback), and a refused host never gets a connection.

let server: Server;
let port: number;
let connections = 0;
beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** `rebind.test` resolves to loopback; nothing else resolves (no query leaves the machine). */
const rebinding: HostLookup = async (hostname) => {
  if (hostname === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

const sender = (host: string): SenderRecord => ({
  id: `s-${host}`,
  orgId: 'o',
  channel: 'email',
  transport: 'smtp',
  name: 'n',
  displayName: 'd',
  email: 'a@b.example',
  linkedinSlug: null,
  smtp: { host, port, secure: false, auth: null },
  http: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  deletedAt: null,
});
const message = {
  id: 'm1',
  sequenceId: 'q1',
  channel: 'email' as const,
  kind: 'message' as const,
  to: 'to@x.example',
  subject: 's',
  body: 'b',
  rfcMessageId: null,
  inReplyTo: null,
  references: [],
  threadId: null,
};

describe('smtp provider dial-time address policy', () => {
  it.each(['rebind.test', '2130706433', '0177.0.0.1', '0x7f.0.0.1', '127.1', '::7f00:1', '::ffff:127.0.0.1', '2002:7f00:1::', 'localhost'])(
    'refuses %s for good without connecting',
    async (host) => {
      const provider = createSmtpProvider({ allowPrivateNetwork: false, timeoutMs: 2_000, lookup: rebinding });
      const failure = await provider.send(sender(host), message).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ProviderError);
      expect(failure).toMatchObject({ permanent: true });
      expect(connections).toBe(0);
      await provider.close();
    },
  );

  it('dials the address a numeric spelling stands for when private networks are allowed', async () => {
    const provider = createSmtpProvider({ allowPrivateNetwork: true, timeoutMs: 2_000, lookup: rebinding });
    await provider.send(sender('2130706433'), message).catch(() => undefined);
    expect(connections).toBeGreaterThan(0);
    await provider.close();
  });
});
