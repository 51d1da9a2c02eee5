import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';

// Two gateway processes on one database dispatching the same campaign at once: the claim
// (a conditional write per sequence) lets exactly one of them send each step.

const ROWS = 40;
let h: SequenceHarness;
let other: TestGateway;

beforeAll(async () => {
  h = await startSequenceHarness({ webhooks: false, parse: false });
  other = await startTestGateway({ dbName: h.gw.dbName, instanceName: 'second' });
  await h.addRows(Array.from({ length: ROWS }, (_, i) => person(i)));
}, 60_000);

afterAll(async () => {
  await other?.gateway.services.sequenceSendLoop.close();
  await other?.close();
  await h?.close();
});

describe('two processes', () => {
  it('send every step exactly once', async () => {
    const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, {
      name: 'shared',
      senders: { email: h.senders.email },
      recipientColumn: 'email',
      steps: [
        { channel: 'email', subject: 'Hi {{first_name}}', body: 'One', delaySeconds: 0 },
        { channel: 'email', body: 'Two', delaySeconds: 0 },
      ],
    });
    expect(res.body.sequences.created).toBe(ROWS);
    const launched = h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/launch`);
    // The second process races the first for the same due steps.
    const racing = (async () => {
      for (let i = 0; i < 20; i++) {
        await other.gateway.services.sequenceSendLoop.kick();
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await Promise.all([launched, racing]);
    await h.sink.until(() => h.sink.messages.length >= 2 * ROWS, 20_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const ids = h.sink.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(2 * ROWS);
    expect(new Set(ids).size).toBe(2 * ROWS);
    const stats = await h.gw.api.get(`/api/v2/campaigns/${res.body.campaign.id}/stats`);
    expect(stats.body).toMatchObject({ found: ROWS, contacted: ROWS, sent: 2 * ROWS });
    const events = await h.gw.db.collection('events').countDocuments({ type: 'sequence.message.sent' });
    expect(events).toBe(2 * ROWS);
  });
});
