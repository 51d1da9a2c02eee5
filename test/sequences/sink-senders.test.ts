import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { eventually } from '../webhooks/support/receiver.ts';

// Sink senders: allowed only where OG_SINK_SENDERS says; a campaign sent through one is
// recorded sent with its event, exactly as through a real provider, and nothing leaves.

let allowed: TestGateway;
let refused: TestGateway;
beforeAll(async () => {
  allowed = await startTestGateway({ env: { OG_SINK_SENDERS: 'true', OG_ALLOW_PRIVATE_NETWORK: 'false' } });
  refused = await startTestGateway({ env: { OG_SINK_SENDERS: 'false' } });
});
afterAll(async () => {
  await allowed?.close();
  await refused?.close();
});

const sink = { channel: 'email', name: 'dev sink', displayName: 'Dev', email: 'dev@example.com', sink: {} };

describe('sink senders', () => {
  it('are refused with the setting named, and nothing is created, where OG_SINK_SENDERS is off', async () => {
    const res = await refused.api.post('/api/v2/senders', sink);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', error: expect.stringMatching(/OG_SINK_SENDERS=true/) });
    expect((await refused.api.get('/api/v2/senders')).body.items).toEqual([]);
  });

  it('take exactly one transport and no settings', async () => {
    expect((await allowed.api.post('/api/v2/senders', { ...sink, smtp: { host: 'smtp.example.com', port: 587 } })).status).toBe(400);
    expect((await allowed.api.post('/api/v2/senders', { ...sink, sink: { url: 'x' } })).status).toBe(400);
  });

  it('send a campaign: the step is recorded sent with a sink provider id and its event, no network needed', async () => {
    const sender = await allowed.api.post('/api/v2/senders', sink);
    expect(sender.status).toBe(201);
    expect(sender.body).toMatchObject({ transport: 'sink', smtp: null, http: null, secretLast4: null });
    expect(sender.body.secret).toBeUndefined();
    const table = await allowed.api.post('/api/v2/tables', { name: 'People', columns: [{ name: 'email', slug: 'email', kind: 'input' }] });
    await allowed.api.post(`/api/v2/tables/${table.body.id}/rows/upsert`, { rows: [{ email: 'ada@example.com' }], matchColumns: ['email'] });
    const draft = await allowed.api.post(`/api/v2/tables/${table.body.id}/campaigns`, {
      name: 'Dev',
      senders: { email: sender.body.id },
      recipientColumn: 'email',
      steps: [{ channel: 'email', subject: 'Hi', body: 'Hello', delaySeconds: 0 }],
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await allowed.api.post(`/api/v2/campaigns/${draft.body.campaign.id}/launch`)).status).toBe(200);
    expect(draft.body.sequences.created).toBe(1);
    const sequenceId = (await allowed.api.get(`/api/v2/tables/${table.body.id}/sequences`)).body.items[0].id as string;
    const step = await eventually(async () => {
      const s = (await allowed.api.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0];
      return s.status === 'sent' ? s : null;
    }, 30_000);
    expect(step.providerId).toBe(`sink:${step.id}`);
    const events = await allowed.api.get(`/api/v2/events?type=sequence.message.sent&orderingKey=sequence:${sequenceId}`);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0].data).toMatchObject({ sequence_id: sequenceId, channel: 'email' });
  });
});
