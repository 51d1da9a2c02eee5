import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from './address-policy.ts';
import { createOutboundClient, OutboundError } from './http-client.ts';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/ok' });
      return void res.end();
    }
    if (req.url === '/big') return void res.end('x'.repeat(100_000));
    if (req.url === '/drip') {
      // Headers at once, then a byte every 50 ms: no inactivity timeout ever fires.
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => {
  server.close(() => r());
  server.closeAllConnections();
}));

describe('outbound client', () => {
  it.each([
    ['127.0.0.1', false], ['10.1.2.3', false], ['172.20.0.1', false], ['192.168.1.1', false], ['169.254.169.254', false],
    ['100.64.0.1', false], ['::1', false], ['fe80::1', false], ['fd00::1', false], ['::ffff:127.0.0.1', false],
    ['8.8.8.8', true], ['2606:4700:4700::1111', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('refuses private addresses unless allowed: IP literals, metadata names and names resolving to loopback', async () => {
    const strict = createOutboundClient({ allowPrivateNetwork: false });
    for (const url of ['https://127.0.0.1/x', 'https://169.254.169.254/latest', 'https://metadata.google.internal/', 'https://localhost/x']) {
      await expect(strict.send({ url, timeoutMs: 2_000 })).rejects.toMatchObject({ kind: 'refused_address' });
    }
    await expect(strict.send({ url: `${base}/ok`, timeoutMs: 2_000 })).rejects.toMatchObject({ kind: 'invalid_url' });
    await strict.close();
  });

  it('times out, never follows redirects, and bounds the body it reads', async () => {
    const client = createOutboundClient({ allowPrivateNetwork: true });
    await expect(client.send({ url: `${base}/slow`, timeoutMs: 200 })).rejects.toBeInstanceOf(OutboundError);
    await expect(client.send({ url: `${base}/slow`, timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
    expect((await client.send({ url: `${base}/redirect`, method: 'GET', timeoutMs: 2_000 })).status).toBe(302);
    expect((await client.send({ url: `${base}/big`, method: 'GET', timeoutMs: 2_000, maxResponseBytes: 2048 })).body.length).toBe(2048);
    await expect(client.send({ url: 'http://127.0.0.1:1/', timeoutMs: 2_000 })).rejects.toMatchObject({ kind: 'network' });
    // The timeout bounds the whole call, not each wait: a body that trickles in is cut off.
    const started = Date.now();
    await expect(client.send({ url: `${base}/drip`, method: 'GET', timeoutMs: 300, maxResponseBytes: 1_000_000 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    await client.close();
  });
});
