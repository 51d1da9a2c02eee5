// bench:inbound — durable inbound posts: a trigger URL of the real gateway (child
// process, embedded database on its own data directory) answering `202 { id }` only
// once the request is stored, against a bare Koa handler that reads and parses the
// same body and answers the same shape. autocannon drives both from here with 50
// connections on loopback. Afterwards the gateway is stopped and its database opened
// to check that every 202 left a stored request. Targets: >= 3,000 posts/s, ratio >= 0.2.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { MongoClient } from 'mongodb';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.ts';
import { startChildGateway } from '../test/support/child-gateway.ts';
import { freePort } from '../test/support/free-port.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
// The gateway's first seconds after boot (JIT, start-up sweeps) are not its steady state.
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = 50;
const BODY = JSON.stringify({
  type: 'lead.created',
  lead: { email: 'ada@example.test', name: 'Ada Lovelace', company: 'Analytical Engines', score: 87 },
  source: 'webform',
  tags: ['inbound', 'priority'],
});

if (process.argv.includes('--bare')) {
  // The baseline: read the body, parse it, answer 202 with an id.
  const app = new Koa();
  app.use(async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    ctx.status = 202;
    ctx.body = { id: randomUUID() };
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  await main();
}

async function run(url: string) {
  const opts = { url, method: 'POST' as const, body: BODY, headers: { 'content-type': 'application/json' }, connections: CONNECTIONS };
  const warm = await autocannon({ ...opts, duration: WARMUP_S });
  const result = await autocannon({ ...opts, duration: DURATION_S });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    total2xx: result['2xx'] + warm['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function startBare() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-inbound.ts', '--bare'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return { child, url: `http://127.0.0.1:${port}/hooks/bare` };
}

async function countStored(dataDir: string, triggerId: string): Promise<number> {
  const db = await startEmbeddedMongo({ dbPath: join(dataDir, 'db'), host: '127.0.0.1', port: 0 });
  const client = new MongoClient(db.uri);
  try {
    await client.connect();
    return await client
      .db('og_gateway')
      .collection('trigger_events')
      .countDocuments({ triggerId, status: { $ne: 'duplicate' } });
  } finally {
    await client.close();
    await db.close();
  }
}

interface GatewayRun {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  total2xx: number;
  non2xx: number;
  errors: number;
  stored: number;
}

/** One gateway process on a fresh data directory: create a trigger, load it, stop, count what was stored. */
async function benchGateway(embeddedThread: boolean): Promise<GatewayRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'og-bench-inbound-'));
  const key = generateApiKey();
  const gateway = await startChildGateway({
    OG_DATA_DIR: dataDir,
    OG_BOOTSTRAP_KEY: key,
    MONGODB_URI: '',
    OG_EMBEDDED_THREAD: String(embeddedThread),
    LOG_LEVEL: 'warn',
  });
  let stopped = false;
  try {
    const created = await fetch(`${gateway.url}/api/v2/triggers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'bench',
        action: 'event',
        rateLimitPerMinute: 1_000_000,
        schema: { type: 'object', required: ['type', 'lead'], properties: { lead: { type: 'object', required: ['email'] } } },
      }),
    });
    const trigger = (await created.json()) as { id: string; url: string };
    const result = await run(`${gateway.url}${new URL(trigger.url).pathname}`);
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    stopped = true;
    return { ...result, stored: await countStored(dataDir, trigger.id) };
  } finally {
    if (!stopped) {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  // The embedded database runs on a worker thread by default (OG_EMBEDDED_THREAD); both
  // placements are measured, since on a small, busy machine they differ a lot.
  const runs: [string, GatewayRun][] = [
    ['gateway POST /hooks/{token}, durable 202 (DB on worker thread, default)', await benchGateway(true)],
    ['gateway POST /hooks/{token}, durable 202 (DB on main thread)', await benchGateway(false)],
  ];
  const bare = await startBare();
  const baseline = await run(bare.url);
  bare.child.kill('SIGTERM');
  const row = (r: { rps: number; p50: number; p99: number; ok: number; non2xx: number; errors: number }) => ({
    'posts/s': Math.round(r.rps),
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    '2xx': r.ok,
    non2xx: r.non2xx,
    errors: r.errors,
  });
  console.log(
    `bench:inbound  ${CONNECTIONS} connections, ${DURATION_S} s each (after a ${WARMUP_S} s warm-up), loopback, ${Buffer.byteLength(BODY)}-byte JSON body, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.table({ ...Object.fromEntries(runs.map(([name, r]) => [name, row(r)])), 'bare Koa, parse + 202': row(baseline) });
  for (const [name, r] of runs) {
    // Requests still in flight when autocannon stops are stored but their answers not
    // counted, so the store may hold a few more than the 202s seen; never fewer.
    const durable = r.stored >= r.total2xx;
    const ratio = r.rps / baseline.rps;
    const meets = r.rps >= 3000 && ratio >= 0.2 && durable;
    console.log(
      `${name}: ${Math.round(r.rps)} posts/s (target >= 3000), ratio ${ratio.toFixed(3)} (target >= 0.2), stored ${r.stored} >= answered 202 ${r.total2xx}: ${durable ? 'yes' : 'NO, LOST REQUESTS'}  ${meets ? 'MEETS TARGETS' : 'BELOW TARGET'}`,
    );
  }
}
