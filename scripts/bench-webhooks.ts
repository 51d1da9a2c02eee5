// bench:webhooks — 10,000 events fanned out to 5 endpoints on a loopback receiver (in a
// child process), against raw undici POSTs of the same signed bodies to the same receiver;
// then event-to-receipt latency at a steady 500 events/s. The gateway runs in this
// process on the embedded database, as `npm start` does without MONGODB_URI.
// Loopback only; every wait is bounded (DEADLINE_MS).
// Targets: >= 3,000 durable deliveries/s, p99 <= 100 ms at 500 events/s.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { commandCounter } from './bench-command-counter.ts';
import { startBenchGateway } from './bench-gateway.ts';
import { postRawSigned } from './bench-raw-posts.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ENDPOINTS = 5;
const RATE = Number(process.env.BENCH_RATE ?? 500);
const STEADY_S = Number(process.env.BENCH_STEADY_SECONDS ?? 10);
const EMIT_CONCURRENCY = 64;
const RAW_CONCURRENCY = 256;
const DEADLINE_MS = 180_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startReceiver() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-webhooks-receiver.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  const base = `http://127.0.0.1:${port}`;
  return {
    child,
    base,
    stats: async () =>
      (await (await fetch(`${base}/stats`)).json()) as { count: number; distinct: number; p50: number; p99: number; max: number; maxPerSecond: number[] },
    reset: async () => void (await fetch(`${base}/reset`, { method: 'POST' })),
  };
}

async function waitFor(check: () => Promise<boolean>, what: string, everyMs = 20) {
  const deadline = Date.now() + DEADLINE_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Where the steady phase's latency goes, from what the deliveries record (millisecond
 * clocks): event time → delivery created (record + fan-out), created → first attempt
 * answered, and the attempt's own round trip (which includes this event loop's delays).
 */
async function steadyStages(since: Date): Promise<string> {
  type Doc = { body: string; createdAt: Date; attemptLog: { at: Date; latencyMs: number }[] };
  const docs = (await deliveries.find({ createdAt: { $gte: since } }, { projection: { body: 1, createdAt: 1, attemptLog: 1 } }).toArray()) as unknown as Doc[];
  const fanOut: number[] = [];
  const answered: number[] = [];
  const roundTrip: number[] = [];
  for (const d of docs) {
    fanOut.push(d.createdAt.getTime() - Date.parse((JSON.parse(d.body) as { timestamp: string }).timestamp));
    const first = d.attemptLog[0];
    if (!first) continue;
    answered.push(first.at.getTime() - d.createdAt.getTime());
    roundTrip.push(first.latencyMs);
  }
  const pcts = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return [0.5, 0.9, 0.99, 1].map((p) => Math.round(xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0)).join('/');
  };
  return `steady phase stages, p50/p90/p99/max ms: event -> delivery created ${pcts(fanOut)}, created -> first attempt answered ${pcts(answered)}, attempt round trip ${pcts(roundTrip)}`;
}

const bench = await startBenchGateway({ name: 'webhooks', env: { OG_ALLOW_PRIVATE_NETWORK: 'true', OG_WEBHOOK_MAX_ENDPOINTS: '10' } });
const { config, dataDir, store, gateway } = bench;
const commands = commandCounter(store.client);
const receiver = await startReceiver();
const { services } = gateway;
const org = await services.organizations.ensure('bench');
const deliveries = store.db.collection('webhook_deliveries');
const rows: Record<string, Record<string, string | number>> = {};

