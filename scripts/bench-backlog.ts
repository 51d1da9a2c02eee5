// bench:backlog — how fast a backlog of trigger.received events drains to a loopback
// receiver (in a child process), and whether a busy trigger keeps up:
//   (a) BENCH_EVENTS events on ONE ordering key, recorded as fast as possible: drained at
//       >= 300 deliveries/s (against raw undici POSTs one at a time to the same receiver);
//   (b) BENCH_EVENTS events over BENCH_KEYS keys: >= 2,000 deliveries/s (against raw undici
//       with one request in flight per key);
//   (c) BENCH_RATE trigger posts/s for BENCH_SECONDS to one trigger over HTTP (open loop:
//       posts go out on a fixed schedule whatever the answers), all delivered within 10 s
//       of the last post.
// The receiver checks order within each key. The gateway runs in this process on the
// embedded database, as `npm start` does without MONGODB_URI. Loopback only; every wait is
// bounded (DEADLINE_MS) and the script exits by itself.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { commandCounter } from './bench-command-counter.ts';
import { startBenchGateway } from './bench-gateway.ts';
import { postRawSigned } from './bench-raw-posts.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ONLY = (process.env.BENCH_ONLY ?? 'abc').toLowerCase();
const TARGETS = { oneKey: 300, manyKeys: 2_000, afterLastPostMs: 10_000 };
const RECORD_CONCURRENCY = 64;
const DEADLINE_MS = 240_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Stats = { count: number; distinct: number; outOfOrder: number; firstAt: number; lastAt: number };

async function startReceiver() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-backlog-receiver.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  const base = `http://127.0.0.1:${port}`;
  return {
    child,
    base,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as Stats,
    reset: async () => void (await fetch(`${base}/reset`, { method: 'POST' })),
  };
}

/** Polls until `check` holds or `limitMs` passes; says which. */
async function waitFor(check: () => Promise<boolean>, limitMs = DEADLINE_MS, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

const bench = await startBenchGateway({
  name: 'backlog',
  env: { OG_ALLOW_PRIVATE_NETWORK: 'true', OG_RATE_LIMIT_IP_PER_MINUTE: '100000000', OG_RATE_LIMIT_ORG_PER_MINUTE: '100000000' },
});
const { config, dataDir, store, gateway } = bench;
const commands = commandCounter(store.client);
const http = createServer(gateway.app.callback());
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const gatewayBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const receiver = await startReceiver();
const { services } = gateway;
const org = await services.organizations.ensure('bench');
const rows: Record<string, Record<string, string | number>> = {};
const verdicts: string[] = [];
const verdict = (ok: boolean) => (ok ? 'MEETS' : 'MISSES');

const record = (key: string, seq: number) =>
  services.outbox.record({
    type: 'trigger.received',
    orgId: org.id,
    orderingKey: key,
    data: { object: 'trigger_event', id: randomUUID(), body: { key, seq } },
  });

/** Records `events` events over `keys` keys as fast as the outbox takes them; rate = events / (last receipt - first record). */
async function drain(label: string, events: number, keys: number) {
  await receiver.reset();
  const prefix = `bench:${randomUUID()}:`;
  commands.reset();
  const cpu0 = process.cpuUsage();
  const t0 = performance.timeOrigin + performance.now();
  let next = 0;
  // The event id (and so the order) is given inside record(), synchronously with seq.
  await Promise.all(
    Array.from({ length: RECORD_CONCURRENCY }, async () => {
      while (next < events) {
        const n = next++;
        await record(`${prefix}${n % keys}`, Math.floor(n / keys));
      }
    }),
  );
  const recordedS = (performance.timeOrigin + performance.now() - t0) / 1000;
  const done = await waitFor(async () => (await receiver.stats()).distinct >= events);
  const s = await receiver.stats();
  const cpu = process.cpuUsage(cpu0);
  const commandLine = commands.report(events);
  if (commandLine) console.log(`${label}: ${commandLine}`);
  const rate = s.distinct / ((s.lastAt - t0) / 1000);
  // CPU of the gateway process (main thread + store worker) per delivery, recording included.
  const cpuUs = Math.round((cpu.user + cpu.system) / events);
  rows[label] = {
    events,
    keys,
    delivered: s.distinct,
    'requests seen': s.count,
    'out of order': s.outOfOrder,
    'record s': +recordedS.toFixed(2),
    'deliveries/s': Math.round(rate),
    'cpu us/delivery': cpuUs,
    '-': done ? '' : 'TIMED OUT',
  };
  return { rate: done ? rate : 0, outOfOrder: s.outOfOrder };
}

/** The same number of signed envelope POSTs with `lanes` requests in flight, no gateway. */
async function raw(events: number, lanes: number): Promise<number> {
  await receiver.reset();
  const elapsed = await postRawSigned({ total: events, lanes, url: () => `${receiver.base}/raw` });
  return events / (elapsed / 1000);
}

/** Open loop: RATE posts/s on a fixed schedule for SECONDS, then how long delivery trails the last post. */
async function busyTrigger(label: string, orderingKey?: string) {
  const trigger = await services.triggers.service.create(org.id, {
    name: `bench ${label}`,
    action: 'event',
    rateLimitPerMinute: 1_000_000,
    ...(orderingKey ? { orderingKey } : {}),
  });
  const url = `${gatewayBase}${new URL(trigger.url).pathname}`;
  await receiver.reset();
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const total = RATE * SECONDS;
  const answers = new Map<number, number>();
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  let posted = 0;
  while (posted < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * RATE) + 1);
    while (posted < due) {
      const seq = posted++;
      // Unordered posts carry no key: the receiver checks order only where it is promised.
      const body = JSON.stringify(orderingKey ? { key: `object-${seq % KEYS}`, seq: Math.floor(seq / KEYS) } : { n: seq });
      inFlight.push(
        request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent, headersTimeout: 30_000, bodyTimeout: 30_000 })
          .then(async (res) => {
            await res.body.dump();
            answers.set(res.statusCode, (answers.get(res.statusCode) ?? 0) + 1);
          })
          .catch(() => void answers.set(0, (answers.get(0) ?? 0) + 1)),
      );
    }
    await sleep(5);
  }
  const lastPostAt = performance.timeOrigin + performance.now();
  const offeredS = (performance.now() - t0) / 1000;
  await Promise.all(inFlight);
  await agent.close();
  const accepted = answers.get(202) ?? 0;
  const done = await waitFor(async () => (await receiver.stats()).distinct >= accepted, 60_000 + TARGETS.afterLastPostMs);
  const s = await receiver.stats();
  const trailMs = done ? Math.max(0, s.lastAt - lastPostAt) : Number.POSITIVE_INFINITY;
  const others = [...answers]
    .filter(([status]) => status !== 202)
    .map(([status, n]) => `${status || 'error'}x${n}`)
    .join(' ');
  rows[label] = {
    posts: total,
    accepted,
    'other answers': others || '-',
    'offered posts/s': Math.round(total / offeredS),
    delivered: s.distinct,
    'out of order': s.outOfOrder,
    'last delivery after last post s': done ? +(trailMs / 1000).toFixed(2) : 'not all',
  };
  return { ok: done && accepted === total && trailMs <= TARGETS.afterLastPostMs, trailMs, outOfOrder: s.outOfOrder };
}

