import { describe, expect, it } from 'vitest';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { startReceiver } from '../webhooks/support/receiver.ts';
import { attachWorker, newOrg, useAgentGateway, waitForRun, type AgentGateway } from './agent-harness.ts';

let gw: AgentGateway;
const onClose = useAgentGateway((g) => (gw = g));

describe('agent.run.completed', () => {
  it.each([
    ['completed', 'plain work', {}],
    ['timed_out', 'never answer', { timeoutSeconds: 1 }],
  ] as const)('is delivered signed (verified by standardwebhooks) when a run ends %s', async (status, prompt, setup) => {
    const { api } = await newOrg(gw, `events-${status}`);
    await attachWorker(api, setup, onClose);
    const receiver = await startReceiver();
    onClose(() => receiver.close());
    const endpoint = await api.post('/api/v2/webhooks', { url: receiver.url, events: ['agent.*'] });
    expect(endpoint.status).toBe(201);
    receiver.setSecrets([endpoint.body.secret]);

    const created = await api.post('/api/v2/agents', { prompt });
    await waitForRun(api, created.body.agent.id, created.body.run.id, undefined, 8_000);
    await receiver.until(() => receiver.received.length === 1, 8_000);
    const [delivery] = receiver.received;
    expect(delivery.verifiedWith).toEqual([endpoint.body.secret]);
    expect(delivery.payload).toMatchObject({
      type: 'agent.run.completed',
      id: delivery.id,
      data: { agent_id: created.body.agent.id, run_id: created.body.run.id, status },
    });
    assertWebhookMatchesSpec('agent.run.completed', delivery.payload);

    // The ids are enough to read the run back.
    const data = delivery.payload.data as { agent_id: string; run_id: string };
    const run = await api.get(`/api/v2/agents/${data.agent_id}/runs/${data.run_id}`);
    expect(run.body).toMatchObject({ status, completedAt: expect.any(String) });
    // Exactly one event per run, ordered under the run's key.
    const events = await gw.db.collection('events').find({ 'data.run_id': created.body.run.id }).toArray();
    expect(events.map((e) => [e.type, e.orderingKey])).toEqual([['agent.run.completed', `agent_run:${created.body.run.id}`]]);
  });
});
