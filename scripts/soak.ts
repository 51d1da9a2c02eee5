// npm run soak [-- --seconds N --workers N --rate N --seed N]
//
// Two gateway processes on one stand-alone embedded database, a verifying loopback
// webhook receiver that answers 503 to ~5 % of first attempts, and mixed API and trigger
// load for N seconds (default 300) during which one gateway and then the database are
// SIGKILLed and restarted. Afterwards it waits up to 60 s for every acknowledged event's
// webhook and every acknowledged row, then reports. Exit 0 only when nothing
// acknowledged was lost, every 5xx fell inside the database-kill window and everything
// arrived within the 60 s. Loopback only; it stops by itself and signals only its own
// child processes.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { freePort } from '../test/support/free-port.ts';
import { createLoad, type Load } from './soak/load.ts';
import { killHard, startGateway, startMongod, stopGracefully, waitReady, type GatewaySlot, type Mongod } from './soak/processes.ts';
import { startSoakReceiver, type SoakReceiver } from './soak/receiver.ts';
import { printReport, type Timeline } from './soak/report.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const SECONDS = arg('seconds', 300);
const WORKERS = arg('workers', 8);
const RATE = arg('rate', 60);
const SEED = arg('seed', Date.now() % 1_000_000);
const DRAIN_MS = 60_000;

/** mulberry32: the run's randomness (503 choices, operation mix, keys) replays from --seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

// Whatever happens, the run ends: the exit handler of ./soak/processes.ts kills the children.
const watchdog = setTimeout(
  () => {
    console.error('soak: watchdog fired, stopping');
    process.exit(2);
  },
  (SECONDS + DRAIN_MS / 1000 + 420) * 1000,
);
watchdog.unref();

const random = seeded(SEED);
const dataDir = await mkdtemp(join(tmpdir(), 'og-soak-'));
const mongoPort = await freePort();
const key = generateApiKey();
let mongod: Mongod = await startMongod(join(dataDir, 'db'), mongoPort);
const gatewayEnv = {
  MONGODB_URI: mongod.uri.replace(/\/?(\?|$)/, '/og_soak$1'),
  OG_BOOTSTRAP_KEY: key,
  // Both gateways share the database, so they must seal secrets with one key.
  OG_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  OG_ALLOW_PRIVATE_NETWORK: 'true',
  OG_RATE_LIMIT_IP_PER_MINUTE: '10000000',
  OG_RATE_LIMIT_ORG_PER_MINUTE: '10000000',
  // The first two slots as in production (now, 5 s), then compressed so a delivery hit
  // by a kill still has its retries inside the 60 s the soak waits.
  OG_RETRY_SCHEDULE: '0,5,10,15,30,60,120',
  LOG_LEVEL: process.env.SOAK_VERBOSE ? 'info' : 'warn',
};
const gateways: GatewaySlot[] = [
  { name: 'A', gw: null, up: false },
  { name: 'B', gw: null, up: false },
];
let receiver: SoakReceiver | null = null;
let exitCode = 2;

async function setup(load: (s: Parameters<typeof createLoad>[0]) => Load) {
  const direct = createLoad({ gateways, key, eventHookPath: '', rowsHookPath: '', apiTableId: '', endpointId: '', random });
  const must = async (path: string, body: unknown) => {
    const res = await direct.call('setup', 'POST', path, body);
    if (res.status !== 201) throw new Error(`setup ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const endpoint = await must('/api/v2/webhooks', { url: receiver!.url, events: ['*'] });
  receiver!.setSecret(endpoint.secret);
  const columns = [
    { name: 'Email', slug: 'email', kind: 'input' },
    { name: 'Plan', slug: 'plan', kind: 'input' },
  ];
  const apiTable = await must('/api/v2/tables', { name: 'soak api', columns });
  const rowsTable = await must('/api/v2/tables', { name: 'soak triggers', columns });
  const eventTrigger = await must('/api/v2/triggers', { name: 'soak events', action: 'event', rateLimitPerMinute: 1_000_000 });
  const rowsTrigger = await must('/api/v2/triggers', {
    name: 'soak rows',
    action: 'rows.upsert',
    tableId: rowsTable.id,
    matchColumns: ['email'],
    mapping: { email: '/email', plan: '/plan' },
    rateLimitPerMinute: 1_000_000,
  });
  return {
    load: load({
      gateways,
      key,
      eventHookPath: new URL(eventTrigger.url).pathname,
      rowsHookPath: new URL(rowsTrigger.url).pathname,
      apiTableId: apiTable.id,
      endpointId: endpoint.id,
      random,
    }),
    apiTableId: apiTable.id as string,
    triggerIds: { events: eventTrigger.id as string, rows: rowsTrigger.id as string },
    rowsTableId: rowsTable.id as string,
  };
}

/**
 * One gateway SIGKILL at 30 % of the run, one database SIGKILL at 60 %, each restarted.
 * The database kill keeps its time even if the gateway is still starting (slow machine).
 */
