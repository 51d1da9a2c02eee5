import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../webhooks/support/receiver.ts';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';
import { startProviderStub } from './support/provider-stub.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

// Provider failures retry with backoff (OG_RETRY_SCHEDULE compresses it to 1 s), end as a
// failed step with its reason, and a step a crash left `sending` is never sent twice.

let h: SequenceHarness;
let rows: Record<string, string>;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  h = await startSequenceHarness({ env: { OG_RETRY_SCHEDULE: '0,1,1' }, webhooks: false });
  rows = await h.addRows(Array.from({ length: 8 }, (_, i) => person(i)));
}, 60_000);

afterAll(async () => {
  await h?.close();
  for (const close of closers) await close();
});

async function httpSender(respond: (nth: number) => number) {
  const stub = await startProviderStub({ respond });
  closers.push(stub.close);
  const res = await h.gw.api.post('/api/v2/senders', { channel: 'linkedin', name: 'li', displayName: 'Li', linkedinSlug: 'li', http: { url: stub.url } });
  stub.setSecret(res.body.secret);
  return { stub, id: res.body.id as string };
}

async function smtpSender(reject: (nth: number) => { code: number; message: string } | null) {
  const sink = await startSmtpSink({ reject });
  closers.push(sink.close);
  const res = await h.gw.api.post('/api/v2/senders', {
    channel: 'email',
    name: 'mx',
    displayName: 'Mx',
    email: 'mx@corp.example',
    smtp: { host: '127.0.0.1', port: sink.port },
  });
  return { sink, id: res.body.id as string };
}