try {
  for (let i = 0; i < ENDPOINTS; i++) await services.webhooks.endpoints.create(org.id, { url: `${receiver.base}/e${i}`, events: ['*'] });
  const emit = () =>
    services.outbox.record({
      type: 'trigger.received',
      orgId: org.id,
      orderingKey: `trigger:${randomUUID()}`,
      data: { object: 'trigger_event', id: randomUUID(), body: { n: 1 } },
    });

  // Warm-up: JIT, connection pools, indexes.
  for (let i = 0; i < 200; i++) await emit();
  await waitFor(async () => (await receiver.stats()).distinct >= 200 * ENDPOINTS, 'warm-up');
  await waitFor(async () => (await deliveries.countDocuments({ status: 'pending' })) === 0, 'warm-up durable', 100);
  await receiver.reset();
  const deliveredBefore = await deliveries.countDocuments({ status: 'delivered' });

  // 1. Throughput: EVENTS events as fast as they can be recorded.
  const total = EVENTS * ENDPOINTS;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: EMIT_CONCURRENCY }, async () => {
      while (next < EVENTS) {
        next += 1;
        await emit();
      }
    }),
  );
  const emitted = performance.now() - t0;
  await waitFor(async () => (await receiver.stats()).distinct >= total, 'receipts');
  const received = performance.now() - t0;
  // Counting is itself a store query; poll gently so the measurement does not slow the run.
  await waitFor(async () => (await deliveries.countDocuments({ status: 'pending' })) === 0, 'durable delivered status', 100);
  const durable = performance.now() - t0;
  const deliveredNow = (await deliveries.countDocuments({ status: 'delivered' })) - deliveredBefore;
  if (deliveredNow !== total) throw new Error(`expected ${total} delivered deliveries, found ${deliveredNow}`);
  const recv = await receiver.stats();
  rows[`gateway: ${EVENTS} events x ${ENDPOINTS} endpoints`] = {
    deliveries: total,
    'deliveries/s (received)': Math.round(total / (received / 1000)),
    'deliveries/s (durable)': Math.round(total / (durable / 1000)),
    'requests seen': recv.count,
    'emit s': +(emitted / 1000).toFixed(2),
    'p50 ms': Math.round(recv.p50),
    'p99 ms': Math.round(recv.p99),
  };

  // 2. Raw undici: the same number of signed envelope POSTs, no store, no gateway.
  await receiver.reset();
  const raw = await postRawSigned({ total, lanes: RAW_CONCURRENCY, connections: 128, url: (n) => `${receiver.base}/raw${n % ENDPOINTS}` });
  const rawStats = await receiver.stats();
  rows['raw undici, same signed bodies'] = {
    deliveries: total,
    'deliveries/s (received)': Math.round(total / (raw / 1000)),
    'deliveries/s (durable)': '-',
    'requests seen': rawStats.count,
    'emit s': '-',
    'p50 ms': Math.round(rawStats.p50),
    'p99 ms': Math.round(rawStats.p99),
  };

  // 3. Steady offered load: RATE events/s for STEADY_S seconds, latency event -> receipt.
  await receiver.reset();
  const steadyEvents = RATE * STEADY_S;
  const tickMs = 10;
  const perTick = (RATE * tickMs) / 1000;
  const s0 = performance.now();
  const cpu0 = process.cpuUsage();
  commands.reset();
  const elu0 = performance.eventLoopUtilization();
  let recorded = 0;
  const pendingRecords: Promise<unknown>[] = [];
  while (recorded < steadyEvents) {
    const due = Math.min(steadyEvents, Math.floor(((performance.now() - s0) / tickMs + 1) * perTick));
    while (recorded < due) {
      recorded += 1;
      pendingRecords.push(emit());
    }
    await sleep(tickMs);
  }
  await Promise.all(pendingRecords);
  await waitFor(async () => (await receiver.stats()).distinct >= steadyEvents * ENDPOINTS, 'steady receipts');
  const steady = await receiver.stats();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const commandLine = commands.report(steadyEvents * ENDPOINTS);
  // Let the last delivered statuses land before stopping, so shutdown has nothing to cut off.
  await waitFor(async () => (await deliveries.countDocuments({ status: 'pending' })) === 0, 'steady durable', 100);
  rows[`steady ${RATE} events/s x ${ENDPOINTS} endpoints, ${STEADY_S} s`] = {
    deliveries: steadyEvents * ENDPOINTS,
    'deliveries/s (received)': '-',
    'deliveries/s (durable)': '-',
    'requests seen': steady.count,
    'emit s': +((performance.now() - s0) / 1000).toFixed(2),
    'p50 ms': +(steady.p50 ?? 0).toFixed(1),
    'p99 ms': +(steady.p99 ?? 0).toFixed(1),
  };

  console.log(await steadyStages(new Date(performance.timeOrigin + s0)));
  // CPU varies less from run to run than latency on a shared machine: compare changes by it.
  console.log(
    `steady phase CPU of the gateway process (main thread + store worker): ${Math.round((cpu.user + cpu.system) / steadyEvents / ENDPOINTS)} us per delivery; ` +
      `main event loop ${Math.round(elu.utilization * 100)} % busy`,
  );
  if (commandLine) console.log(`steady phase ${commandLine}`);
  console.log(`steady phase, slowest delivery (ms) per second of receipt: ${steady.maxPerSecond.join(' ')}`);
  console.log(
    `bench:webhooks  embedded store (${config.embeddedThread ? 'worker thread' : 'in-process'}), loopback receiver in a child process, ${ENDPOINTS} endpoints`,
  );
  console.table(rows);
  const durableRate = total / (durable / 1000);
  const ratio = raw / durable;
  console.log(
    `durable deliveries/s ${Math.round(durableRate)} (target >= 3000), ratio to raw undici ${ratio.toFixed(3)}, ` +
      `p50 ${(steady.p50 ?? 0).toFixed(1)} ms / p99 ${(steady.p99 ?? 0).toFixed(1)} ms at ${RATE} events/s (target p99 <= 100 ms)  ` +
      (durableRate >= 3000 && (steady.p99 ?? Infinity) <= 100 ? 'MEETS TARGETS' : 'BELOW TARGET'),
  );
} finally {
  receiver.child.kill('SIGTERM');
  await bench.close();
}
// Some background timer of the composed gateway may outlive stop(); the run is over.
process.exit(0);
