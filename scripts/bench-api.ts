// bench:api — an authenticated GET of a stored resource through the whole middleware
// stack (key check, two rate limits, validation, a store read) against a bare Koa
// handler returning the same JSON; and, to show what the store read alone costs, a bare
// Koa handler reading that JSON with one driver findOne from the embedded store, and from
// a server that does no work (the driver's own floor). All run in child processes on
// loopback; autocannon drives them from here with 50 connections.
// Targets: ratio (gateway / bare Koa) >= 0.25, p99 <= 20 ms.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { startChildGateway } from '../test/support/child-gateway.ts';
import { freePort } from '../test/support/free-port.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

async function run(url: string, headers: Record<string, string>) {
  // A short warm-up so JIT and connection pools are settled before measuring.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function startBare(body: unknown, script: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port), BARE_BODY: JSON.stringify(body) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return { child, url: `http://127.0.0.1:${port}/` };
}

const dataDir = await mkdtemp(join(tmpdir(), 'og-bench-api-'));
const key = generateApiKey();
const gateway = await startChildGateway({
  OG_DATA_DIR: dataDir,
  OG_BOOTSTRAP_KEY: key,
  MONGODB_URI: '',
  LOG_LEVEL: 'warn',
  OG_RATE_LIMIT_IP_PER_MINUTE: '100000000',
  OG_RATE_LIMIT_ORG_PER_MINUTE: '100000000',
});
try {
  const headers = { authorization: `Bearer ${key}` };
  const list = (await (await fetch(`${gateway.url}/api/v2/api-keys?limit=1`, { headers })).json()) as { items: { id: string }[] };
  const url = `${gateway.url}/api/v2/api-keys/${list.items[0].id}`;
  const sample = await (await fetch(url, { headers })).json();
  const full = await run(url, headers);
  const bare = await startBare(sample, 'scripts/bare-koa-server.ts');
  const baseline = await run(bare.url, {});
  bare.child.kill('SIGTERM');
  const bareStore = await startBare(sample, 'scripts/bare-koa-store-server.ts');
  const storeFloor = await run(bareStore.url, {});
  bareStore.child.kill('SIGTERM');
  const bareCanned = await startBare(sample, 'scripts/bare-koa-store-server.ts', { BARE_CANNED: '1' });
  const driverFloor = await run(bareCanned.url, {});
  bareCanned.child.kill('SIGTERM');
  const ratio = full.rps / baseline.rps;
  console.log(`bench:api  ${CONNECTIONS} connections, ${DURATION_S} s each, loopback`);
  const row = (r: Awaited<ReturnType<typeof run>>) => ({ 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, non2xx: r.non2xx, errors: r.errors });
  console.table({
    'gateway GET /api/v2/api-keys/{id}': row(full),
    'bare Koa, same JSON': row(baseline),
    'bare Koa + one store findOne': row(storeFloor),
    'bare Koa + findOne, no-op server': row(driverFloor),
  });
  console.log(
    `store floor: bare Koa + findOne / bare Koa = ${(storeFloor.rps / baseline.rps).toFixed(3)}; gateway / that floor = ${(full.rps / storeFloor.rps).toFixed(3)}`,
  );
  // The same handler against a server that answers at once with a fixed reply: what one
  // driver findOne per request allows on this machine, whatever the store does.
  console.log(`driver floor: bare Koa + findOne on a no-op server / bare Koa = ${(driverFloor.rps / baseline.rps).toFixed(3)}`);
  console.log(
    `ratio ${ratio.toFixed(3)} (target >= 0.25)  p99 ${full.p99} ms (target <= 20 ms)  ${ratio >= 0.25 && full.p99 <= 20 ? 'MEETS TARGETS' : 'BELOW TARGET'}`,
  );
} finally {
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  await rm(dataDir, { recursive: true, force: true });
}
