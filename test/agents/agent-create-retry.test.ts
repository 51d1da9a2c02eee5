import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createAgentService } from '../../src/domain/agents/agent-service.ts';
import type { AgentRunStore, AgentStore, RunSlotStore } from '../../src/domain/agents/agent-stores.ts';
import { createAgentWorkerService } from '../../src/domain/agents/agent-worker-service.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { createSecretBox } from '../../src/storage/encryption/secret-box.ts';
import { createOutboxStore } from '../../src/storage/outbox/outbox-store.ts';
import { createAgentRunsRepo } from '../../src/storage/repositories/agent-runs-repo.ts';
import { createAgentWorkersRepo, createRunSlotsRepo } from '../../src/storage/repositories/agent-workers-repo.ts';
import { createAgentsRepo } from '../../src/storage/repositories/agents-repo.ts';
import { StoreUnavailableError, WriteOutcomeUnknownError } from '../../src/storage/store-errors.ts';
import { TEST_ENCRYPTION_KEY } from '../support/encryption-key.ts';
import { failedFirstAttempt } from '../support/failed-attempt.ts';
import { attachWorker, newOrg, useAgentGateway, waitForRun, type AgentGateway } from './agent-harness.ts';

// An agent create (the agent and its first run) whose first attempt stored the agent but
// not its run, retried with the same Idempotency-Key and body. The first attempt runs
// through the domain over the real store, its run store failing (and, in the second
// case, the clean-up after it too: the database was gone for all of it); the retry is the
// client's, over HTTP, and must end as one agent with one run, answered as one success.

let gw: AgentGateway;
const onClose = useAgentGateway((g) => (gw = g));

const outage = () => new StoreUnavailableError();
/** Throws, from the first failing call on, whatever `names` says (the database went away). */
function failing<T extends object>(real: T, names: (keyof T)[]): T {
  return Object.fromEntries(Object.entries(real).map(([name, fn]) => [name, names.includes(name as keyof T) ? () => Promise.reject(outage()) : fn])) as T;
}
// What a create never reaches before its run is stored.
const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used before the run is stored')) }) as never;

/** The run store's insert stores the run, then fails as if its answer was lost. */
function landsUnconfirmed(real: AgentRunStore): AgentRunStore {
  return {
    ...real,
    async insert(record) {
      await real.insert(record);
      throw new WriteOutcomeUnknownError();
    },
  };
}

