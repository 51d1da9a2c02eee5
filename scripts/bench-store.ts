// Throughput of the embedded MongoDB-wire server through the official driver, at 10k
// and 200k documents. Loopback only; every phase is time-boxed so the run ends by itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { startEmbeddedMongo, startEmbeddedMongoWorker } from '../src/embedded-mongo/index.ts';
import { startCannedWireServer } from './canned-wire-server.ts';

const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 48);
const SIZES = (process.env.BENCH_SIZES ?? '10000,200000').split(',').map(Number);
// worker-socket is how the gateway reaches its embedded store: a worker thread over a unix
// socket. driver-ceiling is the same driver against a server that does no work (fixed
// replies, also a worker thread over a unix socket): what the driver allows on this machine.
const MODES = (process.env.BENCH_MODES ?? 'in-process,worker,worker-socket,driver-ceiling').split(',');
const OPS = process.env.BENCH_OPS?.split(',');

interface Row {
  mode: string;
  size: number;
  op: string;
  opsPerSec: number;
  p50: number;
  p99: number;
  cpuUs: number;
}

interface BenchDoc {
  _id: ObjectId;
  email: string;
  n: number;
  status: string;
  hits: number;
}

async function startServer(mode: string, dbPath: string): Promise<{ server: { close(): Promise<void> }; uri: string }> {
  if (mode === 'driver-ceiling') {
    const server = await startCannedWireServer(join(dbPath, 'canned.sock'));
    return { server, uri: server.uri };
  }
  if (mode === 'in-process') {
    const server = await startEmbeddedMongo({ dbPath, port: 0 });
    return { server, uri: server.uri };
  }
  const socketPath = mode === 'worker-socket' ? join(dbPath, 'mongod.sock') : undefined;
  const server = await startEmbeddedMongoWorker({ dbPath, port: 0, socketPath });
  return { server, uri: server.socketUri ?? server.uri };
}

async function load(col: Collection<BenchDoc>, size: number): Promise<ObjectId[]> {
  const ids: ObjectId[] = [];
  for (let start = 0; start < size; start += 1000) {
    const batch: BenchDoc[] = [];
    for (let i = start; i < Math.min(size, start + 1000); i++) {
      const _id = new ObjectId();
      ids.push(_id);
      batch.push({ _id, email: `user${i}@example.test`, n: i, status: i % 3 ? 'active' : 'idle', hits: 0 });
    }
    await col.insertMany(batch, { ordered: false });
  }
  await col.createIndex({ email: 1 }, { unique: true });
  await col.createIndex({ n: 1 });
  return ids;
}

// Runs `op` from CONCURRENCY loops for `ms`; a short call doubles as warm-up.
async function measure(op: () => Promise<unknown>, ms = PHASE_MS): Promise<{ opsPerSec: number; p50: number; p99: number; cpuUs: number }> {
  const latencies: number[] = [];
  // Process CPU (all threads, so the worker's too) per operation: unlike ops/s it is
  // barely affected by other processes competing for the cores.
  const cpu0 = process.cpuUsage();
  const deadline = performance.now() + ms;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await op();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const cpu = process.cpuUsage(cpu0);
  return { opsPerSec: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), cpuUs: (cpu.user + cpu.system) / latencies.length };
}

async function benchSize(mode: string, size: number): Promise<Row[]> {
  const dbPath = mkdtempSync(join(tmpdir(), 'og-bench-'));
  const { server, uri } = await startServer(mode, dbPath);
  const client = new MongoClient(uri, { maxPoolSize: CONCURRENCY + 4 });
  const rows: Row[] = [];
  try {
    await client.connect();
    const col = client.db('bench').collection<BenchDoc>('docs');
    const ids = await load(col, size);
    const pick = () => Math.floor(Math.random() * size);
    let next = size;
    const ops: Array<[string, () => Promise<unknown>]> = [
      [
        'insertOne',
        () => {
          const i = next++;
          return col.insertOne({ _id: new ObjectId(), email: `new${i}@example.test`, n: i, status: 'new', hits: 0 });
        },
      ],
      [
        'findOne by _id',
        async () => {
          if (!(await col.findOne({ _id: ids[pick()] }))) throw new Error('missing');
        },
      ],
      [
        'findOne by unique index',
        async () => {
          if (!(await col.findOne({ email: `user${pick()}@example.test` }))) throw new Error('missing');
        },
      ],
      [
        'findOneAndUpdate by index',
        async () => {
          if (!(await col.findOneAndUpdate({ n: pick() }, { $inc: { hits: 1 } }))) throw new Error('missing');
        },
      ],
    ];
    for (const [op, fn] of ops) {
      if (OPS && !OPS.some((o) => op.startsWith(o))) continue;
      // Let the loader's garbage settle so each phase measures its own work.
      await new Promise((r) => setTimeout(r, 250));
      await measure(fn, 200);
      rows.push({ mode, size, op, ...(await measure(fn)) });
    }
  } finally {
    await client.close();
    await server.close();
    rmSync(dbPath, { recursive: true, force: true });
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const header = ['mode', 'docs', 'operation', 'ops/s', 'p50 ms', 'p99 ms', 'cpu us/op'];
  const lines = rows.map((r) => [r.mode, String(r.size), r.op, r.opsPerSec.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2), r.cpuUs.toFixed(0)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l));
  for (const mode of new Set(rows.map((r) => r.mode))) {
    const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)];
    for (const op of new Set(rows.map((r) => r.op))) {
      const a = rows.find((r) => r.mode === mode && r.size === small && r.op === op);
      const b = rows.find((r) => r.mode === mode && r.size === large && r.op === op);
      if (a && b && a !== b) console.log(`${mode} ${op}: ${large} docs at ${((b.opsPerSec / a.opsPerSec) * 100).toFixed(0)}% of ${small} docs`);
    }
  }
}

const rows: Row[] = [];
// Other work on the machine skews the figures; the load average says how much.
const loadAvg = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`bench-store: ${CONCURRENCY} concurrent ops, ${PHASE_MS} ms per phase, node ${process.version}, ${cpus().length} cpus, load ${loadAvg()}`);
for (const mode of MODES) for (const size of SIZES) rows.push(...(await benchSize(mode, size)));
printTable(rows);
console.log(`load average at end: ${loadAvg()}`);
