import type { EventType } from '../events/event-types.ts';
import { ApiRefusal, NotProducible, type TriggerApi } from './trigger-api.ts';
import type { TriggerPeer } from './trigger-peer.ts';
import { connectionAccepted, connectionRequested, inboundTrigger, messageSent, postToTrigger, replyReceived } from './trigger-sequences.ts';

// One recipe per catalog type, each made of the public API calls a client would make. A
// recipe returns the ids it created and how to recognise its event among the organization's.

export interface Produced {
  ids: Record<string, string>;
  note: string;
  /** Picks this run's event out of the listing (by the ids in its `data`). */
  match(data: Record<string, unknown>): boolean;
  /** Narrows the listing to one resource's events when the data names none of our ids. */
  orderingKey?: string;
}

export interface ScenarioContext {
  api: TriggerApi;
  /** A fresh lowercase tag that names everything this run creates. */
  tag: string;
  peer(): Promise<TriggerPeer>;
  deadline: number;
  /** Registers the undoing of something that would keep acting after the command (a worker, an endpoint, a trigger URL); run on the way out, success or not. */
  onExit(undo: () => Promise<unknown>): void;
}

const PRIVATE_NETWORK_HINT =
  'start the gateway on this machine with OG_ALLOW_PRIVATE_NETWORK=true (development only) so it can reach the loopback peer this command serves';

/** A loopback URL refused by the gateway's outbound-address policy becomes a clear NotProducible. */
async function loopbackAllowed<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof ApiRefusal && err.answer.status === 400)
      throw new NotProducible(`the gateway refused ${what} (${err.message}); ${PRIVATE_NETWORK_HINT}`);
    throw err;
  }
}

async function tableRunCompleted({ api, tag, peer }: ScenarioContext): Promise<Produced> {
  // With a gateway that may reach the command's loopback peer, the enrichment column calls
  // it and the run completes with one enriched cell. Otherwise the column names a reserved
  // `.invalid` host that is never called: the enriching upsert changes no row, so its
  // table run has no cell to run and completes at once (counts all zero).
  const columns = (url: string) => [
    { name: 'email', slug: 'email', kind: 'input' },
    { name: 'company', slug: 'company', kind: 'input' },
    { name: 'score', slug: 'score', kind: 'enrichment', enrichment: { url, timeoutMs: 10_000 } },
  ];
  const name = `og-gateway trigger ${tag}`;
  const rows = [{ email: `grace.${tag}@example.com`, company: 'Navy' }];
  let table;
  let called = true;
  try {
    table = await api.must('POST', '/api/v2/tables', { name, columns: columns(`${(await peer()).url}/enrich`) });
  } catch (err) {
    if (!(err instanceof ApiRefusal && err.answer.status === 400)) throw err;
    called = false;
    table = await api.must('POST', '/api/v2/tables', { name, columns: columns('https://enrichment.og-gateway-trigger.invalid/score') });
    await api.must('POST', `/api/v2/tables/${table.id}/rows/upsert`, { rows, matchColumns: ['email'], enrich: false });
  }
  const receipt = await api.must('POST', `/api/v2/tables/${table.id}/rows/upsert`, { rows, matchColumns: ['email'], enrich: true });
  const runId = receipt.tableRunId as string | null;
  if (!runId) throw new Error('the enriching upsert opened no table run');
  return {
    ids: { table: table.id, batch: receipt.id, tableRun: runId },
    note: called
      ? 'an enriching upsert of one row, enriched by a loopback enrichment service'
      : 'an enriching upsert of an unchanged row (its table run has nothing to call)',
    match: (d) => d.run_id === runId,
  };
}

async function agentRunCompleted({ api, tag, peer, onExit }: ScenarioContext): Promise<Produced> {
  const url = `${(await peer()).url}/agent`;
  const workers = await api.must('GET', '/api/v2/agent-workers?limit=100');
  const previousDefault = (workers.items as { id: string; default: boolean }[]).find((w) => w.default);
  const worker = await loopbackAllowed(`a loopback agent worker ${url}`, () =>
    api.must('POST', '/api/v2/agent-workers', { name: `og-gateway trigger ${tag}`, url, default: true, timeoutSeconds: 60 }),
  );
  onExit(() => api.call('DELETE', `/api/v2/agent-workers/${worker.id}`));
  let created;
  try {
    // A new agent runs on the default worker; the organization's own default is put back
    // right after, so only this agent uses the temporary worker.
    created = await api.must('POST', '/api/v2/agents', { name: `og-gateway trigger ${tag}`, prompt: 'Summarize the accounts added this week.' });
  } finally {
    if (previousDefault) await api.must('PATCH', `/api/v2/agent-workers/${previousDefault.id}`, { default: true });
  }
  const runId = created.run.id as string;
  return {
    ids: { agent: created.agent.id, run: runId, worker: worker.id },
    note: 'an agent run completed by a temporary loopback worker (removed afterwards)',
    match: (d) => d.run_id === runId,
  };
}

