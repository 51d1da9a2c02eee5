// Loopback receiver for bench:webhooks, in its own process so it does not compete with
// the gateway's event loop. Answers 200 to every POST and keeps, per phase, the number of
// requests, distinct (path, webhook-id) pairs and event-to-receipt latencies.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let seen = new Set<string>();
let latencies: number[] = [];
// Receipt time of each latency, for the per-second view (where in a run the slow ones fall).
let receivedAt: number[] = [];

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? null;
    const start = receivedAt[0] ?? 0;
    const perSecond: number[] = [];
    receivedAt.forEach((at, i) => {
      const s = Math.floor((at - start) / 1000);
      perSecond[s] = Math.max(perSecond[s] ?? 0, Math.round(latencies[i]));
    });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ count, distinct: seen.size, p50: pct(0.5), p99: pct(0.99), max: sorted.at(-1) ?? null, maxPerSecond: perSecond }));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    count = 0;
    seen = new Set();
    latencies = [];
    receivedAt = [];
    res.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = performance.timeOrigin + performance.now();
    count += 1;
    seen.add(`${req.url}|${req.headers['webhook-id']}`);
    try {
      const ts = Date.parse((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string }).timestamp);
      latencies.push(now - ts);
      receivedAt.push(now);
    } catch {
      // raw baseline bodies are envelopes too; anything else is just counted
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
