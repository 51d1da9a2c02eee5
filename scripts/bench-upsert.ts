// bench:upsert — 100,000 rows pushed through POST /tables/{id}/rows/upsert (1,000
// requests of 100 rows, 8 concurrent clients, half inserts and half updates, one match
// column) into a table that already holds 100,000 rows; then the same documents written
// by one sequential driver bulkWrite loop to the same database, as the ceiling.
// Targets: >= 5,000 rows/s and >= 0.4 of the bulkWrite baseline. Loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type AnyBulkWriteOperation, type Document } from 'mongodb';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { matchKey, matchTokens } from '../src/domain/rows/match-keys.ts';
import { createIdGenerator } from '../src/domain/shared/ids.ts';
import { startChildGateway } from '../test/support/child-gateway.ts';
import { freePort } from '../test/support/free-port.ts';

const EXISTING = Number(process.env.BENCH_EXISTING ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const PER_REQUEST = 100;
const CLIENTS = 8;
const DB_NAME = 'og_bench_upsert';
const ids = createIdGenerator();
type Doc = Document & { _id: string };

async function startMongod(dir: string): Promise<{ uri: string; child: ChildProcess | null }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, child: null };
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'mongod', '--dbpath', dir, '--port', String(port)], {
    stdio: ['ignore', 'pipe', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded mongod exited (${code})`)));
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  return { uri, child };
}

interface TableInfo {
  id: string;
  orgId: string;
  columns: { email: string; name: string; company: string };
}

/** Seeds `count` rows exactly as upserts would have written them (match key and tokens included). */
async function seed(client: MongoClient, table: TableInfo, prefix: string, count: number): Promise<string[]> {
  const rows = client.db(DB_NAME).collection<Doc>('rows');
  const inputIds = new Set(Object.values(table.columns));
  const rowIds: string[] = [];
  for (let i = 0; i < count; i += 5_000) {
    const now = new Date();
    const docs = Array.from({ length: Math.min(5_000, count - i) }, (_, j) => {
      const n = i + j;
      const cells = { [table.columns.email]: `${prefix}${n}@seed.io`, [table.columns.name]: `Seed ${n}`, [table.columns.company]: `Co ${n % 997}` };
      const _id = ids.uuid();
      rowIds.push(_id);
      return {
        _id,
        orgId: table.orgId,
        tableId: table.id,
        cells,
        matchKey: matchKey(table.orgId, table.id, [table.columns.email], [cells[table.columns.email]]),
        matchSig: [table.columns.email],
        matchTokens: matchTokens(table.orgId, table.id, inputIds, cells),
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      };
    });
    await rows.insertMany(docs, { ordered: false });
  }
  await client
    .db(DB_NAME)
    .collection<Doc>('tables')
    .updateOne({ _id: table.id }, { $inc: { leadCount: count } });
  return rowIds;
}

/** Request k: rows 50k..50k+49 of the seed (updates) and 50 fresh emails (inserts). */
function batch(k: number, prefix: string): Record<string, unknown>[] {
  const half = PER_REQUEST / 2;
  const updates = Array.from({ length: half }, (_, j) => ({ email: `${prefix}${(k * half + j) % EXISTING}@seed.io`, name: `Updated ${k}-${j}` }));
  const inserts = Array.from({ length: half }, (_, j) => ({ email: `${prefix}new-${k}-${j}@bench.io`, name: `New ${k}-${j}`, company: 'Bench' }));
  return [...updates, ...inserts];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const dataDir = await mkdtemp(join(tmpdir(), 'og-bench-upsert-'));
const mongod = await startMongod(dataDir);
const key = generateApiKey();
const gateway = await startChildGateway({
  MONGODB_URI: mongod.uri.replace(/\/?(\?|$)/, `/${DB_NAME}$1`),
  OG_BOOTSTRAP_KEY: key,
  OG_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
  OG_RATE_LIMIT_IP_PER_MINUTE: '100000000',
  OG_RATE_LIMIT_ORG_PER_MINUTE: '100000000',
});
const client = await MongoClient.connect(mongod.uri);
try {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const createTable = async (name: string): Promise<TableInfo> => {
    const res = await fetch(`${gateway.url}/api/v2/tables`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name,
        columns: [
          { name: 'Email', slug: 'email', kind: 'input' },
          { name: 'Name', slug: 'name', kind: 'input' },
          { name: 'Company', slug: 'company', kind: 'input' },
        ],
      }),
    });
    const body = (await res.json()) as { id: string; columns: { id: string; slug: string }[] };
    const doc = await client.db(DB_NAME).collection<Doc>('tables').findOne({ _id: body.id });
    const col = (slug: string) => body.columns.find((c) => c.slug === slug)!.id;
    return { id: body.id, orgId: doc!.orgId as string, columns: { email: col('email'), name: col('name'), company: col('company') } };
  };

  const table = await createTable('bench gateway');
  let t = performance.now();
  await seed(client, table, 'g', EXISTING);
  console.log(`seeded ${EXISTING} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Warm-up outside the measurement (JIT, connection pools), on keys the run does not use.
  for (let k = 0; k < 10; k++) {
    await fetch(`${gateway.url}/api/v2/tables/${table.id}/rows/upsert`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ rows: batch(k, 'warm'), matchColumns: ['email'] }),
    });
  }

  const latencies: number[] = [];
  const counts = { inserted: 0, updated: 0, skipped: 0, failed: 0 };
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) {
        const k = next++;
        const started = performance.now();
        const res = await fetch(`${gateway.url}/api/v2/tables/${table.id}/rows/upsert`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ rows: batch(k, 'g'), matchColumns: ['email'] }),
        });
        const body = (await res.json()) as { counts?: { inserted: number; updated: number; skipped: number } };
        latencies.push(performance.now() - started);
        if (res.status !== 201 || !body.counts) counts.failed += 1;
        else for (const o of ['inserted', 'updated', 'skipped'] as const) counts[o] += body.counts[o];
      }
    }),
  );
  const gatewaySeconds = (performance.now() - t) / 1000;
  latencies.sort((a, b) => a - b);

  // Baseline: the same documents, one sequential bulkWrite per batch, straight through the driver.
  const baseTable = await createTable('bench baseline');
  const baseIds = await seed(client, baseTable, 'b', EXISTING);
  const rows = client.db(DB_NAME).collection<Doc>('rows');
  const inputIds = new Set(Object.values(baseTable.columns));
  t = performance.now();
  for (let k = 0; k < REQUESTS; k++) {
    const now = new Date();
    const ops: AnyBulkWriteOperation<Doc>[] = batch(k, 'b').map((row, j) => {
      const cells: Record<string, unknown> = { [baseTable.columns.email]: row.email, [baseTable.columns.name]: row.name };
      if (row.company) cells[baseTable.columns.company] = row.company;
      if (j < PER_REQUEST / 2) {
        return {
          updateOne: {
            filter: { _id: baseIds[(k * (PER_REQUEST / 2) + j) % EXISTING] },
            update: {
              $set: { [`cells.${baseTable.columns.name}`]: row.name, matchTokens: matchTokens(baseTable.orgId, baseTable.id, inputIds, cells), updatedAt: now },
            },
          },
        };
      }
      return {
        insertOne: {
          document: {
            _id: ids.uuid(),
            orgId: baseTable.orgId,
            tableId: baseTable.id,
            cells,
            matchKey: matchKey(baseTable.orgId, baseTable.id, [baseTable.columns.email], [row.email]),
            matchSig: [baseTable.columns.email],
            matchTokens: matchTokens(baseTable.orgId, baseTable.id, inputIds, cells),
            deletedAt: null,
            createdAt: now,
            updatedAt: now,
          },
        },
      };
    });
    await rows.bulkWrite(ops, { ordered: false });
  }
  const baselineSeconds = (performance.now() - t) / 1000;

  const total = REQUESTS * PER_REQUEST;
  const gatewayRate = total / gatewaySeconds;
  const baselineRate = total / baselineSeconds;
  const ratio = gatewayRate / baselineRate;
  const p99 = percentile(latencies, 99);
  console.log(
    `bench:upsert  ${REQUESTS} requests x ${PER_REQUEST} rows, ${CLIENTS} clients, table pre-seeded with ${EXISTING} rows, ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded mongod'} on loopback`,
  );
  // Other work on the machine skews both figures; say how busy it was.
  console.log(
    `${cpus().length} cpus, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.table({
    'gateway upsertRows': {
      'rows/s': Math.round(gatewayRate),
      seconds: +gatewaySeconds.toFixed(2),
      'p50 ms': +percentile(latencies, 50).toFixed(1),
      'p99 ms': +p99.toFixed(1),
      ...counts,
    },
    'driver bulkWrite loop': { 'rows/s': Math.round(baselineRate), seconds: +baselineSeconds.toFixed(2), 'p50 ms': null, 'p99 ms': null },
  });
  const meets = gatewayRate >= 5_000 && ratio >= 0.4 && counts.failed === 0;
  console.log(
    `rows/s ${Math.round(gatewayRate)} (target >= 5000)  ratio ${ratio.toFixed(3)} (target >= 0.4)  p99 ${p99.toFixed(1)} ms  ${meets ? 'MEETS TARGETS' : 'BELOW TARGET'}`,
  );
  const rowCount = await rows.countDocuments({ tableId: table.id, deletedAt: null });
  console.log(`gateway table now holds ${rowCount} rows (expected ${EXISTING + total / 2 + 10 * PER_REQUEST}: the seed, the inserted half, the warm-up)`);
} finally {
  await client.close();
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  mongod.child?.kill('SIGTERM');
  await rm(dataDir, { recursive: true, force: true });
}
