// bench:agents — agent runs end to end through the example worker on loopback: admission
// latency (POST /agents → 202), run latency (admitted → terminal, as the gateway records
// it) and throughput, for a synchronous and an asynchronous (callback) worker, plus a
// burst of racing follow-ups on one agent (exactly one may be admitted). The gateway runs
// in this process on the embedded database, listening on loopback for callbacks.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createAgentWorker, type WorkerMode } from '../examples/agent-worker/worker.ts';
import { loadConfig } from '../src/config/config.ts';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.ts';
import { createGateway } from '../src/gateway/create-gateway.ts';
import { connectStore } from '../src/storage/connection.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 25);
const RACERS = 50;
const DEADLINE_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : NaN;
};

const dataDir = await mkdtemp(join(tmpdir(), 'og-bench-agents-'));
const mongo = await startEmbeddedMongo({ dbPath: dataDir, host: '127.0.0.1', port: 0 });
const store = await connectStore({ uri: mongo.uri, timeoutMs: 30_000 });
const server = createServer();
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const config = loadConfig({
  OG_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  OG_ALLOW_PRIVATE_NETWORK: 'true',
  OG_PUBLIC_URL: base,
  OG_RATE_LIMIT_IP_PER_MINUTE: '100000000',
  OG_RATE_LIMIT_ORG_PER_MINUTE: '100000000',
});
const gateway = createGateway({ config, db: store.db, logger: pino({ level: 'warn' }), schedulerProcessEveryMs: 50 });
await gateway.start();
server.on('request', gateway.app.callback());

async function api(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function setup(name: string, mode: WorkerMode, maxConcurrentRuns: number) {
  const org = await gateway.services.organizations.ensure(name);
  const { key } = await gateway.services.apiKeys.create(org.id, { name: 'bench', scopes: ['admin'] });
  const worker = createAgentWorker({ secret: 'whsec_placeholder', mode });
  const url = await worker.listen();
  const created = await api(key, 'POST', '/api/v2/agent-workers', { name: mode, url, maxConcurrentRuns });
  worker.setSecret(created.body.secret);
  return { key, worker };
}

async function runMode(mode: WorkerMode) {
  const { key, worker } = await setup(`bench-${mode}`, mode, CONCURRENCY);
  const admission: number[] = [];
  const ids: string[] = [];
  let next = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < RUNS) {
        next += 1;
        for (;;) {
          const t0 = performance.now();
          const res = await api(key, 'POST', '/api/v2/agents', { prompt: `bench ${next}` });
          if (res.status === 202) {
            admission.push(performance.now() - t0);
            ids.push(res.body.run.id);
            // One agent per slot at a time: wait for this run before taking the next.
            await waitDone(res.body.run.id);
            break;
          }
          if (res.status !== 429) throw new Error(`admission answered ${res.status}: ${JSON.stringify(res.body)}`);
          refused += 1;
          await sleep(5);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const runs = await store.db
    .collection('agent_runs')
    .find({ _id: { $in: ids } } as never)
    .toArray();
  const latency = runs.map((r) => r.completedAt.getTime() - r.startedAt.getTime());
  const completed = runs.filter((r) => r.status === 'completed').length;
  await worker.close();
  return {
    runs: RUNS,
    completed,
    'runs/s': Math.round((RUNS / elapsed) * 10) / 10,
    'admit p50 ms': pct(admission, 50),
    'admit p99 ms': pct(admission, 99),
    'run p50 ms': pct(latency, 50),
    'run p99 ms': pct(latency, 99),
    '429 retries': refused,
  };
}

// Completion is observed through the outbox (agent.run.completed), not by polling the store.
const ended = new Map<string, () => void>();
const endedEarly = new Set<string>();
gateway.services.outbox.onRecording(
  (_batch, recorded) =>
    void recorded.then(
      (events) => {
        for (const event of events) {
          if (event.type !== 'agent.run.completed') continue;
          const runId = String(event.data.run_id);
          const resolve = ended.get(runId);
          if (resolve) resolve();
          else endedEarly.add(runId);
        }
      },
      () => undefined,
    ),
);

function waitDone(runId: string): Promise<void> {
  if (endedEarly.delete(runId)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run ${runId} did not end in time`)), DEADLINE_MS);
    ended.set(runId, () => {
      clearTimeout(timer);
      ended.delete(runId);
      resolve();
    });
  });
}

async function race() {
  const { key, worker } = await setup('bench-race', 'sync', RACERS);
  const created = await api(key, 'POST', '/api/v2/agents', { prompt: 'first' });
  await waitDone(created.body.run.id);
  const t0 = performance.now();
  const answers = await Promise.all(
    Array.from({ length: RACERS }, (_, i) => api(key, 'POST', `/api/v2/agents/${created.body.agent.id}/runs`, { prompt: `slow:200 racer ${i}` })),
  );
  const ms = performance.now() - t0;
  const admitted = answers.find((a) => a.status === 202);
  if (admitted) await waitDone(admitted.body.run.id);
  await worker.close();
  return {
    racers: RACERS,
    admitted: answers.filter((a) => a.status === 202).length,
    AGENT_BUSY: answers.filter((a) => a.body.code === 'AGENT_BUSY').length,
    'burst ms': Math.round(ms),
  };
}

try {
  const rows: Record<string, Record<string, number>> = {};
  for (const mode of ['sync', 'async'] as const) rows[mode] = await runMode(mode);
  console.log(`bench:agents  embedded store, example worker on loopback, ${RUNS} runs per mode, ${CONCURRENCY} in flight`);
  console.table(rows);
  console.log('one agent, racing follow-ups (the database admits exactly one):');
  console.table({ race: await race() });
} finally {
  await gateway.stop();
  server.close();
  await store.close();
  await mongo.close();
  await rm(dataDir, { recursive: true, force: true });
}
// Agenda checks that a running job is still alive on a timer it never cancels (half the
// lock lifetime, 150 s), which would hold this process open minutes after the run is over.
process.exit(0);
