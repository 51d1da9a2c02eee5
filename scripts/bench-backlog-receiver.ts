// Loopback receiver for bench:backlog, in its own process so it does not compete with the
// gateway's event loop. Answers 200 to every POST and keeps, per phase: requests, distinct
// webhook-ids, first receipts that arrived out of order within their ordering key (the
// envelope's data.body carries `key` and `seq`), and when the last new delivery arrived.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let seen = new Set<string>();
let lastSeq = new Map<string, number>();
let outOfOrder = 0;
let firstAt = 0;
let lastAt = 0;

function reset() {
  count = 0;
  seen = new Set();
  lastSeq = new Map();
  outOfOrder = 0;
  firstAt = 0;
  lastAt = 0;
}

function note(id: string, raw: string) {
  count += 1;
  if (seen.has(id)) return;
  seen.add(id);
  const now = performance.timeOrigin + performance.now();
  firstAt ||= now;
  lastAt = now;
  try {
    const body = (JSON.parse(raw) as { data?: { body?: { key?: string; seq?: number } } }).data?.body;
    if (typeof body?.key !== 'string' || typeof body.seq !== 'number') return;
    const before = lastSeq.get(body.key) ?? -1;
    if (body.seq < before) outOfOrder += 1;
    else lastSeq.set(body.key, body.seq);
  } catch {
    // raw baseline bodies are envelopes too; anything else is just counted
  }
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count, distinct: seen.size, outOfOrder, firstAt, lastAt }));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    reset();
    res.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    note(`${req.url}|${String(req.headers['webhook-id'])}`, Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
// Never outlives a bench that died without stopping it.
setTimeout(() => process.exit(0), 30 * 60_000).unref();
