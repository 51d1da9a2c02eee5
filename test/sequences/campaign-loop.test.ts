import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPublished } from '../agents/published-schemas.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { eventually, sleep } from '../webhooks/support/receiver.ts';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';
import { assertPublishedWebhook } from './support/published-webhooks.ts';

// The whole loop on real sockets: draft 20 rows × 3 steps (email, LinkedIn invite, email
// follow-up), launch, receive every message exactly once through a real SMTP server and a
// LinkedIn provider stub, join every signed event back to the API, stop one sequence by a
// reply and one through the API, pause and resume without sending anything twice.

const ROWS = 20;
// Long enough that the pause below lands before step 3 falls due even when a loaded
// machine delays the webhooks the earlier test waits for; the test then waits only for
// what is left of it.
const STEP_3_DELAY_S = 10;
let h: SequenceHarness;
let rowIds: Record<string, string>;
let campaignId: string;
let columnSlug: string;

const STEPS = [
  { channel: 'email', subject: 'Hello {{company}}', body: 'Hi {{first_name}}, a note for {{company}}.', delaySeconds: 0 },
  { channel: 'linkedin', kind: 'connect_request', body: 'Hi {{first_name}}, let us connect.', delaySeconds: 0 },
  { channel: 'email', body: 'Following up, {{first_name}}.', delaySeconds: STEP_3_DELAY_S },
];

