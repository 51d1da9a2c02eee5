import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentWorker, type AgentWorker } from '../../examples/agent-worker/worker.ts';
import { createIdGenerator } from '../../src/domain/shared/ids.ts';
import { deref, listOperations, loadSpec, type OperationSpec } from '../../src/http/openapi/spec.ts';
import { startSmtpSink } from '../sequences/support/smtp-sink.ts';
import type { ApiClient } from '../support/api-client.ts';
import { assertResponseMatchesSpec } from '../support/spec-validation.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Tenant isolation, driven by openapi.yaml: org A owns one of every resource kind, and org B
// replays every operation of the spec against A's ids. Each answer must be the 404 a missing
// id of the same form gets, B's reads must never show anything of A, and A's resources must
// read back exactly as before. Operations come from the spec, so a new one is covered (or the
// coverage test fails) without anyone remembering to add it here.

const DOC = loadSpec();
// Operations not served answer 501 before reading anything: test/http/not-served.test.ts.
// The live event stream never ends, so it cannot be read whole here; its isolation is
// tested over a socket in test/events/event-stream.test.ts.
const OPS = listOperations(DOC).filter((op) => !op.notServed && op.operationId !== 'streamEvents');
/** Operations authenticated by an API key: the caller's organization decides what they see. */
const KEYED_OPS = OPS.filter((op) => op.scope !== 'none');

type FixtureName =
  | 'apiKey'
  | 'table'
  | 'column'
  | 'sequenceColumn'
  | 'row'
  | 'enrichmentRun'
  | 'tableRun'
  | 'agent'
  | 'agentRun'
  | 'agentWorker'
  | 'trigger'
  | 'triggerEvent'
  | 'webhook'
  | 'delivery'
  | 'recovery'
  | 'sender'
  | 'sequence'
  | 'campaign'
  | 'event'
  // The Message-ID of the sequence's sent email: what inbound replies reference.
  | 'sentMessage';
type Fixtures = Record<FixtureName, string>;

// ── Shared state: one gateway, two tenants (A owns the fixtures, B attacks) ──

/** Path parameters of key-less operations: the token is the credential, no organization enters. */
const CREDENTIAL_PARAMS = new Set(['token']);
/** Part of every name and email a tenant creates, so its data is recognisable in any answer. */
const A_MARKER = 'alpha-tenant';
const B_MARKER = 'bravo-tenant';
/** Where B's catch-all webhook endpoint delivers (A's events must never arrive there). */
const WIRETAP_PATH = '/wiretap';

let gw: TestGateway;
let loop: Loopback;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const workers: AgentWorker[] = [];
let a: Fixtures;
let b: Fixtures;
let apiA: ApiClient;
let apiB: ApiClient;
let keyA: string;
let keyB: string;
let before: Map<string, Sent>;

/**
 * Which fixture each path parameter names. `runId` means three different things, so it is
 * resolved by the path prefix that ends with it; a new path using it must be added here.
 */
const PATH_PARAM_FIXTURES: Record<string, FixtureName | Record<string, FixtureName>> = {
  keyId: 'apiKey',
  tableId: 'table',
  columnId: 'column',
  rowId: 'row',
  batchId: 'enrichmentRun',
  runId: {
    '/api/v2/enrichment-runs/{runId}': 'enrichmentRun',
    '/api/v2/tables/{tableId}/runs/{runId}': 'tableRun',
    '/api/v2/agents/{id}/runs/{runId}': 'agentRun',
  },
  id: 'agent',
  workerId: 'agentWorker',
  triggerId: 'trigger',
  eventId: {
    '/api/v2/triggers/{triggerId}/events/{eventId}': 'triggerEvent',
    '/api/v2/events/{eventId}': 'event',
  },
  webhookId: 'webhook',
  deliveryId: 'delivery',
  recoveryId: 'recovery',
  senderId: 'sender',
  sequenceId: 'sequence',
  campaignId: 'campaign',
};

/** Id filters in query strings (lists narrowed to one parent); B passes A's ids in them too. */
const QUERY_ID_FIXTURES: Record<string, FixtureName> = {
  tableId: 'table',
  columnId: 'sequenceColumn',
  workspaceId: 'agent',
  endpointId: 'webhook',
  eventId: 'event',
};