async function triggerReceived({ api, tag, onExit }: ScenarioContext): Promise<Produced> {
  const trigger = await inboundTrigger(api, 'event', tag, onExit);
  const eventId = await postToTrigger(api, trigger, { type: 'order.created', order: { id: `ord_${tag}`, total: 4200, currency: 'EUR' } });
  return {
    ids: { trigger: trigger.id, triggerEvent: eventId },
    note: 'a post to an inbound trigger of action event',
    match: (d) => JSON.stringify(d).includes(eventId),
  };
}

async function webhookTest({ api, tag, peer, onExit }: ScenarioContext): Promise<Produced> {
  // The endpoint is the loopback peer when the gateway may reach it; otherwise a reserved
  // `.invalid` name, whose one attempt fails at name resolution. Either way the endpoint
  // is removed once the event is listed (its pending retries go with it).
  const name = `og-gateway trigger ${tag}`;
  const local = { url: `${(await peer()).url}/ok`, events: ['webhook.test'], name };
  let endpoint;
  try {
    endpoint = await api.must('POST', '/api/v2/webhooks', local);
  } catch (err) {
    if (!(err instanceof ApiRefusal && err.answer.status === 400)) throw err;
    endpoint = await api.must('POST', '/api/v2/webhooks', { ...local, url: 'https://receiver.og-gateway-trigger.invalid/webhooks' });
  }
  onExit(() => api.call('DELETE', `/api/v2/webhooks/${endpoint.id}`));
  await api.must('POST', `/api/v2/webhooks/${endpoint.id}/test`);
  return {
    ids: { endpoint: endpoint.id },
    note: 'a test event sent to a temporary endpoint (removed afterwards)',
    // The test event's data is fixed text; its ordering key names the endpoint it was for.
    orderingKey: `webhook_endpoint:${endpoint.id}`,
    match: () => true,
  };
}

async function endpointDisabled({ api, tag, peer, onExit }: ScenarioContext): Promise<Produced> {
  const url = `${(await peer()).url}/gone`;
  const endpoint = await loopbackAllowed(`a loopback webhook endpoint ${url}`, () =>
    api.must('POST', '/api/v2/webhooks', { url, events: ['webhook.test'], name: `og-gateway trigger ${tag}` }),
  );
  onExit(() => api.call('DELETE', `/api/v2/webhooks/${endpoint.id}`));
  await api.must('POST', `/api/v2/webhooks/${endpoint.id}/test`);
  return {
    ids: { endpoint: endpoint.id },
    note: 'a temporary endpoint answering 410 Gone, disabled by the gateway (removed afterwards)',
    match: (d) => d.endpoint_id === endpoint.id,
  };
}

export const SCENARIOS: Record<EventType, { how: string; produce(ctx: ScenarioContext): Promise<Produced> }> = {
  'sequence.message.sent': { how: 'a one-row campaign sent through a sink sender', produce: (c) => messageSent(c.api, c.tag) },
  'sequence.reply.received': { how: 'that email answered through a sequence.reply trigger', produce: (c) => replyReceived(c.api, c.tag, c.deadline, c.onExit) },
  'sequence.connection.requested': { how: 'a LinkedIn invitation sent through a sink sender', produce: (c) => connectionRequested(c.api, c.tag) },
  'sequence.connection.accepted': {
    how: 'that invitation accepted through a sequence.connection.accepted trigger',
    produce: (c) => connectionAccepted(c.api, c.tag, c.deadline, c.onExit),
  },
  'table.run.completed': {
    how: 'an enriching upsert into a new table (one cell enriched by a loopback service when the gateway may reach it)',
    produce: tableRunCompleted,
  },
  'agent.run.completed': { how: 'an agent run on a temporary loopback worker (needs OG_ALLOW_PRIVATE_NETWORK)', produce: agentRunCompleted },
  'trigger.received': { how: 'a post to an inbound trigger of action event', produce: triggerReceived },
  'webhook.test': { how: 'POST /webhooks/{id}/test on a temporary endpoint', produce: webhookTest },
  'webhook.endpoint.disabled': { how: 'a temporary endpoint answering 410 (needs OG_ALLOW_PRIVATE_NETWORK)', produce: endpointDisabled },
};
