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
import { tmpdir } from 'node:os';
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
    return await client.db('og_gateway').collection('trigger_events').countDocuments({ triggerId, status: { $ne: 'duplicate' } });
  } finally {
    await client.close();
    await db.close();
  }
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'og-bench-inbound-'));
  const key = generateApiKey();
  const gateway = await startChildGateway({
    OG_DATA_DIR: dataDir,
    OG_BOOTSTRAP_KEY: key,
    MONGODB_URI: '',
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
    const hook = `${gateway.url}${new URL(trigger.url).pathname}`;
    const full = await run(hook);
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    stopped = true;
    const stored = await countStored(dataDir, trigger.id);
    const bare = await startBare();
    const baseline = await run(bare.url);
    bare.child.kill('SIGTERM');
    const ratio = full.rps / baseline.rps;
    console.log(`bench:inbound  ${CONNECTIONS} connections, ${DURATION_S} s each (after a ${WARMUP_S} s warm-up), loopback, ${Buffer.byteLength(BODY)}-byte JSON body`);
    console.table({
      'gateway POST /hooks/{token} (durable 202)': { 'posts/s': Math.round(full.rps), 'p50 ms': full.p50, 'p99 ms': full.p99, '2xx': full.ok, non2xx: full.non2xx, errors: full.errors },
      'bare Koa, parse + 202': { 'posts/s': Math.round(baseline.rps), 'p50 ms': baseline.p50, 'p99 ms': baseline.p99, '2xx': baseline.ok, non2xx: baseline.non2xx, errors: baseline.errors },
    });
    // Requests still in flight when autocannon stops are stored but their answers not
    // counted, so the store may hold a few more than the 202s seen; never fewer.
    const durable = stored >= full.total2xx;
    console.log(`stored requests after stop: ${stored}; answered 202: ${full.total2xx} ${durable ? '(every 202 is stored)' : '(LOST REQUESTS)'}`);
    const meets = full.rps >= 3000 && ratio >= 0.2 && durable;
    console.log(`posts/s ${Math.round(full.rps)} (target >= 3000)  ratio ${ratio.toFixed(3)} (target >= 0.2)  ${meets ? 'MEETS TARGETS' : 'BELOW TARGET'}`);
  } finally {
    if (!stopped) {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}