/** A valid explicit campaign draft on `f`'s table, row and sender. */
const draftBody = (f: Fixtures, name: string) => ({
  name,
  senders: { email: f.sender },
  recipientColumn: 'email',
  steps: [{ channel: 'email', subject: 'Hi', body: 'Hello {{name}}', delaySeconds: 0 }],
  rows: { ids: [f.row] },
});

/**
 * Bodies that pass validation, so a 400 cannot hide the 404; they aim at A's data where they
 * can. One per form the operation accepts (a campaign is drafted explicitly or by an agent).
 */
const ATTACK_BODIES: Record<string, (a: Fixtures) => unknown[]> = {
  updateTable: () => [{ name: 'taken over' }],
  createColumn: () => [{ name: 'Intruder', kind: 'input' }],
  updateColumn: () => [{ name: 'taken over' }],
  deleteRows: (a) => [{ rowIds: [a.row] }],
  upsertRows: () => [{ rows: [{ email: 'intruder@bravo.example' }], matchColumns: ['email'], enrich: false }],
  upsertRowsFromFile: () => [{ content: Buffer.from('email\nintruder@bravo.example\n').toString('base64'), matchColumns: ['email'], enrich: false }],
  cancelTableCells: () => [{}],
  createTableCampaign: (a) => [draftBody(a, 'intruder campaign'), { instructions: 'Write to everyone' }],
  createTableSequence: (a) => [draftBody(a, 'intruder sequence'), { instructions: 'Write to everyone' }],
  deleteSequence: () => [{ forceDeletionOfSentMessages: true }],
  editCampaign: () => [{ instructions: 'add "taken over" to the subjects' }],
  editCampaignSteps: () => [{ steps: [{ index: 0, body: 'taken over' }] }],
  sendRun: (a) => [{ prompt: 'take over', focusTableIds: [a.table] }],
  updateAgentWorker: () => [{ name: 'taken over' }],
  updateTrigger: () => [{ name: 'taken over', enabled: false }],
  rotateTriggerUrl: () => [{ graceSeconds: 0 }],
  updateWebhookEndpoint: () => [{ url: 'https://intruder.example/hook', enabled: false }],
  recoverWebhookDeliveries: () => [{ since: new Date(Date.now() - 86_400_000).toISOString() }],
};

/** Query flags that make a call do its worst (confirmed deletes) when it is allowed through. */
const ATTACK_QUERY: Record<string, string> = { deleteCampaign: 'confirm=true', deleteSequenceRest: 'force=true' };

/** Fresh UUIDv7s, the form every id here has, for ids that name nothing. */
const ids = createIdGenerator();
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HAS_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** An id of the same form (UUID, or `v2_run-` + UUID) that names nothing. */
function sameForm(id: string): string {
  expect(HAS_UUID.test(id), `fixture ${id} carries no UUID`).toBe(true);
  return id.replace(UUID, () => ids.uuid());
}

const pathParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

function fixtureFor(op: OperationSpec, param: string): FixtureName | undefined {
  const entry = PATH_PARAM_FIXTURES[param];
  if (typeof entry !== 'object') return entry;
  const prefix = Object.keys(entry).find((p) => op.path === p || op.path.startsWith(`${p}/`));
  return prefix ? entry[prefix] : undefined;
}

function fillPath(op: OperationSpec, value: (param: string, index: number) => string): string {
  let i = 0;
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(value(name, i++)));
}

function resolveAll(op: OperationSpec, f: Fixtures): string {
  return fillPath(op, (name) => f[fixtureFor(op, name) as FixtureName]);
}

const queryIdParams = (op: OperationSpec) => op.parameters.filter((p) => p.in === 'query' && p.name in QUERY_ID_FIXTURES);

function idQuery(op: OperationSpec, f: Fixtures, opts: { skipDeprecated?: boolean } = {}): string {
  const params = queryIdParams(op).filter((p) => !(opts.skipDeprecated && (p as { deprecated?: boolean }).deprecated));
  return params.map((p) => `${p.name}=${f[QUERY_ID_FIXTURES[p.name]]}`).join('&');
}

const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

/**
 * The ways a read can be asked for with `own`'s id filters: bare, filtered, and once per value
 * of every enumerated query parameter (CSV export, flat cells, status filters, …), so every
 * representation and filter branch of every read is compared too.
 */
function readQueries(op: OperationSpec, own: Fixtures): string[] {
  const filter = idQuery(op, own, { skipDeprecated: true });
  const out = new Set(['', filter]);
  for (const p of op.parameters.filter((q) => q.in === 'query')) {
    const schema = deref(DOC, p.schema ?? {}) as { enum?: unknown[] };
    for (const value of schema.enum ?? []) out.add([filter, `${p.name}=${encodeURIComponent(String(value))}`].filter(Boolean).join('&'));
  }
  return [...out];
}

