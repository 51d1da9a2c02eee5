import { afterAll, beforeAll, expect } from 'vitest';
import { createAgentWorker, type AgentWorker, type CancelMode, type WorkerMode } from '../../examples/agent-worker/worker.ts';
import type { ApiClient } from '../support/api-client.ts';
import { createServer } from 'node:http';
import { freePort } from '../support/free-port.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Shared steps of the agent-run tests: an organization of its own per test (so
// concurrency slots and default workers never leak between tests), the example worker
// on loopback registered through the API, and polling like a client would.

export const AGENT_TEST_ENV = { OG_RETRY_SCHEDULE: '0,0.2,0.2', OG_AGENT_CANCEL_GRACE_SECONDS: '1' };

/** A test gateway also listening on a loopback port, which its callback URLs name. */
export async function startAgentGateway(env: Record<string, string> = {}): Promise<TestGateway & { baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const gw = await startTestGateway({ env: { ...AGENT_TEST_ENV, OG_PUBLIC_URL: baseUrl, ...env } });
  const server = createServer(gw.callback);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    ...gw,
    baseUrl,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gw.close();
    },
  };
}

export type AgentGateway = Awaited<ReturnType<typeof startAgentGateway>>;

/**
 * One agent gateway for a test file: started before its tests, closed after them (and
 * after whatever the tests registered with the returned `onClose`).
 */
export function useAgentGateway(set: (gw: AgentGateway) => void, env: Record<string, string> = {}) {
  const cleanups: (() => Promise<void>)[] = [];
  let gw: AgentGateway | undefined;
  beforeAll(async () => {
    gw = await startAgentGateway(env);
    set(gw);
  });
  afterAll(async () => {
    for (const fn of cleanups) await fn();
    await gw?.close();
  });
  return (fn: () => Promise<void>) => void cleanups.push(fn);
}

export async function newOrg(gw: TestGateway, name: string): Promise<{ orgId: string; api: ApiClient; key: string }> {
  const org = await gw.gateway.services.organizations.ensure(name);
  const created = await gw.gateway.services.apiKeys.create(org.id, { name: 'admin', scopes: ['admin'] });
  return { orgId: org.id, api: gw.api.withKey(created.key), key: created.key };
}

export interface WorkerSetup {
  mode?: WorkerMode;
  cancelMode?: CancelMode;
  timeoutSeconds?: number;
  maxConcurrentRuns?: number;
}

export async function attachWorker(
  api: ApiClient,
  setup: WorkerSetup = {},
  cleanup?: (fn: () => Promise<void>) => void,
): Promise<{ worker: AgentWorker; id: string; secret: string }> {
  const worker = createAgentWorker({ secret: 'whsec_placeholder', mode: setup.mode, cancelMode: setup.cancelMode });
  const url = await worker.listen();
  cleanup?.(() => worker.close());
  const res = await api.post('/api/v2/agent-workers', {
    name: `example ${setup.mode ?? 'sync'}`,
    url,
    ...(setup.timeoutSeconds ? { timeoutSeconds: setup.timeoutSeconds } : {}),
    ...(setup.maxConcurrentRuns ? { maxConcurrentRuns: setup.maxConcurrentRuns } : {}),
  });
  expect(res.status).toBe(201);
  worker.setSecret(res.body.secret);
  return { worker, id: res.body.id, secret: res.body.secret };
}

export async function waitForRun(
  api: ApiClient,
  agentId: string,
  runId: string,
  done: (status: string) => boolean = (s) => s !== 'running',
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api.get(`/api/v2/agents/${agentId}/runs/${runId}`);
    expect(res.status).toBe(200);
    if (done(res.body.status)) return res;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${res.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