function brokenService(orgId: string, cleanUpFails: boolean, ids = createIdGenerator(), runInsert: 'fails' | 'lands' = 'fails') {
  const db = gw.db;
  const logger = pino({ level: 'silent' });
  const secrets = createSecretBox({ key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') });
  const agents: AgentStore = createAgentsRepo(db);
  const slots: RunSlotStore = createRunSlotsRepo(db);
  const runs: AgentRunStore = createAgentRunsRepo(db, { outbox: createOutboxStore({ db, ids, clock: systemClock, logger }) });
  const service = createAgentService({
    agents: cleanUpFails ? failing(agents, ['releaseRun']) : agents,
    agentRuns: runInsert === 'lands' ? landsUnconfirmed(runs) : failing(runs, ['insert']),
    slots: cleanUpFails ? failing(slots, ['release']) : slots,
    workers: createAgentWorkerService({ store: createAgentWorkersRepo(db, { secrets }), ids, clock: systemClock, allowPrivateNetwork: true }),
    lifecycle: unused,
    workerClient: unused,
    jobs: unused,
    ids,
    clock: systemClock,
    logger,
    cancelGraceMs: 1_000,
  });
  return { service, ids, orgId };
}

/** The service as the retry runs it, its run insert meeting the first attempt's landing late; jobs recorded. */
function racingService(ids: ReturnType<typeof createIdGenerator>) {
  const db = gw.db;
  const logger = pino({ level: 'silent' });
  const secrets = createSecretBox({ key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') });
  const runs = createAgentRunsRepo(db, { outbox: createOutboxStore({ db, ids, clock: systemClock, logger }) });
  const queued: string[] = [];
  const service = createAgentService({
    agents: createAgentsRepo(db),
    agentRuns: {
      ...runs,
      async insert(record) {
        await runs.insert(record);
        await runs.insert(record);
      },
    },
    slots: createRunSlotsRepo(db),
    workers: createAgentWorkerService({ store: createAgentWorkersRepo(db, { secrets }), ids, clock: systemClock, allowPrivateNetwork: true }),
    lifecycle: unused,
    workerClient: unused,
    jobs: {
      dispatch: async (_org, runId, attempt) => void queued.push(`dispatch ${runId} ${attempt}`),
      checkAt: async (_org, runId) => void queued.push(`deadline ${runId}`),
    },
    ids,
    clock: systemClock,
    logger,
    cancelGraceMs: 1_000,
  });
  return { service, queued };
}

describe('an agent create whose first attempt stored the agent but not its run', () => {
  for (const cleanUpFails of [false, true]) {
    it(`is completed by its retry: one agent, one run, answered as one success (clean-up after the failure ${cleanUpFails ? 'failed too' : 'done'})`, async () => {
      const { orgId, api } = await newOrg(gw, `agent-retry-${cleanUpFails}`);
      await attachWorker(api, { maxConcurrentRuns: 1 }, onClose);
      const body = { name: 'Retried scout', prompt: 'Find fintech founders in Berlin' };
      const key = `agent-retry-${Math.random().toString(36).slice(2)}`;
      const broken = brokenService(orgId, cleanUpFails);
      const err = await failedFirstAttempt({ db: gw.db, orgId, ids: broken.ids, key, path: '/api/v2/agents', body }, () =>
        broken.service.createAgentAndRun(orgId, body),
      );
      expect(err).toBeInstanceOf(StoreUnavailableError);
      const left = await gw.db.collection('agents').find({ orgId }).toArray();
      expect(left).toHaveLength(1);
      expect(await gw.db.collection('agent_runs').countDocuments({ orgId })).toBe(0);

      const retry = await api.post('/api/v2/agents', body, { headers: { 'idempotency-key': key } });
      expect(retry.status, JSON.stringify(retry.body)).toBe(202);
      expect(retry.headers['idempotency-replay']).toBeUndefined();
      const { agent, run, workspace } = retry.body;
      expect(agent).toEqual({
        object: 'agent',
        id: left[0]._id,
        name: 'Retried scout',
        workspaceId: left[0]._id,
        createdAt: (left[0].createdAt as Date).toISOString(),
      });
      expect(workspace).toMatchObject({ object: 'workspace', id: agent.id });
      expect(run).toMatchObject({ object: 'run', status: 'running', agentId: agent.id, prompt: body.prompt, response: null });
      expect(run.id).toBe(left[0].lastRunId);

      // The run goes to the worker and completes; the worker's only slot is free again.
      const done = await waitForRun(api, agent.id, run.id);
      expect(done.body.status).toBe('completed');
      expect((await api.get('/api/v2/agents?limit=100')).body.items.map((a: { id: string }) => a.id)).toEqual([agent.id]);
      expect((await api.get(`/api/v2/agents/${agent.id}/runs`)).body.items.map((r: { id: string }) => r.id)).toEqual([run.id]);
      const next = await api.post(`/api/v2/agents/${agent.id}/runs`, { prompt: 'And in Munich?' });
      expect(next.status, JSON.stringify(next.body)).toBe(202);
      await waitForRun(api, agent.id, next.body.run.id);

      // Answered from the record from then on.
      const replay = await api.post('/api/v2/agents', body, { headers: { 'idempotency-key': key } });
      expect(replay.headers['idempotency-replay']).toBe('true');
      expect(replay.body.run.id).toBe(run.id);
    });
  }

  it('answers the run of the first attempt when its unconfirmed insert lands during the retry, and queues it', async () => {
    const { orgId, api } = await newOrg(gw, 'agent-retry-late');
    await attachWorker(api, { maxConcurrentRuns: 1 }, onClose);
    const ids = createIdGenerator();
    const scope = { seed: `agent-late-${Math.random()}`, atMs: Date.now() };
    const body = { name: 'Late scout', prompt: 'Find fintech founders in Hamburg' };
    const broken = brokenService(orgId, true, ids);
    await expect(ids.within(scope, () => broken.service.createAgentAndRun(orgId, body))).rejects.toBeInstanceOf(StoreUnavailableError);
    const racing = racingService(ids);
    const done = await ids.within(scope, () => racing.service.createAgentAndRun(orgId, body));
    expect(done.run.status).toBe('running');
    expect(racing.queued).toEqual([`dispatch ${done.run.id} 0`, `deadline ${done.run.id}`]);
    expect(await gw.db.collection('agent_runs').countDocuments({ orgId })).toBe(1);
    const agent = await gw.db.collection('agents').findOne({ _id: done.agent.id as never });
    expect(agent).toMatchObject({ activeRunId: done.run.id, lastRunId: done.run.id });
    const slots = await gw.db.collection('agent_run_slots').find({ orgId }).toArray();
    expect(slots.flatMap((s) => (s.active as { runId: string }[]).map((a) => a.runId))).toEqual([done.run.id]);
  });

  it('whose run was stored unconfirmed, hands that run to its worker on the retry (it was never queued)', async () => {
    const { orgId, api } = await newOrg(gw, 'agent-retry-unconfirmed');
    await attachWorker(api, { maxConcurrentRuns: 1 }, onClose);
    const body = { name: 'Unconfirmed scout', prompt: 'Find fintech founders in Leipzig' };
    const key = `agent-unconfirmed-${Math.random().toString(36).slice(2)}`;
    const broken = brokenService(orgId, false, createIdGenerator(), 'lands');
    const err = await failedFirstAttempt({ db: gw.db, orgId, ids: broken.ids, key, path: '/api/v2/agents', body }, () =>
      broken.service.createAgentAndRun(orgId, body),
    );
    expect(err).toBeInstanceOf(WriteOutcomeUnknownError);
    const stored = await gw.db.collection('agent_runs').find({ orgId }).toArray();
    expect(stored.map((r) => r.status)).toEqual(['running']);

    const retry = await api.post('/api/v2/agents', body, { headers: { 'idempotency-key': key } });
    expect(retry.status, JSON.stringify(retry.body)).toBe(202);
    expect(retry.body.run.id).toBe(stored[0]._id);
    const done = await waitForRun(api, retry.body.agent.id, retry.body.run.id);
    expect(done.body.status).toBe('completed');
    expect(await gw.db.collection('agent_runs').countDocuments({ orgId })).toBe(1);
    const next = await api.post(`/api/v2/agents/${retry.body.agent.id}/runs`, { prompt: 'And in Dresden?' });
    expect(next.status, JSON.stringify(next.body)).toBe(202);
  });
});
