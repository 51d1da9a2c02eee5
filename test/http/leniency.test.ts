import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, startSequenceHarness, type SequenceHarness } from '../sequences/support/harness.ts';

// Published operations accept what the published schemas accept: unknown fields are
// ignored (never stored, never echoed) and a bodiless POST takes `{}`, `null` or
// nothing, however the client labels it. Extension operations stay strict about
// fields but also take `{}` where they take no body.

let h: SequenceHarness;
let rows: Record<string, string>;

beforeAll(async () => {
  h = await startSequenceHarness({ webhooks: false });
  rows = await h.addRows([person(1), person(2), person(3)]);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const json = { 'content-type': 'application/json' };

async function draftCampaign(name: string) {
  const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, {
    name,
    senders: { email: h.senders.email },
    recipientColumn: 'email',
    steps: [{ channel: 'email', subject: 'Hi', body: 'Hello {{first_name}}', delaySeconds: 3600 }],
    rows: { ids: [rows[person(1).email]] },
  });
  expect(res.status).toBe(201);
  return res.body.campaign.id as string;
}

describe('published operations ignore unknown body fields', () => {
  it('upserts rows with an extra top-level field and neither stores nor echoes it', async () => {
    const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/rows/upsert`, {
      rows: [{ email: 'tagged@x.example', first_name: 'Tag' }],
      matchColumns: ['email'],
      clientTag: 'x-client-tag-value',
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain('clientTag');
    const run = await h.gw.api.get(`/api/v2/enrichment-runs/${res.body.id}`);
    expect(JSON.stringify(run.body)).not.toContain('x-client-tag-value');
    for (const name of ['enrichment_runs', 'rows', 'idempotency_keys']) {
      const docs = await h.gw.db.collection(name).find({}).toArray();
      expect(JSON.stringify(docs), name).not.toContain('x-client-tag-value');
    }
  });

  it('reads a replayed batch with an extra field as the same batch', async () => {
    const batchId = crypto.randomUUID();
    const body = { rows: [{ email: 'batch@x.example' }], matchColumns: ['email'], batchId };
    const first = await h.gw.api.post(`/api/v2/tables/${h.tableId}/rows/upsert`, body);
    expect(first.status).toBe(201);
    const again = await h.gw.api.post(`/api/v2/tables/${h.tableId}/rows/upsert`, { ...body, sdkVersion: '1.2.3' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('still refuses what the published schema refuses', async () => {
    const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/rows/upsert`, { rows: [], matchColumns: ['email'], clientTag: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(res.body.details.issues)).not.toContain('clientTag');
  });

  it('refuses offset paging rather than answer the first page', async () => {
    const res = await h.gw.api.get(`/api/v2/tables/${h.tableId}/rows?page=2`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details.issues[0].path).toBe('query.page');
  });

  it('ignores unknown query parameters', async () => {
    const res = await h.gw.api.get(`/api/v2/tables/${h.tableId}/rows?limit=1&utm_source=sdk`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
  });
});

describe('published values the published schemas allow', () => {
  it('take an empty agent name as no name', async () => {
    const res = await h.gw.api.post('/api/v2/agents', { prompt: 'hello', name: '' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NO_AGENT_WORKER');
  });

  it('answer an unknown channel filter with no sequences', async () => {
    const res = await h.gw.api.get(`/api/v2/sequences?tableId=${h.tableId}&channel=fax`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('ignore unknown include tokens', async () => {
    expect((await h.gw.api.get(`/api/v2/tables/${h.tableId}?include=stats,transcript`)).status).toBe(200);
  });

  it('name an empty match column as an unknown column', async () => {
    const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/rows/upsert`, { rows: [{ email: 'x@y.example' }], matchColumns: [''] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('UNKNOWN_COLUMN');
  });

  it('read a null body as none where the body is optional', async () => {
    const res = await h.gw.api.post(`/api/v2/sequences/${crypto.randomUUID()}/delete`, undefined, { raw: 'null', headers: json });
    expect(res.status).toBe(404);
  });
});

describe('bodiless published POSTs', () => {
  it.each([
    ['no body', undefined, undefined],
    ['an empty JSON body', '', json],
    ['{}', '{}', json],
    ['null', 'null', json],
    ['{} sent as a form (curl -d)', '{}', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['{} sent as text', '{}', { 'content-type': 'text/plain;charset=UTF-8' }],
    ['an object of unknown fields', '{"reason":"sdk"}', json],
  ])('launch a campaign with %s', async (_name, raw, headers) => {
    const id = await draftCampaign(`launch ${_name}`);
    const res = await h.gw.api.post(`/api/v2/campaigns/${id}/launch`, undefined, raw === undefined ? {} : { raw, headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await h.gw.api.get(`/api/v2/campaigns/${id}`)).body.status).toBe('active');
  });

  it('pause and resume take {} too', async () => {
    const id = await draftCampaign('pause');
    expect((await h.gw.api.post(`/api/v2/campaigns/${id}/launch`, {})).status).toBe(200);
    expect((await h.gw.api.post(`/api/v2/campaigns/${id}/pause`, {})).status).toBe(200);
    expect((await h.gw.api.post(`/api/v2/campaigns/${id}/resume`, null, { raw: 'null', headers: json })).status).toBe(200);
  });

  it('refuses a body that is not an object', async () => {
    const id = await draftCampaign('array');
    const res = await h.gw.api.post(`/api/v2/campaigns/${id}/launch`, undefined, { raw: '[1]', headers: json });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
  });
});

describe('extension operations', () => {
  it('test a webhook endpoint with {} and with null', async () => {
    const hook = await h.gw.api.post('/api/v2/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['webhook.test'] });
    expect(hook.status).toBe(201);
    expect((await h.gw.api.post(`/api/v2/webhooks/${hook.body.id}/test`, {})).status).toBe(202);
    expect((await h.gw.api.post(`/api/v2/webhooks/${hook.body.id}/test`, undefined, { raw: 'null', headers: json })).status).toBe(202);
  });

  it('stay strict about unknown fields', async () => {
    const hook = await h.gw.api.post('/api/v2/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'], enabeld: false });
    expect(hook.status).toBe(400);
    expect(hook.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['enabeld']);
    const created = await h.gw.api.post('/api/v2/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'] });
    const test = await h.gw.api.post(`/api/v2/webhooks/${created.body.id}/test`, { eventType: 'x' });
    expect(test.status).toBe(400);
    expect(test.body.code).toBe('VALIDATION_ERROR');
    const list = await h.gw.api.get('/api/v2/webhooks?utm_source=sdk');
    expect(list.status).toBe(400);
  });
});
