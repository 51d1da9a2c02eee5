import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { startEnrichmentServer } from '../tables/enrichment-server.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { eventually, startReceiver, type Receiver } from './support/receiver.ts';

// `events: []` subscribes an endpoint to every event, the same as `["*"]`.

let gw: TestGateway;
let receiver: Receiver;
let enrichment: Awaited<ReturnType<typeof startEnrichmentServer>>;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RETRY_SCHEDULE: '0,0.3', OG_ENRICHMENT_RETRY_SCHEDULE: '0.1' } });
  receiver = await startReceiver();
  enrichment = await startEnrichmentServer(() => ({ status: 200, body: { ok: true } }));
});
afterAll(async () => {
  await gw.close();
  await receiver.close();
  await enrichment.close();
});

describe('an endpoint with events: []', () => {
  it('receives a table.run.completed like one subscribed to *', async () => {
    const hook = await gw.api.post('/api/v2/webhooks', { url: receiver.url, events: [] });
    expect(hook.status).toBe(201);
    expect(hook.body.events).toEqual([]);
    receiver.setSecrets([hook.body.secret]);
    // An enrichment column, so the upsert opens a table run that completes.
    const table = await gw.api.post('/api/v2/tables', {
      name: 'Every event',
      columns: [
        { name: 'email', kind: 'input' },
        { name: 'Seen', slug: 'seen', kind: 'enrichment', enrichment: { url: enrichment.url } },
      ],
    });
    enrichment.setSecret(table.body.columns.find((c: { slug: string }) => c.slug === 'seen').enrichment.secret);
    const upsert = await gw.api.post(`/api/v2/tables/${table.body.id}/rows/upsert`, { rows: [{ email: 'a@x.example' }], matchColumns: ['email'] });
    expect(upsert.status).toBe(201);
    const completed = await eventually(async () => receiver.received.find((r) => r.payload.type === 'table.run.completed'), 20_000).catch((e) => {
      throw new Error(`${e.message}; got ${receiver.received.map((r) => r.payload.type)}; run ${JSON.stringify(upsert.body)}`);
    });
    expect(completed.verifiedWith).toEqual([hook.body.secret]);
    expect(completed.payload.data.run_id).toBe(upsert.body.tableRunId);
    assertWebhookMatchesSpec('table.run.completed', completed.payload);
  });
});