beforeAll(async () => {
  h = await startSequenceHarness();
  const people = Array.from({ length: ROWS }, (_, i) => person(i));
  rowIds = await h.addRows([...people, person(99, { first_name: null })]);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const events = (type: string) => (h.receiver?.received ?? []).filter((r) => r.payload.type === type);

describe('campaign loop', () => {
  it('drafts one sequence per usable row and skips a row missing a template value', async () => {
    const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, {
      name: 'Spring outreach',
      senders: h.senders,
      recipientColumn: 'email',
      recipientColumns: { linkedin: 'linkedin' },
      steps: STEPS,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.sequences.created).toBe(ROWS);
    expect(res.body.sequences.skipped).toEqual([{ rowId: rowIds['person99@example.org'], reason: 'missing value for {{first_name}}' }]);
    expect(res.body.column.kind).toBe('sequence');
    assertPublished('Campaign', res.body.campaign);
    campaignId = res.body.campaign.id;
    columnSlug = res.body.column.slug;
    const seqs = await h.gw.api.get(`/api/v2/tables/${h.tableId}/sequences?limit=100`);
    expect(seqs.body.items).toHaveLength(ROWS);
    expect(seqs.body.items.every((s: { status: string }) => s.status === 'draft')).toBe(true);
    const dry = await h.gw.api.post(`/api/v2/campaigns/${campaignId}/launch?dryRun=true`);
    expect(dry.body).toEqual({ dryRun: true, campaignId, wouldLaunch: true });
    expect(h.sink.messages).toHaveLength(0);
  });

  it('sends steps 1 and 2 exactly once with the row values and Message-IDs, each event joining back to the API', async () => {
    const launched = await h.gw.api.post(`/api/v2/campaigns/${campaignId}/launch`);
    expect(launched.status).toBe(200);
    expect(launched.body.launch.scheduled).toBe(ROWS);
    assertPublished('CampaignTransition', launched.body);
    const again = await h.gw.api.post(`/api/v2/campaigns/${campaignId}/send`);
    expect(again.body.launched).toBe(0);
    await h.sink.until(() => h.sink.messages.length >= ROWS);
    await eventually(async () => h.linkedin.calls.length >= ROWS);
    await h.receiver!.until(() => events('sequence.message.sent').length >= ROWS && events('sequence.connection.requested').length >= ROWS, 15_000);
    await sleep(300);
    expect(h.sink.messages).toHaveLength(ROWS);
    expect(h.linkedin.calls).toHaveLength(ROWS);
    expect(h.linkedin.calls.every((c) => c.verified)).toBe(true);
    const sent = events('sequence.message.sent');
    expect(new Set(sent.map((e) => e.payload.data.message_id)).size).toBe(ROWS);
    for (const e of [...sent, ...events('sequence.connection.requested')]) {
      expect(e.verifiedWith.length).toBe(1);
      assertWebhookMatchesSpec(e.payload.type, e.payload);
      assertPublishedWebhook(e.payload.type, e.payload);
      const d = e.payload.data as Record<string, any>;
      const row = await h.gw.api.get(`/api/v2/tables/${d.outreach_target.table_id}/rows/${d.outreach_target.row_id}`);
      expect(row.status).toBe(200);
      expect(row.body.cells[columnSlug]).toEqual({ kind: 'sequence', value: d.sequence_id });
      const seq = await h.gw.api.get(`/api/v2/sequences/${d.sequence_id}`);
      expect(seq.body.rowId).toBe(d.outreach_target.row_id);
      const step = seq.body.steps.find((s: { id: string }) => s.id === d.message_id);
      expect(step.status).toBe('sent');
      expect(step.index).toBe(d.step_index);
      if (d.channel === 'email') {
        expect(step.rfcMessageId).toBe(d.message.rfc_message_id);
        const mail = h.sink.messages.find((m) => m.messageId === d.message.rfc_message_id);
        const i = Number(/person(\d+)@/.exec(d.outreach_target.email)![1]);
        expect(mail?.parsed?.subject).toBe(`Hello Company ${i}`);
        expect(mail?.parsed?.text?.trim()).toBe(`Hi First${i}, a note for Company ${i}.`);
        expect(mail?.envelopeTo).toEqual([`person${i}@example.org`]);
        expect(d.sender).toEqual({ email: 'ada@sales.example.com', linkedin_slug: null, display_name: 'Ada Sales' });
      } else {
        expect(d.outreach_target.linkedin_slug).toMatch(/^person-\d+$/);
        expect(h.linkedin.calls.filter((c) => c.body.message.id === d.message_id)).toHaveLength(1);
        expect(d.sender).toEqual({ email: null, linkedin_slug: 'ada-sales', display_name: 'Ada Sales' });
      }
    }
  });

  it('a reply to step 1 stops that sequence with newly_stopped: true; an API stop and a pause hold the rest', async () => {
    const first = events('sequence.message.sent')[0].payload.data as Record<string, any>;
    const replied = first.sequence_id as string;
    const result = await h.gw.gateway.services.matchReply(await orgId(), {
      from: `Person <${first.outreach_target.email}>`,
      to: 'ada@sales.example.com',
      subject: 'Re: hello',
      text: 'Not interested, thanks.',
      inReplyTo: first.message.rfc_message_id,
      references: first.message.rfc_message_id,
    });
    expect(result).toMatchObject({ matched: true, matchedBy: 'message_id', sequenceIds: [replied], newlyStoppedIds: [replied] });
    const reply = await eventually(async () => events('sequence.reply.received')[0]);
    expect(reply.payload.data).toMatchObject({ sequence_id: replied, newly_stopped: true, channel: 'email' });
    expect(reply.payload.data).not.toHaveProperty('additional_matched_sequence_ids');
    assertWebhookMatchesSpec('sequence.reply.received', reply.payload);
    assertPublishedWebhook('sequence.reply.received', reply.payload);

    const other = (events('sequence.message.sent')[1].payload.data as Record<string, any>).sequence_id as string;
    const dry = await h.gw.api.post(`/api/v2/sequences/${other}/stop?dryRun=true`);
    expect(dry.body).toMatchObject({ dryRun: true, sequenceId: other, action: 'stopped' });
    expect((await h.gw.api.get(`/api/v2/sequences/${other}`)).body.status).toBe('active');
    const stop = await h.gw.api.post(`/api/v2/sequences/${other}/stop`);
    expect(stop.body).toEqual({ sequenceId: other, action: 'stopped' });
    expect((await h.gw.api.post(`/api/v2/sequences/${other}/stop`)).body.action).toBe('noop');

    const paused = await h.gw.api.post(`/api/v2/campaigns/${campaignId}/pause`);
    expect(paused.body.pause.stoppedSequences).toBe(ROWS - 2);
    assertPublished('CampaignTransition', paused.body);
    // Past the moment step 3 fell due (10 s after the last invitation): paused, nothing went.
    const lastInvite = Math.max(...events('sequence.connection.requested').map((e) => Date.parse(e.payload.timestamp as string)));
    await sleep(Math.max(0, lastInvite + STEP_3_DELAY_S * 1000 - Date.now()) + 1_500);
    expect(h.sink.messages).toHaveLength(ROWS);

    const resumed = await h.gw.api.post(`/api/v2/campaigns/${campaignId}/resume`);
    expect(resumed.body.resume.resumedSequences).toBe(ROWS - 2);
    assertPublished('CampaignTransition', resumed.body);
    await h.sink.until(() => h.sink.messages.length >= 2 * ROWS - 2);
    await sleep(1_500);
    expect(h.sink.messages).toHaveLength(2 * ROWS - 2);
    const ids = h.sink.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [replied, other]) {
      const seq = await h.gw.api.get(`/api/v2/sequences/${id}`);
      expect(seq.body.status).toBe('stopped');
      expect(seq.body.steps[2].status).toBe('cancelled');
    }
    // Follow-ups thread under the first email.
    const followUp = h.sink.messages.find((m) => m.parsed?.subject?.startsWith('Re: Hello'));
    expect(followUp?.parsed?.inReplyTo).toMatch(/^<.+>$/);
    const buckets = await h.gw.api.get(`/api/v2/campaigns/${campaignId}/people?status=replied,stopped`);
    expect(buckets.body.total).toBe(2);
    expect(buckets.body.items.map((p: { sendStatus: string }) => p.sendStatus).sort()).toEqual(['replied', 'stopped']);
    expect((await h.gw.api.get(`/api/v2/campaigns/${campaignId}/people?status=sent&limit=1`)).body.total).toBe(ROWS - 2);
    const stats = await h.gw.api.get(`/api/v2/campaigns/${campaignId}/stats`);
    expect(stats.body).toMatchObject({ found: ROWS, contacted: ROWS, replied: 1, connectSent: ROWS, stopped: 2 });
  }, 45_000);

  it('never puts cells other than the identity fields into a payload', () => {
    for (const r of h.receiver!.received) expect(r.body).not.toContain('PRIVATE-NOTE');
  });
});

async function orgId(): Promise<string> {
  const org = await h.gw.gateway.services.organizations.ensure('default');
  return org.id;
}