/** Which of a tenant's ids (or its marker, carried by its names and emails) appear in `text`. */
const leaksOf = (text: string, f: Fixtures, marker: string) => [...Object.values(f), marker].filter((s) => text.includes(s));

/**
 * `lastUsedAt` moves whenever A's own key reads the snapshot, and the delivery statistics'
 * window and buckets move with the clock (their totals and backlog may not); nothing else may.
 */
const normalized = (body: unknown): unknown =>
  JSON.parse(
    JSON.stringify(body ?? null, (k, v) => {
      if (k === 'lastUsedAt') return undefined;
      if (v?.object === 'webhook_delivery_stats') return { totals: v.totals, pending: v.pending, retrying: v.retrying };
      return v;
    }),
  );

function call(api: ApiClient, op: OperationSpec, path: string, body?: unknown) {
  if (op.method === 'get') return api.get(path);
  if (op.method === 'delete') return api.delete(path, body);
  return api[op.method](path, body);
}

// ── Seeding: one of every resource kind, through the API, settled before anything is compared ──

/** Polls until `probe` returns something truthy; background work (runs, deliveries) settles this way. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function created(res: { status: number; body: Record<string, unknown> }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, any>;
}

interface Loopback {
  url: string;
  server: Server;
  /** Every request, by path: webhook deliveries land here, so cross-tenant fan-out shows. */
  received: { path: string; body: string }[];
}

/** A loopback server answering 200 with a JSON value: enrichment column and webhook receiver. */
async function startLoopback(): Promise<Loopback> {
  const received: Loopback['received'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"score":1}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server, received };
}

/** A table with an enrichment column, one row, its upsert batch and the settled table run. */
async function seedTable(api: ApiClient, marker: string, loopbackUrl: string) {
  const table = created(
    await api.post('/api/v2/tables', {
      name: `${marker} leads`,
      columns: [
        { name: 'Email', slug: 'email', kind: 'input' },
        { name: 'Name', slug: 'name', kind: 'input' },
        { name: 'Score', slug: 'score', kind: 'enrichment', enrichment: { url: loopbackUrl } },
      ],
    }),
  );
  const batch = created(
    await api.post(`/api/v2/tables/${table.id}/rows/upsert`, {
      rows: [{ email: `lead@${marker}.example`, name: `${marker} lead` }],
      matchColumns: ['email'],
    }),
  );
  await until('the table run', async () => {
    const run = await api.get(`/api/v2/tables/${table.id}/runs/${batch.tableRunId}`);
    return run.body.status === 'complete';
  });
  const rows = await api.get(`/api/v2/tables/${table.id}/rows`);
  return {
    table: table.id as string,
    column: table.columns.find((c: { slug: string }) => c.slug === 'email').id as string,
    row: rows.body.items[0].id as string,
    enrichmentRun: batch.id as string,
    tableRun: batch.tableRunId as string,
  };
}

/**
 * A sender and a launched campaign on the table: its sequence column and one active sequence
 * whose first email is sent (so replies can reference it) and whose second is due tomorrow.
 */
async function seedOutreach(api: ApiClient, marker: string, t: { table: string; row: string }, smtpPort: number) {
  const sender = created(
    await api.post('/api/v2/senders', {
      channel: 'email',
      name: `${marker} mailbox`,
      displayName: marker,
      email: `sales@${marker}.example`,
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false },
    }),
  );
  const draft = created(
    await api.post(`/api/v2/tables/${t.table}/campaigns`, {
      name: `${marker} campaign`,
      senders: { email: sender.id },
      recipientColumn: 'email',
      steps: [
        { channel: 'email', subject: `${marker} hello`, body: 'Hi {{name}}', delaySeconds: 0 },
        { channel: 'email', body: 'Again', delaySeconds: 86_400 },
      ],
      rows: { ids: [t.row] },
    }),
  );
  created(await api.post(`/api/v2/campaigns/${draft.campaign.id}/launch`), 200);
  const people = await api.get(`/api/v2/campaigns/${draft.campaign.id}/sequences`);
  const sequence = people.body.items[0].sequenceId as string;
  const sent = await until('the first email', async () => {
    const steps = (await api.get(`/api/v2/sequences/${sequence}`)).body.steps;
    return steps[0].status === 'sent' && steps[0];
  });
  return {
    sender: sender.id as string,
    campaign: draft.campaign.id as string,
    sequenceColumn: draft.column.id as string,
    sequence,
    sentMessage: sent.rfcMessageId as string,
  };
}