async function launch(row: string, senders: Record<string, string>, steps: unknown[], recipientColumn = 'email') {
  const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, { name: `c-${row}`, senders, recipientColumn, steps, rows: { ids: [rows[row]] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const people = await h.gw.api.get(`/api/v2/campaigns/${res.body.campaign.id}/people`);
  const sequenceId = people.body.items[0].sequenceId as string;
  return { campaignId: res.body.campaign.id as string, sequenceId };
}

const getSeq = async (id: string) => (await h.gw.api.get(`/api/v2/sequences/${id}`)).body;
const invite = [
  { channel: 'linkedin', kind: 'connect_request', body: 'Hi {{first_name}}', delaySeconds: 0 },
  { channel: 'linkedin', body: 'Thanks', delaySeconds: 3600 },
];
const mail = [
  { channel: 'email', subject: 'Hi', body: 'Hi {{first_name}}', delaySeconds: 0 },
  { channel: 'email', body: 'Again', delaySeconds: 3600 },
];

describe('provider failures', () => {
  it('retries a 503 and sends once', async () => {
    const { stub, id } = await httpSender((nth) => (nth === 1 ? 503 : 200));
    const { campaignId, sequenceId } = await launch('person0@example.org', { linkedin: id }, invite, 'linkedin');
    await h.gw.api.post(`/api/v2/campaigns/${campaignId}/launch`);
    const seq = await eventually(async () => ((await getSeq(sequenceId)).steps[0].status === 'sent' ? getSeq(sequenceId) : null), 15_000);
    expect(stub.calls).toHaveLength(1);
    expect(stub.calls[0].webhookId).toBe(seq.steps[0].id);
    expect(seq.steps[0].providerId).toBe('li-msg-2');
  });

  it.each([['an http 400', 'provider answered 400']])('fails the step on %s without retrying', async (_, reason) => {
    const { stub, id } = await httpSender(() => 400);
    const { campaignId, sequenceId } = await launch('person1@example.org', { linkedin: id }, invite, 'linkedin');
    await h.gw.api.post(`/api/v2/campaigns/${campaignId}/launch`);
    const seq = await eventually(async () => ((await getSeq(sequenceId)).status === 'failed' ? getSeq(sequenceId) : null), 15_000);
    expect(seq.steps.map((s: { status: string }) => s.status)).toEqual(['failed', 'cancelled']);
    expect(seq.steps[0].failureReason).toBe(reason);
    expect(stub.calls).toHaveLength(0);
  });

  it('fails on an SMTP 550, retries an SMTP 451', async () => {
    const hard = await smtpSender(() => ({ code: 550, message: 'no such user' }));
    const a = await launch('person2@example.org', { email: hard.id }, mail);
    await h.gw.api.post(`/api/v2/campaigns/${a.campaignId}/launch`);
    const failed = await eventually(async () => ((await getSeq(a.sequenceId)).status === 'failed' ? getSeq(a.sequenceId) : null), 15_000);
    expect(failed.steps[0].failureReason).toBe('smtp server answered 550');

    const soft = await smtpSender((nth) => (nth === 1 ? { code: 451, message: 'try later' } : null));
    const b = await launch('person3@example.org', { email: soft.id }, mail);
    await h.gw.api.post(`/api/v2/campaigns/${b.campaignId}/launch`);
    const sent = await eventually(async () => ((await getSeq(b.sequenceId)).steps[0].status === 'sent' ? getSeq(b.sequenceId) : null), 15_000);
    expect(soft.sink.messages).toHaveLength(1);
    expect(soft.sink.messages[0].messageId).toBe(sent.steps[0].rfcMessageId);
  });
});

describe('a connection lost after the message was written', () => {
  it('is not retried: the step fails as delivery_unknown', async () => {
    const flaky = await (async () => {
      const sink = await startSmtpSink({ drop: (nth) => nth === 1 });
      closers.push(sink.close);
      const res = await h.gw.api.post('/api/v2/senders', {
        channel: 'email',
        name: 'drop',
        displayName: 'Drop',
        email: 'drop@corp.example',
        smtp: { host: '127.0.0.1', port: sink.port },
      });
      return { sink, id: res.body.id as string };
    })();
    const { campaignId, sequenceId } = await launch('person6@example.org', { email: flaky.id }, mail);
    await h.gw.api.post(`/api/v2/campaigns/${campaignId}/launch`);
    const seq = await eventually(async () => ((await getSeq(sequenceId)).status === 'failed' ? getSeq(sequenceId) : null), 15_000);
    expect(seq.steps[0].failureReason).toMatch(/^delivery_unknown/);
    await sleep(2_500);
    expect(flaky.sink.held).toHaveLength(1);
    expect(flaky.sink.messages).toHaveLength(0);
  });
});

describe('a crash between the provider call and the record', () => {
  async function strand(sequenceId: string, handedOver = true) {
    // What a process killed mid-send leaves behind: the step claimed (and, once a connection
    // was ready for it, marked as handed over), its lease run out.
    const coll = h.gw.db.collection<{ _id: string }>('sequences');
    const handedOverAt = handedOver ? new Date(Date.now() - 2000) : null;
    await coll.updateOne(
      { _id: sequenceId },
      {
        $set: {
          status: 'active',
          nextDueAt: null,
          'steps.0.status': 'sending',
          'steps.0.leaseUntil': new Date(Date.now() - 1000),
          'steps.0.attempts': 1,
          'steps.0.handedOverAt': handedOverAt,
        },
        $inc: { version: 1 },
      },
    );
  }

  it('never resends an email that was handed over: the step fails as delivery_unknown', async () => {
    const { campaignId, sequenceId } = await launch('person4@example.org', { email: h.senders.email }, mail);
    await h.gw.api.post(`/api/v2/campaigns/${campaignId}/pause`);
    await strand(sequenceId);
    const before = h.sink.messages.length;
    await h.gw.gateway.services.sequenceSendLoop.runDue();
    const seq = await getSeq(sequenceId);
    expect(seq.steps[0].status).toBe('failed');
    expect(seq.steps[0].failureReason).toMatch(/^delivery_unknown/);
    expect(seq.status).toBe('failed');
    await sleep(500);
    expect(h.sink.messages.length).toBe(before);
  });

  it('sends an email that was only claimed, once, after the lease', async () => {
    const { campaignId, sequenceId } = await launch('person7@example.org', { email: h.senders.email }, mail);
    await h.gw.api.post(`/api/v2/campaigns/${campaignId}/pause`);
    await strand(sequenceId, false);
    await h.gw.gateway.services.sequenceSendLoop.runDue();
    const seq = await eventually(async () => ((await getSeq(sequenceId)).steps[0].status === 'sent' ? getSeq(sequenceId) : null));
    expect(seq.steps[0]).toMatchObject({ failureReason: null });
    expect(seq.steps[0].handedOverAt).not.toBeNull();
    await sleep(500);
    expect(h.sink.messages.filter((m) => m.messageId === seq.steps[0].rfcMessageId)).toHaveLength(1);
  });

  it('resends through an http provider with the same message id (the provider dedupes)', async () => {
    const { stub, id } = await httpSender(() => 200);
    const { campaignId, sequenceId } = await launch('person5@example.org', { linkedin: id }, invite, 'linkedin');
    await h.gw.api.post(`/api/v2/campaigns/${campaignId}/pause`);
    await strand(sequenceId);
    await h.gw.gateway.services.sequenceSendLoop.runDue();
    const seq = await eventually(async () => ((await getSeq(sequenceId)).steps[0].status === 'sent' ? getSeq(sequenceId) : null));
    expect(stub.calls.map((c) => c.webhookId)).toEqual([seq.steps[0].id]);
  });
});