let exitCode = 0;
try {
  await services.webhooks.endpoints.create(org.id, { url: `${receiver.base}/e0`, events: ['trigger.received'] });
  // Warm-up: JIT, connection pools, indexes.
  await drain('warm-up', 500, 50);
  delete rows['warm-up'];

  if (ONLY.includes('a')) {
    const rawOne = await raw(Math.min(EVENTS, 2_000), 1);
    const a = await drain(`(a) ${EVENTS} events, one key`, EVENTS, 1);
    rows[`(a) ${EVENTS} events, one key`]['raw undici 1 in flight /s'] = Math.round(rawOne);
    verdicts.push(
      `(a) one key: ${Math.round(a.rate)} deliveries/s (target >= ${TARGETS.oneKey}), ratio to raw undici one at a time ${(a.rate / rawOne).toFixed(3)}, out of order ${a.outOfOrder}  ${verdict(a.rate >= TARGETS.oneKey && a.outOfOrder === 0)}`,
    );
  }
  if (ONLY.includes('b')) {
    const rawMany = await raw(EVENTS, KEYS);
    const b = await drain(`(b) ${EVENTS} events, ${KEYS} keys`, EVENTS, KEYS);
    rows[`(b) ${EVENTS} events, ${KEYS} keys`][`raw undici ${KEYS} in flight /s`] = Math.round(rawMany);
    verdicts.push(
      `(b) ${KEYS} keys: ${Math.round(b.rate)} deliveries/s (target >= ${TARGETS.manyKeys}), ratio to raw undici ${KEYS} in flight ${(b.rate / rawMany).toFixed(3)}, out of order ${b.outOfOrder}  ${verdict(b.rate >= TARGETS.manyKeys && b.outOfOrder === 0)}`,
    );
  }
  if (ONLY.includes('c')) {
    const c = await busyTrigger(`(c) ${RATE} posts/s x ${SECONDS} s, one trigger`);
    verdicts.push(
      `(c) ${RATE} posts/s for ${SECONDS} s: last delivery ${(c.trailMs / 1000).toFixed(2)} s after the last post (target <= ${TARGETS.afterLastPostMs / 1000} s)  ${verdict(c.ok)}`,
    );
  }
  console.log(
    `bench:backlog  embedded store (${config.embeddedThread ? 'worker thread' : 'in-process'}), loopback receiver in a child process, 1 endpoint; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.table(rows);
  for (const v of verdicts) console.log(v);
  if (verdicts.some((v) => v.endsWith('MISSES'))) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 2;
} finally {
  receiver.child.kill('SIGTERM');
  http.close();
  await bench.close((stop) => Promise.race([stop, sleep(15_000)]));
}
// Some background timer of the composed gateway may outlive stop(); the run is over.
process.exit(exitCode);