/** An agent worker (a real one on loopback), an agent focused on the table, and its finished run. */
async function seedAgent(api: ApiClient, marker: string, table: string, workers: AgentWorker[]) {
  const worker = createAgentWorker({ secret: 'whsec_placeholder', mode: 'sync' });
  workers.push(worker);
  const registered = created(await api.post('/api/v2/agent-workers', { name: `${marker} worker`, url: await worker.listen() }));
  worker.setSecret(registered.secret);
  const started = created(await api.post('/api/v2/agents', { name: `${marker} agent`, prompt: `${marker} prompt`, focusTableIds: [table] }), 202);
  await until('the agent run', async () => (await api.get(`/api/v2/agents/${started.agent.id}/runs/${started.run.id}`)).body.status === 'completed');
  return { agentWorker: registered.id as string, agent: started.agent.id as string, agentRun: started.run.id as string };
}

/** A webhook endpoint, a delivered test delivery and a (completed) recovery. */
async function seedWebhooks(api: ApiClient, marker: string, loopbackUrl: string) {
  // Subscribed to an event nothing here emits, so no delivery appears after the snapshot.
  const endpoint = created(await api.post('/api/v2/webhooks', { url: loopbackUrl, events: ['sequence.reply.received'], description: marker }));
  const delivery = created(await api.post(`/api/v2/webhooks/${endpoint.id}/test`), 202);
  await until('the test delivery', async () => (await api.get(`/api/v2/webhooks/deliveries/${delivery.id}`)).body.status === 'delivered');
  const recovery = created(await api.post(`/api/v2/webhooks/${endpoint.id}/recover`, { since: new Date(Date.now() - 3_600_000).toISOString() }), 202);
  return { webhook: endpoint.id as string, delivery: delivery.id as string, recovery: recovery.id as string };
}

/** The same request, byte for byte, that each tenant sends under the same Idempotency-Key. */
const SHARED_IDEMPOTENT = { path: '/api/v2/api-keys', body: { name: 'shared request', scopes: ['read'] }, key: 'tenant-isolation-shared-key' };

/** A trigger, one processed inbound event, and an extra API key (created under an Idempotency-Key). */
async function seedTriggerAndKey(api: ApiClient, marker: string) {
  const trigger = created(await api.post('/api/v2/triggers', { name: `${marker} trigger`, action: 'event' }));
  const hook = created(await api.post(new URL(trigger.url).pathname, { hello: marker }, { key: null }), 202);
  await until('the trigger event', async () => (await api.get(`/api/v2/triggers/${trigger.id}/events/${hook.id}`)).body.status === 'processed');
  const key = created(await api.post(SHARED_IDEMPOTENT.path, SHARED_IDEMPOTENT.body, { headers: { 'idempotency-key': SHARED_IDEMPOTENT.key } }));
  return { trigger: trigger.id as string, triggerEvent: hook.id as string, apiKey: key.id as string };
}

async function seedTenant(api: ApiClient, marker: string, env: { loopbackUrl: string; smtpPort: number; workers: AgentWorker[] }): Promise<Fixtures> {
  const tables = await seedTable(api, marker, env.loopbackUrl);
  const outreach = await seedOutreach(api, marker, tables, env.smtpPort);
  const agents = await seedAgent(api, marker, tables.table, env.workers);
  const webhooks = await seedWebhooks(api, marker, env.loopbackUrl);
  const trigger = await seedTriggerAndKey(api, marker);
  // The newest event of the organization's log (the trigger's `trigger.received`).
  const events = await api.get('/api/v2/events?limit=1');
  const event = events.body.items[0].id as string;
  return { ...tables, ...outreach, ...agents, ...webhooks, ...trigger, event };
}

// ── Ids inside request bodies: B's own resources, A's ids in the fields ──

type Sent = { status: number; body: unknown };
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;

