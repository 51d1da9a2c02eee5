// bench:stream — events from the moment they are written to the moment `og-gateway listen`
// POSTs them to a local receiver:
//   (a) throughput: BENCH_EVENTS events written as fast as possible; events/s from the
//       first write to the last local POST (target >= 2,000/s);
//   (b) latency at a fixed offered load: BENCH_RATE events/s (default 500) for
//       BENCH_SECONDS, open loop (written on a fixed schedule whatever happens downstream,
//       latency counted from each event's scheduled time); p50/p99 (target p99 <= 200 ms).
// The gateway runs in this process on the embedded database (as `npm start` without
// MONGODB_URI); `listen` runs as its own process, exactly as a developer starts it; the
// receiver verifies nothing (the tests do) and only timestamps arrivals. Loopback only;
// every wait is bounded and the script exits by itself.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { startBenchGateway } from './bench-gateway.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGETS = { eventsPerSecond: 2_000, p99Ms: 200 };
const WRITE_CONCURRENCY = 512;
const DEADLINE_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const verdict = (ok: boolean) => (ok ? 'MEETS' : 'MISSES');
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const bench = await startBenchGateway({ name: 'stream', env: { OG_RATE_LIMIT_IP_PER_MINUTE: '100000000', OG_RATE_LIMIT_ORG_PER_MINUTE: '100000000' } });
const { config, dataDir, store, gateway } = bench;
const http = createServer(gateway.app.callback());
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const gatewayUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const { services } = gateway;
const org = await services.organizations.ensure('bench');
const key = generateApiKey();
await services.apiKeys.ensureKey(org.id, key, 'bench', ['read']);

// The local receiver, in a process of its own: arrival time per event id.
const receiver = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-stream-receiver.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
const receiverPort = await new Promise<number>((resolve) => receiver.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
const receiverBase = `http://127.0.0.1:${receiverPort}`;
const forwardTo = `${receiverBase}/webhooks`;
const arrivedCount = async () => Number(await (await fetch(`${receiverBase}/count`)).text());
const arrivals = async () => new Map(Object.entries((await (await fetch(`${receiverBase}/arrivals`)).json()) as Record<string, number>));
const epochNow = () => performance.timeOrigin + performance.now();

const listen = spawn(
  process.execPath,
  ['--import', 'tsx', 'src/cli.ts', 'listen', '--gateway', gatewayUrl, '--forward-to', forwardTo, '--state', join(dataDir, 'listen.json')],
  {
    env: { ...process.env, OG_API_KEY: key },
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let listenErr = '';
listen.stderr!.on('data', (d) => (listenErr += d));

async function waitFor(check: () => boolean | Promise<boolean>, limitMs = DEADLINE_MS): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

const write = () =>
  services.outbox.record({
    type: 'trigger.received',
    orgId: org.id,
    orderingKey: `trigger:${randomUUID()}`,
    data: { object: 'trigger_event', id: randomUUID(), triggerId: randomUUID(), triggerName: 'bench', receivedAt: new Date().toISOString(), body: { n: 1 } },
  });

try {
  if (!(await waitFor(() => /connected/.test(listenErr), 30_000))) throw new Error(`listen did not connect:\n${listenErr}`);
  console.log(
    `bench:stream  gateway ${gatewayUrl}  listen pid ${listen.pid}  load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  // (a) throughput
  const ids: string[] = [];
  const started = epochNow();
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITE_CONCURRENCY }, async () => {
      while (next < EVENTS) {
        next++;
        ids.push((await write()).id);
      }
    }),
  );
  const written = epochNow();
  const drained = await waitFor(async () => (await arrivedCount()) >= ids.length);
  const seenA = await arrivals();
  const last = Math.max(...ids.map((id) => seenA.get(id) ?? Infinity));
  const rate = (ids.length / (last - started)) * 1000;
  console.log(
    `(a) throughput: ${ids.length} events written in ${(written - started).toFixed(0)} ms, all POSTed by listen after ${(last - started).toFixed(0)} ms: ` +
      `${rate.toFixed(0)} events/s (target >= ${TARGETS.eventsPerSecond})  ${drained ? verdict(rate >= TARGETS.eventsPerSecond) : 'MISSES (not all arrived)'}`,
  );

  // (b) latency at a fixed offered load, open loop
  const total = RATE * SECONDS;
  const scheduled = new Map<string, number>();
  const writeMs: number[] = [];
  const recordedAt = new Map<string, number>();
  const pending: Promise<unknown>[] = [];
  const t0 = epochNow() + 50;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - epochNow();
    if (wait > 1) await sleep(wait);
    pending.push(write().then((e) => (scheduled.set(e.id, due), recordedAt.set(e.id, epochNow()), writeMs.push(epochNow() - due))));
  }
  await Promise.all(pending);
  const arrivedAll = await waitFor(async () => (await arrivedCount()) >= ids.length + total, 30_000);
  const seenB = await arrivals();
  const latencies = [...scheduled].map(([id, due]) => (seenB.get(id) ?? Infinity) - due).sort((a, b) => a - b);
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  console.log(
    `(b) ${RATE} events/s for ${SECONDS} s (open loop, ${total} events): p50 ${p50.toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  max ${latencies.at(-1)!.toFixed(1)} ms ` +
      `(target p99 <= ${TARGETS.p99Ms} ms)  ${arrivedAll ? verdict(p99 <= TARGETS.p99Ms) : 'MISSES (not all arrived)'}`,
  );
  writeMs.sort((a, b) => a - b);
  const afterRecord = [...recordedAt].map(([id, at]) => (seenB.get(id) ?? Infinity) - at).sort((a, b) => a - b);
  console.log(
    `    of which the write itself (scheduled time to event recorded): p50 ${quantile(writeMs, 0.5).toFixed(1)} ms  p99 ${quantile(writeMs, 0.99).toFixed(1)} ms`,
  );
  console.log(
    `    and stream + listen + local POST (recorded to arrival): p50 ${quantile(afterRecord, 0.5).toFixed(1)} ms  p99 ${quantile(afterRecord, 0.99).toFixed(1)} ms`,
  );
} finally {
  listen.kill('SIGTERM');
  await Promise.race([new Promise((r) => listen.once('exit', r)), sleep(5_000)]);
  http.closeAllConnections();
  receiver.kill('SIGTERM');
  await new Promise((r) => http.close(r));
  await bench.close();
}
process.exit(0);
