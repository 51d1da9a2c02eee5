import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../webhooks/support/receiver.ts';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';

// The explicit step edit (PATCH /campaigns/{id}/steps): new copy for the steps nobody
// received yet, re-rendered into every waiting sequence; sent copy never changes.

let h: SequenceHarness;
let rowIds: Record<string, string>;

beforeAll(async () => {
  h = await startSequenceHarness({ webhooks: false });
  rowIds = await h.addRows([person(0), person(1), person(2), person(3, { first_name: null })]);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const DAY = 86_400;

async function draft(emails: string[]) {
  const res = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, {
    name: 'Edit me',
    senders: { email: h.senders.email },
    recipientColumn: 'email',
    steps: [
      { channel: 'email', subject: 'About {{company}}', body: 'Hello from us to {{company}}', delaySeconds: 0 },
      { channel: 'email', body: 'Following up with {{company}}', delaySeconds: DAY },
    ],
    rows: { ids: emails.map((e) => rowIds[e]) },
  });
  expect(res.status).toBe(201);
  return res.body.campaign.id as string;
}

const edit = (campaignId: string, steps: unknown[]) => h.gw.api.patch(`/api/v2/campaigns/${campaignId}/steps`, { steps });

async function sequencesOf(campaignId: string) {
  const people = await h.gw.api.get(`/api/v2/campaigns/${campaignId}/people?limit=100`);
  const out = [];
  for (const p of people.body.items) out.push((await h.gw.api.get(`/api/v2/sequences/${p.sequenceId}`)).body);
  return out as { id: string; rowId: string; recipient: { email: string }; steps: { status: string; subject: string | null; body: string }[] }[];
}

const companyOf = (email: string) => `Company ${/person(\d+)/.exec(email)?.[1]}`;

describe('editing a draft campaign', () => {
  it("re-renders every sequence, and follow-ups keep the first subject's thread", async () => {
    const id = await draft(['person0@example.org', 'person1@example.org']);
    const res = await edit(id, [
      { index: 0, subject: 'New idea for {{company}}' },
      { index: 1, body: 'Still keen, {{first_name}}?' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'campaign_edit', changedSteps: [0, 1], sequences: { updated: 2, skipped: [] } });
    expect(res.body.campaign.steps.map((s: { subject: string }) => s.subject)).toEqual(['New idea for {{company}}', 'Re: New idea for {{company}}']);
    expect((await h.gw.api.get(`/api/v2/campaigns/${id}`)).body.steps[1].body).toBe('Still keen, {{first_name}}?');
    for (const seq of await sequencesOf(id)) {
      const n = /person(\d+)/.exec(seq.recipient.email)?.[1];
      expect(seq.steps.map((s) => s.subject)).toEqual([`New idea for Company ${n}`, `Re: New idea for Company ${n}`]);
      expect(seq.steps[1].body).toBe(`Still keen, First${n}?`);
    }
    // The same edit again changes nothing.
    const again = await edit(id, [
      { index: 0, subject: 'New idea for {{company}}' },
      { index: 1, body: 'Still keen, {{first_name}}?' },
    ]);
    expect(again.body).toMatchObject({ changedSteps: [], sequences: { updated: 0 } });
  });

  it.each([
    [[{ index: 2, body: 'x' }], 400, 'VALIDATION_ERROR', /2 step/],
    [
      [
        { index: 0, body: 'a' },
        { index: 0, body: 'b' },
      ],
      400,
      'VALIDATION_ERROR',
      /twice/,
    ],
    [[{ index: 0, subject: null }], 400, 'VALIDATION_ERROR', /first email step needs a subject/],
    [[{ index: 1, body: 'Hi {{nickname}}' }], 400, 'UNKNOWN_COLUMN', /nickname/],
    [[{ index: 0 }], 400, 'VALIDATION_ERROR', /./],
  ])('refuses %j and changes nothing', async (steps, status, code, message) => {
    const id = await draft(['person0@example.org']);
    const before = (await h.gw.api.get(`/api/v2/campaigns/${id}`)).body;
    const res = await edit(id, steps);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.error).toMatch(message);
    expect((await h.gw.api.get(`/api/v2/campaigns/${id}`)).body).toEqual(before);
  });

  it('keeps the copy of a sequence whose row cannot fill a new placeholder, and says so', async () => {
    const id = await draft(['person1@example.org', 'person3@example.org']);
    const res = await edit(id, [{ index: 1, body: 'Hi {{first_name}}' }]);
    expect(res.status).toBe(200);
    expect(res.body.sequences.updated).toBe(1);
    expect(res.body.sequences.skipped).toEqual([expect.objectContaining({ rowId: rowIds['person3@example.org'], reason: 'missing value for {{first_name}}' })]);
    const bodies = Object.fromEntries((await sequencesOf(id)).map((s) => [s.recipient.email, s.steps[1].body]));
    expect(bodies).toEqual({ 'person1@example.org': 'Hi First1', 'person3@example.org': 'Following up with Company 3' });
  });

  it('finishes an interrupted edit when the same edit is sent again', async () => {
    const id = await draft(['person0@example.org', 'person1@example.org']);
    expect((await edit(id, [{ index: 1, body: 'Second take for {{company}}' }])).body.sequences.updated).toBe(2);
    // As if the process died after the campaign and one sequence were written, before the other.
    const [stale] = await sequencesOf(id);
    await h.gw.db
      .collection('sequences')
      .updateOne({ _id: stale.id } as never, { $set: { 'steps.1.body': 'Following up with Company 0' }, $inc: { version: 1 } });
    const again = await edit(id, [{ index: 1, body: 'Second take for {{company}}' }]);
    expect(again.body).toMatchObject({ changedSteps: [], sequences: { updated: 1, skipped: [] } });
    for (const seq of await sequencesOf(id)) expect(seq.steps[1].body).toBe(`Second take for ${companyOf(seq.recipient.email)}`);
  });

  it("is 404 for another organization's campaign", async () => {
    const id = await draft(['person0@example.org']);
    const other = await h.gw.gateway.services.organizations.ensure('edit-other-org');
    const key = await h.gw.gateway.services.apiKeys.create(other.id, { name: 'k', scopes: ['write'] });
    const res = await h.gw.api.withKey(key.key).patch(`/api/v2/campaigns/${id}/steps`, { steps: [{ index: 1, body: 'mine now' }] });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CAMPAIGN_NOT_FOUND');
  });
});

describe('editing a launched campaign', () => {
  it('refuses to change a sent step (409 naming it) and edits the unsent one in waiting sequences only', async () => {
    const emails = ['person0@example.org', 'person1@example.org', 'person2@example.org'];
    const id = await draft(emails);
    const sentBefore = h.sink.messages.length;
    expect((await h.gw.api.post(`/api/v2/campaigns/${id}/launch`)).status).toBe(200);
    await eventually(async () => (await sequencesOf(id)).every((s) => s.steps[0].status === 'sent'), 20_000);
    await h.sink.until(() => h.sink.messages.length >= sentBefore + 3, 20_000);
    // One recipient is stopped: its follow-up is cancelled and keeps its copy.
    const stopped = (await sequencesOf(id)).find((s) => s.recipient.email === 'person2@example.org')!;
    expect((await h.gw.api.post(`/api/v2/sequences/${stopped.id}/stop`)).status).toBe(200);
    const before = await sequencesOf(id);

    const refused = await edit(id, [
      { index: 0, subject: 'Too late for {{company}}' },
      { index: 1, body: 'x' },
    ]);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'STEP_ALREADY_SENT', details: { steps: [{ index: 0, sent: 3 }] } });
    expect(refused.body.error).toMatch(/step 0/);
    expect(await sequencesOf(id)).toEqual(before);

    const res = await edit(id, [{ index: 1, subject: 'Quick follow-up for {{company}}', body: 'One more thing, {{first_name}}' }]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changedSteps: [1], sequences: { updated: 2, skipped: [] } });
    for (const seq of await sequencesOf(id)) {
      const old = before.find((s) => s.id === seq.id)!;
      expect(seq.steps[0]).toEqual(old.steps[0]);
      if (seq.id === stopped.id) expect(seq.steps[1]).toEqual(old.steps[1]);
      else {
        expect(seq.steps[1]).toMatchObject({ status: 'scheduled', subject: `Quick follow-up for ${companyOf(seq.recipient.email)}` });
        expect(seq.steps[1].body).toMatch(/^One more thing, First\d$/);
      }
    }
    // What left the gateway is what the sequences still say was sent.
    const subjects = h.sink.messages.slice(sentBefore).map((m) => m.parsed?.subject);
    expect(subjects.sort()).toEqual(emails.map((e) => `About ${companyOf(e)}`).sort());
  }, 60_000);
});
