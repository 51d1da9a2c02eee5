import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../webhooks/support/receiver.ts';
import { person, startSequenceHarness, type SequenceHarness } from '../sequences/support/harness.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { createTrigger, postHook, settledEvent } from './support.ts';

// The two actions that go through other areas' code: rows.upsert through the API's
// upsert path, sequence.reply through the sequences' reply matching.

let h: SequenceHarness;
beforeAll(async () => {
  h = await startSequenceHarness();
}, 60_000);
afterAll(async () => h?.close());

const flatRows = async () => (await h.gw.api.get(`/api/v2/tables/${h.tableId}/rows?cells=flat&limit=200`)).body.items as Record<string, unknown>[];

describe('rows.upsert', () => {
  it('maps JSON pointers to columns, upserts on the match columns, and replays idempotently', async () => {
    const t = await createTrigger(h.gw, {
      name: 'crm',
      action: 'rows.upsert',
      tableId: h.tableId,
      matchColumns: ['email'],
      mapping: { email: '/contact/email', first_name: '/contact/first', company: '/org/name' },
      schema: { type: 'object', required: ['contact'] },
    });
    const body = { contact: { email: 'grace@example.org', first: 'Grace' }, org: { name: 'Navy' } };
    const posted = await postHook(h.gw, t.url, JSON.stringify(body));
    expect(posted.status).toBe(202);
    const event = await settledEvent(h.gw, t.id, posted.body.id);
    expect(event.status, String(event.failureReason)).toBe('processed');
    expect(event.result).toMatchObject({ object: 'enrichment_run' });
    let rows = (await flatRows()).filter((r) => r.email === 'grace@example.org');
    expect(rows).toEqual([expect.objectContaining({ email: 'grace@example.org', first_name: 'Grace', company: 'Navy' })]);

    const update = await postHook(h.gw, t.url, JSON.stringify({ ...body, org: { name: 'US Navy' } }));
    await settledEvent(h.gw, t.id, update.body.id);
    const replay = await h.gw.api.post(`/api/v2/triggers/${t.id}/events/${posted.body.id}/replay`);
    expect(replay.status).toBe(202);
    await eventually(async () => (await settledEvent(h.gw, t.id, posted.body.id)).replayCount === 1);
    rows = (await flatRows()).filter((r) => r.email === 'grace@example.org');
    expect(rows).toHaveLength(1);
    expect(rows[0].company).toBe('Navy');
  });

  it("fails the event with the upsert rules' own error code", async () => {
    const t = await createTrigger(h.gw, { name: 'bad-columns', action: 'rows.upsert', tableId: h.tableId, matchColumns: ['email'] });
    const posted = await postHook(h.gw, t.url, JSON.stringify({ email: 'x@example.org', no_such_column: 1 }));
    const event = await settledEvent(h.gw, t.id, posted.body.id);
    expect(event.status).toBe('failed');
    expect(event.failureReason).toMatch(/^UNKNOWN_FIELDS: /);
    expect(event.attempts).toBe(1);
  });
});

describe('sequence.reply', () => {
  it('a form-posted reply stops the sequence it answers and emits sequence.reply.received', async () => {
    await h.addRows([person(1)]);
    const campaign = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, {
      name: 'Reply test',
      senders: h.senders,
      recipientColumn: 'email',
      steps: [
        { channel: 'email', subject: 'Hello {{company}}', body: 'Hi {{first_name}}.', delaySeconds: 0 },
        { channel: 'email', body: 'Following up.', delaySeconds: 3600 },
      ],
      rows: { filters: [{ column: 'email', operator: 'equals', value: person(1).email }] },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect((await h.gw.api.post(`/api/v2/campaigns/${campaign.body.campaign.id}/launch`)).status).toBe(200);
    const sent = await eventually(async () => (h.receiver!.received ?? []).find((r) => r.payload.type === 'sequence.message.sent'));
    const data = sent.payload.data as Record<string, any>;

    // An inbound-parse style form post; the mapping names where each reply field is.
    const t = await createTrigger(h.gw, {
      name: 'mail-replies',
      action: 'sequence.reply',
      mapping: { from: '/sender', to: '/recipient', subject: '/subject', text: '/stripped-text', inReplyTo: '/In-Reply-To' },
      schema: { type: 'object', required: ['sender', 'In-Reply-To'] },
    });
    const form = new URLSearchParams({
      sender: `Person One <${data.outreach_target.email}>`,
      recipient: 'ada@sales.example.com',
      subject: 'Re: Hello',
      'stripped-text': 'Sounds good, call me.',
      'In-Reply-To': data.message.rfc_message_id,
    }).toString();
    const posted = await postHook(h.gw, t.url, form, { contentType: 'application/x-www-form-urlencoded' });
    expect(posted.status).toBe(202);
    const event = await settledEvent(h.gw, t.id, posted.body.id);
    expect(event.status, String(event.failureReason)).toBe('processed');
    expect(event.result).toMatchObject({ matched: true, sequenceIds: [data.sequence_id], newlyStoppedIds: [data.sequence_id] });
    const reply = await eventually(async () => (h.receiver!.received ?? []).find((r) => r.payload.type === 'sequence.reply.received'));
    assertWebhookMatchesSpec('sequence.reply.received', reply.payload);
    expect(reply.payload.data).toMatchObject({ sequence_id: data.sequence_id, newly_stopped: true });
    const seq = await h.gw.api.get(`/api/v2/sequences/${data.sequence_id}`);
    expect(seq.body.status).not.toBe('active');
  });
});
