// Measures how long a runtime journal compaction of the embedded MongoDB server stalls
// its event loop: loads N ~1 KB documents, reopens with a small compaction threshold and
// keeps writing until several compactions have run, tracking the worst event-loop gap
// and the worst single write latency. `npm run bench:compaction [docs]`.
// Then the cost of one compaction of a store written like webhook deliveries are (each
// inserted, then updated with others a little later): wall time, time on the store's
// event loop, and reads from the files it copies from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.ts';
import { dispatchCommand } from '../src/embedded-mongo/commands/dispatch.ts';
import type { CommandContext } from '../src/embedded-mongo/commands/context.ts';
import { Persistence } from '../src/embedded-mongo/journal/persistence.ts';
import { DEFAULT_LIMITS } from '../src/embedded-mongo/server.ts';
import { CursorRegistry } from '../src/embedded-mongo/storage/cursor-registry.ts';
import { StorageEngine } from '../src/embedded-mongo/storage/engine.ts';

const DOCS = Number(process.argv[2] ?? 50_000);
const COMPACTIONS = 3;
const pad = 'x'.repeat(1000);

async function load(dbPath: string): Promise<void> {
  const server = await startEmbeddedMongo({ dbPath, port: 0, compactThresholdBytes: 1 << 40 });
  const client = await new MongoClient(server.uri).connect();
  const col = client.db('bench').collection('events');
  for (let i = 0; i < DOCS; i += 1000) {
    await col.insertMany(Array.from({ length: Math.min(1000, DOCS - i) }, (_, j) => ({ n: i + j, pad, at: new Date() })));
  }
  await client.close();
  await server.close();
}

async function measure(dbPath: string): Promise<void> {
  const compactions: number[] = [];
  const logger = {
    info: (obj: object, msg?: string) => {
      if (msg?.includes('compacted')) compactions.push(performance.now());
    },
    warn() {},
    error: (obj: object, msg?: string) => console.error(msg, obj),
  };
  const openedAt = performance.now();
  const server = await startEmbeddedMongo({ dbPath, port: 0, compactThresholdBytes: 2 * 1024 * 1024, logger });
  console.log(`reopen (replay + start-up compaction): ${(performance.now() - openedAt).toFixed(0)} ms`);
  const startupCompactions = compactions.length;
  const client = await new MongoClient(server.uri).connect();
  const col = client.db('bench').collection('events');
  const h = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const t = performance.now();
    maxGap = Math.max(maxGap, t - last);
    last = t;
  }, 1);
  h.enable();
  let maxWrite = 0;
  let writes = 0;
  const began = performance.now();
  while (compactions.length - startupCompactions < COMPACTIONS && performance.now() - began < 60_000) {
    const t0 = performance.now();
    await col.updateOne({ n: writes % DOCS }, { $set: { pad: pad.slice(1) + (writes % 10), at: new Date() } });
    maxWrite = Math.max(maxWrite, performance.now() - t0);
    writes++;
  }
  h.disable();
  clearInterval(ticker);
  const elapsed = performance.now() - began;
  console.table({
    docs: DOCS,
    compactions: compactions.length - startupCompactions,
    writes,
    'writes/s': Math.round((writes / elapsed) * 1000),
    'max event-loop gap (ms)': Number(maxGap.toFixed(1)),
    'loop delay p99 (ms)': Number((h.percentile(99) / 1e6).toFixed(1)),
    'loop delay max (ms)': Number((h.max / 1e6).toFixed(1)),
    'max write latency (ms)': Number(maxWrite.toFixed(1)),
  });
  const check = await col.countDocuments();
  await client.close();
  await server.close();
  if (check !== DOCS) throw new Error(`expected ${DOCS} documents, found ${check}`);
}

// Driven in-process below the wire protocol, so the figures are the compaction's alone.
async function measureDeliveryLikeCompaction(dbPath: string): Promise<void> {
  const engine = new StorageEngine();
  const logs: object[] = [];
  const logger = {
    info: (obj: object, msg?: string) => void (msg?.includes('compacted') && logs.push(obj)),
    warn() {},
    error: (obj: object, msg?: string) => console.error(msg, obj),
  };
  const persistence = new Persistence({ dbPath, engine, logger, fsyncIntervalMs: 100, compactThresholdBytes: 2 ** 40 });
  await persistence.open();
  engine.journal = persistence;
  const ctx: CommandContext = { engine, cursors: new CursorRegistry(() => Date.now()), limits: DEFAULT_LIMITS, connectionId: 1, now: () => new Date() };
  const run = (cmd: object) => {
    const reply = dispatchCommand({ ...cmd, $db: 'bench' }, ctx);
    persistence.flush();
    if (reply.ok !== 1) throw new Error(JSON.stringify(reply));
  };
  const body = 'y'.repeat(700);
  let pending: string[] = [];
  for (let i = 0; i < DOCS; i += 5) {
    const docs = Array.from({ length: 5 }, () => ({ _id: randomUUID(), body, status: 'pending', attemptLog: [], createdAt: new Date() }));
    run({ insert: 'deliveries', documents: docs });
    pending.push(...docs.map((d) => d._id));
    if (pending.length < 25) continue;
    run({
      update: 'deliveries',
      updates: pending.map((id) => ({
        q: { _id: id },
        u: { $set: { status: 'delivered', deliveredAt: new Date() }, $push: { attemptLog: { at: new Date(), status: 200 } } },
      })),
    });
    pending = [];
  }
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  // The compaction a growing journal would start, started now: nothing else runs beside it.
  const internals = persistence as unknown as { startCompaction(): void; compaction?: Promise<void> };
  internals.startCompaction();
  while (internals.compaction) await internals.compaction;
  const wall = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  await persistence.close();
  const { snapshotBytes, reads } = logs.at(-1) as { snapshotBytes: number; reads: number };
  console.table({
    'delivery-like docs': DOCS,
    'snapshot MB': Number((snapshotBytes / 1e6).toFixed(1)),
    'compaction wall ms': Math.round(wall),
    'store event loop busy ms': Math.round(elu.active),
    'reads from source files': reads,
  });
}

for (const step of [async (dir: string) => (await load(dir), await measure(dir)), measureDeliveryLikeCompaction]) {
  const dbPath = mkdtempSync(join(tmpdir(), 'og-bench-compaction-'));
  try {
    await step(dbPath);
  } finally {
    rmSync(dbPath, { recursive: true, force: true });
  }
}
