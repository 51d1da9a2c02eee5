import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { attachWorker, newOrg, startAgentGateway, waitForRun } from './agent-harness.ts';

// Two gateway processes' worth of services on one database: the one-run-per-agent and
// per-worker concurrency limits hold because the database enforces them, not memory.
let a: Awaited<ReturnType<typeof startAgentGateway>>;
let b: TestGateway;
const cleanups: (() => Promise<void>)[] = [];
const onClose = (fn: () => Promise<void>) => void cleanups.push(fn);
beforeAll(async () => {
  a = await startAgentGateway();
  b = await startTestGateway({ dbName: a.dbName, instanceName: 'second', env: { OG_PUBLIC_URL: a.baseUrl } });
});
afterAll(async () => {
  for (const fn of cleanups) await fn();
  await b.close();
  await a.close();
});

describe('admission across two gateways on one database', () => {
  it('admits exactly one of sendRuns racing through both gateways', async () => {
    const { api, key } = await newOrg(a, 'procs-busy');
    await attachWorker(api, { maxConcurrentRuns: 20 }, onClose);
    const viaB = b.api.withKey(key);
    const created = await api.post('/api/v2/agents', { prompt: 'first' });
    await waitForRun(api, created.body.agent.id, created.body.run.id);
    const path = `/api/v2/agents/${created.body.agent.id}/runs`;
    const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? viaB : api).post(path, { prompt: `slow:3000 race ${i}` })));
    expect(racing.filter((r) => r.status === 202)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 409).every((r) => r.body.code === 'AGENT_BUSY')).toBe(true);
    const admitted = racing.find((r) => r.status === 202)!;
    // Either gateway can serve the run's state.
    expect((await waitForRun(viaB, created.body.agent.id, admitted.body.run.id)).body.status).toBe('completed');
  });

  it('never admits more runs than the worker’s limit, whichever gateway they arrive at', async () => {
    const { api, key } = await newOrg(a, 'procs-limit');
    await attachWorker(api, { maxConcurrentRuns: 2 }, onClose);
    const viaB = b.api.withKey(key);
    const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? viaB : api).post('/api/v2/agents', { prompt: `slow:3000 agent ${i}` })));
    expect(racing.filter((r) => r.status === 202)).toHaveLength(2);
    expect(racing.filter((r) => r.status === 429).every((r) => r.body.code === 'CONCURRENT_LIMIT_EXCEEDED')).toBe(true);
    expect((await api.get('/api/v2/agents')).body.items).toHaveLength(2);
  });
});
