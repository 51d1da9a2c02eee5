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
    if (req.url === '/throttled') {
      res.writeHead(429, [
        ['retry-after', '7'],
        ['x-twice', 'a'],
        ['x-twice', 'b'],
      ]);
      return void res.end('slow down');
    }
    if (req.url === '/cut') {
      // Promises 1,000 bytes, sends 5, then drops the connection.
      res.writeHead(200, { 'content-length': '1000' });
      res.write('short');
      return void setTimeout(() => res.socket?.destroy(), 20);
    }
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
afterAll(
  () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
);

describe('outbound client', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
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

  it('returns the status, headers (names lower-cased, repeats kept) and body it was answered', async () => {
    const client = createOutboundClient({ allowPrivateNetwork: true });
    const res = await client.send({ url: `${base}/throttled`, body: '{}', timeoutMs: 2_000 });
    expect(res).toMatchObject({ status: 429, headers: { 'retry-after': '7', 'x-twice': ['a', 'b'] } });
    expect(res.body.toString()).toBe('slow down');
    // A bounded body closes its connection; the next call dials again and works.
    expect((await client.send({ url: `${base}/big`, method: 'GET', timeoutMs: 2_000, maxResponseBytes: 10 })).body.toString()).toBe('x'.repeat(10));
    expect((await client.send({ url: `${base}/ok`, method: 'GET', timeoutMs: 2_000 })).body.toString()).toBe('ok');
    await client.close();
  });

  it('fails a body cut short as a network error, and times out a call still waiting for a connection', async () => {
    const client = createOutboundClient({ allowPrivateNetwork: true, connectionsPerOrigin: 1 });
    await expect(client.send({ url: `${base}/cut`, method: 'GET', timeoutMs: 2_000 })).rejects.toMatchObject({ kind: 'network' });
    // The only connection is held by a slow call: the queued one still ends at its own deadline.
    const slow = client.send({ url: `${base}/slow`, method: 'GET', timeoutMs: 5_000 });
    const started = Date.now();
    await expect(client.send({ url: `${base}/ok`, method: 'GET', timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await slow).body.toString()).toBe('late');
    await client.close();
  });
});