async function chaos(start: number, timeline: Timeline) {
  await sleep(start + SECONDS * 300 - Date.now());
  const victim = gateways[0];
  victim.up = false;
  timeline.gatewayKillAt = Date.now();
  await killHard(victim.gw!.child, victim.gw!.exited);
  const restarted = sleep(2_000)
    .then(() => startGateway(victim, gatewayEnv))
    .then(() => void (timeline.gatewayBackAt = Date.now()));
  await Promise.all([restarted, killDatabase(start, timeline)]);
}

async function killDatabase(start: number, timeline: Timeline) {
  await sleep(start + SECONDS * 600 - Date.now());
  timeline.dbKillAt = Date.now();
  await killHard(mongod.child, mongod.exited);
  await sleep(3_000);
  mongod = await startMongod(join(dataDir, 'db'), mongoPort);
  timeline.dbBackAt = Date.now();
  // The restarted gateway may still be starting; wait for it to exist, then for both.
  while (!gateways.every((g) => g.gw && g.up)) await sleep(200);
  await Promise.all(gateways.map((g) => waitReady(g.gw!, 120_000)));
  timeline.dbReadyAt = Date.now();
}

async function listRows(load: Load, tableId: string): Promise<Map<string, string> | null> {
  const rows = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const res = await load.call('verify', 'GET', `/api/v2/tables/${tableId}/rows?cells=flat&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    if (res.status !== 200) return null;
    for (const r of res.body.items as { email: string; plan: string }[]) rows.set(r.email, r.plan);
    cursor = res.body.nextCursor;
  } while (cursor);
  return rows;
}

/**
 * What the gateway says about acknowledged trigger posts whose effect never showed up:
 * 404 means the acknowledged event is not stored at all; `received` or `processed` means
 * it is stored and its effect (or webhook) is late. Counted per status, at most 200 looked up.
 */
async function lostEventStatuses(load: Load, rec: SoakReceiver, triggerRows: Map<string, string>, ids: { events: string; rows: string }) {
  const arrived = new Set([...rec.arrivals.values()].map((a) => a.dataId));
  const lost: [string, string][] = [...load.acked.events.keys()].filter((id) => !arrived.has(id)).map((id) => [ids.events, id]);
  for (const [email, eventId] of load.acked.triggerRowEvents) if (!triggerRows.has(email)) lost.push([ids.rows, eventId]);
  const counts = new Map<string, number>();
  for (const [triggerId, eventId] of lost.slice(0, 200)) {
    const res = await load.call('verify', 'GET', `/api/v2/triggers/${triggerId}/events/${eventId}`);
    const label = res.status === 200 ? `stored, status ${res.body.status}` : `answered ${res.status ?? 'nothing'}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

try {
  receiver = await startSoakReceiver({ refuseShare: 0.05, random });
  await Promise.all(gateways.map((g) => startGateway(g, gatewayEnv)));
  const { load, apiTableId, rowsTableId, triggerIds } = await setup(createLoad);
  console.log(
    `soak: ${SECONDS} s of load, ${WORKERS} clients at most ${RATE} ops/s, seed ${SEED}; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at start`,
  );

  const start = Date.now();
  const timeline: Timeline = { start, loadEnd: start + SECONDS * 1000 };
  const chaosDone = chaos(start, timeline);
  await load.run({ workers: WORKERS, rate: RATE, until: timeline.loadEnd });
  timeline.loadEnd = Date.now();
  await chaosDone;

  // Wait (at most 60 s after the load) for every acknowledged delivery and row.
  const drainDeadline = timeline.loadEnd + DRAIN_MS;
  let rows = { trigger: new Map<string, string>(), api: new Map<string, string>() };
  let lastRowCheck = 0;
  for (;;) {
    const arrivedEvents = new Set([...receiver.arrivals.values()].filter((a) => a.type === 'trigger.received').map((a) => a.dataId));
    const pendingDeliveries =
      [...load.acked.events.keys()].filter((id) => !arrivedEvents.has(id)).length +
      [...load.acked.tests.keys()].filter((id) => !receiver!.arrivals.has(id)).length;
    if (Date.now() - lastRowCheck > 2_000 || pendingDeliveries === 0) {
      lastRowCheck = Date.now();
      rows = { trigger: (await listRows(load, rowsTableId)) ?? rows.trigger, api: (await listRows(load, apiTableId)) ?? rows.api };
    }
    const rowsMissing = [...load.acked.triggerRows.keys()].some((k) => !rows.trigger.has(k)) || [...load.acked.apiRows.keys()].some((k) => !rows.api.has(k));
    if ((pendingDeliveries === 0 && !rowsMissing) || Date.now() > drainDeadline) break;
    await sleep(250);
  }
  timeline.drainEnd = Date.now();
  const statuses = await lostEventStatuses(load, receiver, rows.trigger, triggerIds);
  const verdict = printReport({ load, receiver, rows, timeline, drainMs: DRAIN_MS, statuses });
  exitCode = verdict ? 0 : 1;
} catch (err) {
  console.error('soak: failed to run', err);
  exitCode = 2;
} finally {
  for (const g of gateways) if (g.gw) await stopGracefully(g.gw.child, g.gw.exited);
  await stopGracefully(mongod.child, mongod.exited);
  await receiver?.close();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
