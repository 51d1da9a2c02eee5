import { describe, expect, it } from 'vitest';
import { signBody } from '../../examples/agent-worker/worker.ts';
import { apiClient } from '../support/api-client.ts';
import { attachWorker, newOrg, useAgentGateway, waitFor, waitForRun, type AgentGateway } from './agent-harness.ts';
import { assertPublished } from './published-schemas.ts';

let gw: AgentGateway;
const onClose = useAgentGateway((g) => (gw = g));

const completedEvent = (runId: string) => gw.db.collection('events').findOne({ type: 'agent.run.completed', 'data.run_id': runId });

describe('conversation', () => {
  it('ends needs_input with the pending question, then a sendRun answer continues the conversation', async () => {
    const { api } = await newOrg(gw, 'life-needs-input');
    const { worker } = await attachWorker(api, {}, onClose);
    const first = await api.post('/api/v2/agents', { prompt: 'Build a list; ask me a question first' });
    const asked = await waitForRun(api, first.body.agent.id, first.body.run.id);
    expect(asked.body.status).toBe('needs_input');
    expect(asked.body.todo.pendingQuestions).toEqual([
      { type: 'single-choice', question: 'Which region should I target?', suggestedAnswers: ['EU', 'US'], freeformOption: 'Or something else' },
    ]);
    assertPublished('Run', asked.body);

    const answer = await api.post(`/api/v2/agents/${first.body.agent.id}/runs`, { prompt: 'EU please' });
    expect(answer.status).toBe(202);
    expect(answer.body.run).toMatchObject({ status: 'running', prompt: 'EU please' });
    const done = await waitForRun(api, first.body.agent.id, answer.body.run.id);
    expect(done.body.status).toBe('completed');
    expect(done.body.response.text).toBe('Echo: EU please (2 earlier messages)');
    expect(worker.requests[1].history).toEqual([
      { role: 'user', runId: first.body.run.id, content: 'Build a list; ask me a question first' },
      { role: 'assistant', runId: first.body.run.id, content: 'Before I start: which region should I target?' },
    ]);
    const runs = await api.get(`/api/v2/agents/${first.body.agent.id}/runs`);
    expect(runs.body.items.map((r: { status: string }) => r.status)).toEqual(['completed', 'needs_input']);
  });
});

describe('admission limits', () => {
  it('answers 409 AGENT_BUSY while a run of the agent is in flight, and admits exactly one of racing sendRuns', async () => {
    const { api } = await newOrg(gw, 'life-busy');
    await attachWorker(api, { maxConcurrentRuns: 10 }, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'slow:5000 first' });
    const busy = await api.post(`/api/v2/agents/${created.body.agent.id}/runs`, { prompt: 'second' });
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'AGENT_BUSY', currentRun: { id: created.body.run.id, startedAt: created.body.run.startedAt } });
    // Ending the run (here by a cancel the worker confirms) frees the agent at once.
    expect((await api.post(`/api/v2/agents/${created.body.agent.id}/cancel`)).body.run.status).toBe('cancelled');

    const racing = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.post(`/api/v2/agents/${created.body.agent.id}/runs`, { prompt: `slow:5000 race ${i}` })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409, 409]);
    await api.post(`/api/v2/agents/${created.body.agent.id}/cancel`);
  });

  it('answers 429 CONCURRENT_LIMIT_EXCEEDED when the worker’s slots are taken, and admits again once one frees', async () => {
    const { api } = await newOrg(gw, 'life-limit');
    await attachWorker(api, { maxConcurrentRuns: 1 }, onClose);
    const first = await api.post('/api/v2/agents', { name: 'Busy bee', prompt: 'slow:5000 hold the slot' });
    const refused = await api.post('/api/v2/agents', { prompt: 'me too' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).toMatchObject({ code: 'CONCURRENT_LIMIT_EXCEEDED', limit: 1, canUpgrade: false });
    expect(refused.body.activeSessions).toEqual([{ agentId: first.body.agent.id, name: 'Busy bee', startedAt: expect.any(String) }]);
    // The refused request left no agent behind.
    expect((await api.get('/api/v2/agents')).body.items).toHaveLength(1);
    expect((await api.post(`/api/v2/agents/${first.body.agent.id}/cancel`)).body.run.status).toBe('cancelled');
    expect((await api.post('/api/v2/agents', { prompt: 'now me' })).status).toBe(202);
  });

  it('reclaims slots a crash left behind (ended run, or a run that was never stored)', async () => {
    const { api, orgId } = await newOrg(gw, 'life-stale-slots');
    const { id: workerId } = await attachWorker(api, { maxConcurrentRuns: 2 }, onClose);
    const first = await api.post('/api/v2/agents', { prompt: 'quick' });
    await waitForRun(api, first.body.agent.id, first.body.run.id);
    // The ended run whose slot release was lost is a stored copy of the first run: the
    // first run's own releases (one before its terminal write, one after) may land at any
    // time and would pull a slot under its id, but never one under this.
    const runs = gw.db.collection<{ _id: string; status: string }>('agent_runs');
    const ended = { ...(await runs.findOne({ _id: first.body.run.id }))!, _id: 'v2_run-0190a000-0000-7000-8000-0000000e0ded' };
    expect(ended.status).not.toBe('running');
    await runs.insertOne(ended);
    const slotsOf = () => gw.db.collection<{ _id: string; active: { runId: string }[] }>('agent_run_slots').findOne({ _id: workerId, orgId });
    for (let i = 0; i < 100 && (await slotsOf())?.active.some((s) => s.runId === first.body.run.id); i++) await new Promise((r) => setTimeout(r, 50));
    // As if two releases were lost: the ended run's slot, and an admission that died before storing its run.
    const old = new Date(Date.now() - 5 * 60_000);
    await gw.db.collection<{ _id: string }>('agent_run_slots').updateOne({ _id: workerId }, {
      $push: {
        active: {
          $each: [
            { runId: ended._id, agentId: first.body.agent.id, name: 'ended', startedAt: old },
            { runId: 'v2_run-0190a000-0000-7000-8000-00000000dead', agentId: first.body.agent.id, name: 'ghost', startedAt: old },
          ],
        },
      },
    } as never);
    expect((await slotsOf())?.active.map((s) => s.runId).filter((id) => id !== first.body.run.id)).toEqual([
      ended._id,
      'v2_run-0190a000-0000-7000-8000-00000000dead',
    ]);
    const next = await api.post('/api/v2/agents', { prompt: 'after the crash' });
    expect(next.status).toBe(202);
    const slots = await gw.db.collection<{ _id: string; active: { runId: string }[] }>('agent_run_slots').findOne({ _id: workerId, orgId });
    expect(slots?.active.map((s) => s.runId)).toEqual([next.body.run.id]);
  });
});