/** JSON paths of the uuid fields a request body can carry (`body.rowIds[]`, `body.senders.email`, …). */
function bodyIdFields(op: OperationSpec): string[] {
  const out = new Set<string>();
  const walk = (node: unknown, path: string, depth: number): void => {
    const s = deref(DOC, node) as Record<string, any> | undefined;
    if (!s || typeof s !== 'object' || depth > 8) return;
    if (s.format === 'uuid') out.add(path);
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${path}.${k}`, depth + 1);
    if (s.items) walk(s.items, `${path}[]`, depth + 1);
    for (const key of ['oneOf', 'anyOf', 'allOf']) for (const sub of s[key] ?? []) walk(sub, path, depth + 1);
  };
  walk(op.requestBody?.content['application/json']?.schema, 'body', 0);
  return [...out];
}

/** The answer with the id sent replaced, and fresh ids and times blanked (two creations differ only there). */
const scrub = (res: Sent, id: string) => ({
  status: res.status,
  body: JSON.stringify(res.body ?? null)
    .split(id)
    .join('<sent>')
    .replace(UUID, '<uuid>')
    .replace(ISO_TIME, '<time>'),
});

/** A's id in the field must get exactly the answer a missing id of the same form gets. */
async function expectAlike(aId: string, send: (id: string) => Promise<Sent>): Promise<void> {
  const missingId = sameForm(aId);
  expect(scrub(await send(aId), aId)).toEqual(scrub(await send(missingId), missingId));
}

const agentBody = (field: string, id: string): Record<string, unknown> => {
  if (field === 'workspaceId') return { prompt: 'body ids', workspaceId: id };
  if (field === 'focusTableIds[]') return { prompt: 'body ids', focusTableIds: [id] };
  if (field === 'attachments[].documentId') return { prompt: 'body ids', attachments: [{ kind: 'document', documentId: id }] };
  return { prompt: 'body ids', attachments: [{ kind: 'table', tableId: id }] };
};

/** The campaign draft's three id fields, for both of its paths (campaigns and the deprecated sequences). */
function draftCases(kind: 'campaigns' | 'sequences'): Record<string, (a: Fixtures, b: Fixtures) => Promise<void>> {
  const op = kind === 'campaigns' ? 'createTableCampaign' : 'createTableSequence';
  const draft = (b: Fixtures, patch: Record<string, unknown>) =>
    apiB.post(`/api/v2/tables/${b.table}/${kind}`, { ...draftBody(b, `body ids ${kind}`), ...patch });
  return {
    [`${op} body.senders.email`]: (a, b) => expectAlike(a.sender, (id) => draft(b, { senders: { email: id } })),
    [`${op} body.senders.linkedin`]: (a, b) => expectAlike(a.sender, (id) => draft(b, { senders: { email: b.sender, linkedin: id } })),
    // Both ids in one draft: A's row must be skipped for the very reason a missing row is.
    [`${op} body.rows.ids[]`]: async (a, b) => {
      const missing = sameForm(a.row);
      const res = created(await draft(b, { rows: { ids: [a.row, missing] } }));
      expect(res.sequences.created).toBe(0);
      const [cross, none] = res.sequences.skipped as { rowId: string; reason: string }[];
      expect(cross).toEqual({ rowId: a.row, reason: none.reason });
    },
  };
}

/**
 * One case per uuid field of every request body (the coverage test checks the list against
 * the spec). Each sends B's request against B's own resources with A's id in the field.
 */
const BODY_ID_CASES: Record<string, (a: Fixtures, b: Fixtures) => Promise<void>> = {
  'deleteRows body.rowIds[]': (a, b) => expectAlike(a.row, (id) => apiB.delete(`/api/v2/tables/${b.table}/rows`, { rowIds: [id] })),
  // batchId is the enrichment run's id, and run ids are per organization: A's batchId is
  // as free for B as a fresh one (it neither clashes with nor reveals A's run), and B's
  // run of that id is B's own (the snapshot test checks A's is untouched).
  'upsertRows body.batchId': async (a, b) => {
    const res = await apiB.post(`/api/v2/tables/${b.table}/rows/upsert`, {
      rows: [{ email: 'x@bravo.example' }],
      matchColumns: ['email'],
      batchId: a.enrichmentRun,
    });
    expect(res.status).toBe(201);
    expect(leaksOf(JSON.stringify(res.body).split(a.enrichmentRun).join(''), a, A_MARKER)).toEqual([]);
  },
  'upsertRowsFromFile body.batchId': async (a, b) => {
    const content = Buffer.from('email\nx@bravo.example\n').toString('base64');
    const res = await apiB.post(`/api/v2/tables/${b.table}/rows/upsert-file`, { content, matchColumns: ['email'], batchId: a.enrichmentRun });
    // The same rows under the same batchId: a replay of B's own run made just before.
    expect(res.status).toBe(200);
    expect(leaksOf(JSON.stringify(res.body).split(a.enrichmentRun).join(''), a, A_MARKER)).toEqual([]);
  },
  ...Object.fromEntries(
    (['workspaceId', 'focusTableIds[]', 'attachments[].documentId', 'attachments[].tableId'] as const).flatMap((field) => {
      const fixture: FixtureName = field === 'workspaceId' ? 'agent' : 'table';
      const cases: [string, (a: Fixtures, b: Fixtures) => Promise<void>][] = [
        [`createAgentAndRun body.${field}`, (a) => expectAlike(a[fixture], (id) => apiB.post('/api/v2/agents', agentBody(field, id)))],
      ];
      if (field !== 'workspaceId')
        cases.push([`sendRun body.${field}`, (a, b) => expectAlike(a[fixture], (id) => apiB.post(`/api/v2/agents/${b.agent}/runs`, agentBody(field, id)))]);
      return cases;
    }),
  ),
  'createTrigger body.tableId': (a) =>
    expectAlike(a.table, (id) => apiB.post('/api/v2/triggers', { name: 'body ids', action: 'rows.upsert', tableId: id, matchColumns: ['email'] })),
  'updateTrigger body.tableId': async (a, b) => {
    const mine = created(await apiB.post('/api/v2/triggers', { name: 'body ids', action: 'rows.upsert', tableId: b.table, matchColumns: ['email'] }));
    await expectAlike(a.table, (id) => apiB.patch(`/api/v2/triggers/${mine.id}`, { tableId: id }));
  },
  ...draftCases('campaigns'),
  ...draftCases('sequences'),
};

/** What a B trigger of `action` made of a body naming A's `ref`, against one naming a missing ref. */
async function expectInboundAlike(action: string, ref: string, body: (ref: string) => unknown): Promise<void> {
  const trigger = created(await apiB.post('/api/v2/triggers', { name: `inbound ${action}`, action }));
  const outcome = async (r: string) => {
    const hook = created(await apiB.post(new URL(trigger.url).pathname, body(r), { key: null }), 202);
    const event = await until(`the ${action} event`, async () => {
      const got = await apiB.get(`/api/v2/triggers/${trigger.id}/events/${hook.id}`);
      return got.body.status !== 'received' && got.body;
    });
    return scrub({ status: 200, body: { status: event.status, result: event.result, failureReason: event.failureReason } }, r);
  };
  const missing = sameForm(ref);
  expect(await outcome(ref)).toEqual(await outcome(missing));
}

// ── The checks ──

async function newTenant(name: string): Promise<string> {
  const org = await gw.gateway.services.organizations.ensure(name);
  return (await gw.gateway.services.apiKeys.create(org.id, { name: `${name} admin`, scopes: ['admin'] })).key;
}

/**
 * A GET read as text whatever its content type (the shared client only reads JSON, and
 * `format=csv` streams CSV), still checked against openapi.yaml.
 */
async function read(key: string, url: string): Promise<Sent & { text: string }> {
  const res = await supertest(gw.callback as never)
    .get(url)
    .set('authorization', `Bearer ${key}`)
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => done(null, text));
    });
  const type = String(res.headers['content-type'] ?? '');
  const text = res.body as string;
  const body = type.includes('json') ? JSON.parse(text) : text;
  assertResponseMatchesSpec('get', url, res.status, type, body);
  return { status: res.status, body: type.includes('json') ? normalized(body) : text, text };
}

/** Every read the spec offers over A's resources, keyed by operation and path. */
async function snapshotA(): Promise<Map<string, Sent>> {
  const out = new Map<string, Sent>();
  for (const op of KEYED_OPS.filter((o) => o.method === 'get')) {
    const path = resolveAll(op, a);
    for (const query of readQueries(op, a)) {
      const url = withQuery(path, query);
      const res = await read(keyA, url);
      out.set(`${op.operationId} ${url}`, { status: res.status, body: res.body });
    }
  }
  return out;
}

beforeAll(async () => {
  gw = await startTestGateway();
  loop = await startLoopback();
  smtp = await startSmtpSink();
  [keyA, keyB] = [await newTenant('tenant-alpha'), await newTenant('tenant-bravo')];
  [apiA, apiB] = [gw.api.withKey(keyA), gw.api.withKey(keyB)];
  // B listens to every event before A does anything: none of A's may ever reach it.
  created(await apiB.post('/api/v2/webhooks', { url: new URL(WIRETAP_PATH, loop.url).href, events: ['*'] }));
  const env = { loopbackUrl: loop.url, smtpPort: smtp.port, workers };
  a = await seedTenant(apiA, A_MARKER, env);
  b = await seedTenant(apiB, B_MARKER, env);
  before = await snapshotA();
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await Promise.all(workers.map((w) => w.close()));
  await new Promise((r) => loop?.server.close(r));
  await smtp?.close();
});

/** Reads first, destructive calls last and children before parents, so one leak cannot mask another. */
const METHOD_ORDER = { get: 0, post: 1, put: 1, patch: 2, delete: 3 } as const;
const ATTACKED_OPS = KEYED_OPS.filter((op) => pathParams(op.path).length > 0).sort(
  (x, y) => METHOD_ORDER[x.method] - METHOD_ORDER[y.method] || pathParams(y.path).length - pathParams(x.path).length,
);

/**
 * Every mix of A's and B's ids in the path with at least one of A's (B's table with A's row
 * must hide the row too), and the same path with A's ids swapped for missing ones.
 */
function mixes(op: OperationSpec): { cross: string; missing: string }[] {
  const names = pathParams(op.path);
  const query = ATTACK_QUERY[op.operationId] ?? '';
  const idOf = (f: Fixtures, name: string) => f[fixtureFor(op, name) as FixtureName];
  const out: { cross: string; missing: string }[] = [];
  for (let mask = 1; mask < 1 << names.length; mask++) {
    const fromA = (i: number) => (mask & (1 << i)) !== 0;
    const cross = fillPath(op, (name, i) => (fromA(i) ? idOf(a, name) : idOf(b, name)));
    const missing = fillPath(op, (name, i) => (fromA(i) ? sameForm(idOf(a, name)) : idOf(b, name)));
    out.push({ cross: withQuery(cross, query), missing: withQuery(missing, query) });
  }
  return out;
}

describe('tenant isolation across every operation of openapi.yaml', () => {
  it('has a fixture for every path parameter and id filter, a body where one is required, a case for every body id', () => {
    const unmapped = KEYED_OPS.flatMap((op) =>
      pathParams(op.path)
        .filter((p) => !fixtureFor(op, p))
        .map((p) => `${op.operationId}:{${p}}`),
    );
    expect(unmapped, 'path parameters without a fixture: add them to PATH_PARAM_FIXTURES').toEqual([]);
    const credentials = OPS.filter((op) => op.scope === 'none').flatMap((op) => pathParams(op.path).filter((p) => !CREDENTIAL_PARAMS.has(p)));
    expect(credentials, 'key-less operations must be addressed by a credential token only').toEqual([]);
    const idFilters = KEYED_OPS.flatMap((op) =>
      op.parameters.filter((p) => p.in === 'query' && p.schema?.format === 'uuid' && !(p.name in QUERY_ID_FIXTURES)).map((p) => `${op.operationId}?${p.name}`),
    );
    expect(idFilters, 'id query filters without a fixture: add them to QUERY_ID_FIXTURES').toEqual([]);
    const bodiless = ATTACKED_OPS.filter((op) => op.requestBody?.required && !ATTACK_BODIES[op.operationId]).map((op) => op.operationId);
    expect(bodiless, 'operations needing a body without one in ATTACK_BODIES').toEqual([]);
    const bodyIds = KEYED_OPS.flatMap((op) => bodyIdFields(op).map((field) => `${op.operationId} ${field}`));
    expect(
      bodyIds.filter((k) => !BODY_ID_CASES[k]),
      'uuid body fields without a case in BODY_ID_CASES',
    ).toEqual([]);
    expect(
      Object.keys(BODY_ID_CASES).filter((k) => !bodyIds.includes(k)),
      'stale BODY_ID_CASES',
    ).toEqual([]);
    const known = new Set(OPS.map((op) => op.operationId));
    expect([...Object.keys(ATTACK_BODIES), ...Object.keys(ATTACK_QUERY)].filter((id) => !known.has(id))).toEqual([]);
  });

  it("reads every fixture back with its owner's key, and A's reads show nothing of B", () => {
    const readable = new Set<FixtureName>();
    for (const op of KEYED_OPS.filter((o) => o.method === 'get')) {
      if (before.get(`${op.operationId} ${resolveAll(op, a)}`)?.status !== 200) continue;
      for (const p of pathParams(op.path)) readable.add(fixtureFor(op, p) as FixtureName);
    }
    // Otherwise B's 404s could come from a fixture that names nothing at all.
    const used = new Set(ATTACKED_OPS.flatMap((op) => pathParams(op.path).map((p) => fixtureFor(op, p) as FixtureName)));
    expect([...used].filter((f) => !readable.has(f))).toEqual([]);
    const leaked = [...before].flatMap(([label, res]) => leaksOf(JSON.stringify(res.body), b, B_MARKER).map((id) => `${label}: ${id}`));
    expect(leaked).toEqual([]);
  });

  it.each(ATTACKED_OPS.map((op) => [`${op.method.toUpperCase()} ${op.path} (${op.operationId})`, op] as const))(
    '%s answers org B with the 404 of a missing id',
    async (_name, op) => {
      for (const body of ATTACK_BODIES[op.operationId]?.(a) ?? [undefined]) {
        for (const { cross, missing } of mixes(op)) {
          const got = await call(apiB, op, cross, body);
          const none = await call(apiB, op, missing, body);
          expect({ path: cross, status: got.status, body: got.body }).toEqual({ path: cross, status: 404, body: none.body });
          expect(none.status, missing).toBe(404);
        }
      }
    },
  );

  // Before the body-id and inbound checks below: those leave A's ids in B's own records (as
  // B's input, which B may see), and this one must find none there.
  it("shows org B nothing of org A in any read or list, even filtered by A's ids", async () => {
    for (const op of KEYED_OPS.filter((o) => o.method === 'get')) {
      const path = resolveAll(op, b);
      const hasFilters = queryIdParams(op).length > 0;
      const withAIds = hasFilters ? [idQuery(op, a)] : [];
      for (const query of [...readQueries(op, b), ...withAIds]) {
        const res = await read(keyB, withQuery(path, query));
        // Unfiltered, a list may insist on a filter (listSequences: 400 MISSING_SCOPE).
        expect(res.status, `${op.operationId} ?${query}`).toBeLessThan(hasFilters && query === '' ? 500 : 300);
        expect(leaksOf(res.text, a, A_MARKER), `${op.operationId} ?${query}`).toEqual([]);
      }
    }
  });

  it.each(Object.entries(BODY_ID_CASES))("%s: A's id in B's request body is treated like a missing one", async (_field, check) => {
    await check(a, b);
  });

  it("answers B's request under A's Idempotency-Key afresh, never with A's response", async () => {
    // Seeding sent the identical request from both tenants: each got its own key.
    expect(b.apiKey).not.toBe(a.apiKey);
    const send = (api: ApiClient) => api.post(SHARED_IDEMPOTENT.path, SHARED_IDEMPOTENT.body, { headers: { 'idempotency-key': SHARED_IDEMPOTENT.key } });
    const [replayA, replayB] = [await send(apiA), await send(apiB)];
    expect([replayA.headers['idempotency-replay'], replayA.body.id]).toEqual(['true', a.apiKey]);
    expect([replayB.headers['idempotency-replay'], replayB.body.id]).toEqual(['true', b.apiKey]);
  });

  it("matches replies and acceptances posted to B's trigger URLs against B's sequences only", async () => {
    const reply = (ref: string) => ({ from: `lead@${A_MARKER}.example`, to: `sales@${A_MARKER}.example`, subject: 'Re: hello', text: 'Stop', inReplyTo: ref });
    await expectInboundAlike('sequence.reply', a.sentMessage, reply);
    await expectInboundAlike('sequence.connection.accepted', a.sequence, (id) => ({ sequenceId: id, from: `${A_MARKER}-lead` }));
  });

  it("never delivers A's events to B's webhook endpoints", async () => {
    // B's own table run arriving proves the wiretap listens; A's events must never arrive.
    await until("B's table.run.completed on B's wiretap", async () => loop.received.some((r) => r.path === WIRETAP_PATH && r.body.includes(b.tableRun)));
    const tapped = loop.received
      .filter((r) => r.path === WIRETAP_PATH)
      .map((r) => r.body)
      .join('\n');
    expect(leaksOf(tapped, a, A_MARKER)).toEqual([]);
  });

  it('leaves every resource of org A exactly as it was', async () => {
    const after = await snapshotA();
    for (const [label, was] of before) expect(after.get(label), label).toEqual(was);
  });
});