describe('ending runs', () => {
  it('cancels a running run when the worker confirms; cancelling again is a no-op', async () => {
    const { api } = await newOrg(gw, 'life-cancel');
    await attachWorker(api, { mode: 'async', cancelMode: 'sync' }, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'slow:5000 long job' });
    await waitFor(
      async () => (await gw.db.collection('agent_runs').findOne({ _id: created.body.run.id as never, 'dispatch.acceptedAt': { $ne: null } })) !== null,
    );
    const cancelled = await api.post(`/api/v2/agents/${created.body.agent.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.run).toMatchObject({ id: created.body.run.id, status: 'cancelled' });
    assertPublished('Run', cancelled.body.run);
    const again = await api.post(`/api/v2/agents/${created.body.agent.id}/cancel`);
    expect(again.body.run).toMatchObject({ id: created.body.run.id, status: 'cancelled', completedAt: cancelled.body.run.completedAt });
    expect(await completedEvent(created.body.run.id)).toMatchObject({ orderingKey: `agent_run:${created.body.run.id}`, data: { status: 'cancelled' } });
  });

  it('marks the run cancelled when the worker never confirms and the grace period ends', async () => {
    const { api } = await newOrg(gw, 'life-cancel-grace');
    await attachWorker(api, { mode: 'async', cancelMode: 'ignore' }, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'never finish' });
    await waitFor(
      async () => (await gw.db.collection('agent_runs').findOne({ _id: created.body.run.id as never, 'dispatch.acceptedAt': { $ne: null } })) !== null,
    );
    const asked = await api.post(`/api/v2/agents/${created.body.agent.id}/cancel`);
    expect(asked.body.run.status).toBe('running');
    const done = await waitForRun(api, created.body.agent.id, created.body.run.id, undefined, 5_000);
    expect(done.body.status).toBe('cancelled');
  });

  it('times a run out when the worker never answers within its timeout', async () => {
    const { api } = await newOrg(gw, 'life-timeout');
    await attachWorker(api, { mode: 'sync', timeoutSeconds: 1 }, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'never answer' });
    const done = await waitForRun(api, created.body.agent.id, created.body.run.id, undefined, 6_000);
    expect(done.body.status).toBe('timed_out');
    expect(done.body.response.text).toBeNull();
    assertPublished('Run', done.body);
    // The agent is free again.
    expect((await api.post(`/api/v2/agents/${created.body.agent.id}/runs`, { prompt: 'hello' })).status).toBe(202);
  });

  it('retries a worker that answers 5xx, then completes', async () => {
    const { api } = await newOrg(gw, 'life-retry');
    const { worker } = await attachWorker(api, {}, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'fail:1 flaky' });
    const done = await waitForRun(api, created.body.agent.id, created.body.run.id);
    expect(done.body.status).toBe('completed');
    const deliveries = worker.requests.filter((r) => r.run.id === created.body.run.id);
    expect(deliveries).toHaveLength(2);
    // Each attempt carries a fresh key; the failed attempt's key was revoked at once.
    expect(deliveries[0].apiKey).not.toBe(deliveries[1].apiKey);
  });

  it('ends the run errored when every attempt fails', async () => {
    const { api } = await newOrg(gw, 'life-retry-exhausted');
    await attachWorker(api, {}, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'fail:9 broken' });
    const done = await waitForRun(api, created.body.agent.id, created.body.run.id);
    expect(done.body.status).toBe('errored');
    expect(await completedEvent(created.body.run.id)).toMatchObject({ data: { agent_id: created.body.agent.id, status: 'errored' } });
  });
});

describe('worker credentials', () => {
  it('rejects forged callbacks: altered token 404, bad signature 401', async () => {
    const { api } = await newOrg(gw, 'life-forged');
    const { worker, secret } = await attachWorker(api, { mode: 'async' }, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'slow:400 hello' });
    const request = await waitFor(async () => worker.requests.find((r) => r.run.id === created.body.run.id));
    const url = new URL(request.callbackUrl);
    const anon = apiClient(gw.callback as never);
    const body = JSON.stringify({ status: 'completed', response: { text: 'forged', actions: [] } });
    const signedHeaders = (key: string) => {
      const ts = Math.floor(Date.now() / 1000);
      return {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(ts),
        'webhook-signature': signBody(key, 'msg_forged', ts, body),
      };
    };
    const altered = url.pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await anon.post(altered, undefined, { raw: body, headers: signedHeaders(secret) })).status).toBe(404);
    const otherRun = url.pathname.replace(created.body.run.id, 'v2_run-0190a000-0000-7000-8000-000000000000');
    expect((await anon.post(otherRun, undefined, { raw: body, headers: signedHeaders(secret) })).status).toBe(404);
    expect((await anon.post(url.pathname, undefined, { raw: body, headers: signedHeaders('whsec_' + Buffer.alloc(24, 7).toString('base64')) })).status).toBe(
      401,
    );
    expect((await anon.post(url.pathname, undefined, { raw: body, headers: { 'content-type': 'application/json' } })).status).toBe(401);

    const done = await waitForRun(api, created.body.agent.id, created.body.run.id);
    expect(done.body.response.text).toBe('Echo: slow:400 hello (0 earlier messages)');
    // A correctly signed result after the end is acknowledged and ignored.
    const late = await anon.post(url.pathname, undefined, { raw: body, headers: signedHeaders(secret) });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ accepted: false, status: 'completed' });
  });

  it('gives the worker a read/write key of the organization that stops working when the run ends', async () => {
    const { api } = await newOrg(gw, 'life-key');
    const { worker } = await attachWorker(api, {}, onClose);
    const created = await api.post('/api/v2/agents', { name: 'Key user', prompt: 'use-api please' });
    const done = await waitForRun(api, created.body.agent.id, created.body.run.id);
    expect(done.body.response.text).toBe('My agent is called Key user');
    expect(worker.apiCalls).toEqual([{ url: expect.stringContaining(`/agents/${created.body.agent.id}`), status: 200 }]);
    const key = worker.requests[0].apiKey;
    const withKey = gw.api.withKey(key);
    const after = await withKey.get(`/api/v2/agents/${created.body.agent.id}`);
    expect(after.status).toBe(401);
  });

  it('limits the run key to read and write', async () => {
    const { api } = await newOrg(gw, 'life-key-scope');
    const { worker } = await attachWorker(api, {}, onClose);
    const created = await api.post('/api/v2/agents', { prompt: 'slow:5000 wait' });
    const request = await waitFor(async () => worker.requests.find((r) => r.run.id === created.body.run.id));
    const withKey = gw.api.withKey(request.apiKey);
    expect((await withKey.get('/api/v2/agents')).status).toBe(200);
    expect((await withKey.get('/api/v2/agent-workers')).status).toBe(403);
    // Another organization's data stays invisible to it.
    const other = await newOrg(gw, 'life-key-scope-other');
    await attachWorker(other.api, {}, onClose);
    const foreign = await other.api.post('/api/v2/agents', { prompt: 'mine' });
    expect((await withKey.get(`/api/v2/agents/${foreign.body.agent.id}`)).status).toBe(404);
    await api.post(`/api/v2/agents/${created.body.agent.id}/cancel`);
    expect((await withKey.get('/api/v2/agents')).status).toBe(401);
  });
});
