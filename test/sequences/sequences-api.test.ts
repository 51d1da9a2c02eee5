import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPublished } from '../agents/published-schemas.ts';
import { assertWebhookMatchesSpec } from '../support/spec-validation.ts';
import { eventually } from '../webhooks/support/receiver.ts';
import { person, startSequenceHarness, type SequenceHarness } from './support/harness.ts';
import { assertPublishedWebhook } from './support/published-webhooks.ts';

// Senders, drafting rules, the launch gate, reads, stop/delete branches, multi-match
// replies, accepted connections and the trigger-URL reply path.

let h: SequenceHarness;
let rows: Record<string, string>;
let orgId: string;

const emailStep = (body = 'Hi {{first_name}}', delaySeconds = 0) => ({ channel: 'email', subject: 'About {{company}}', body, delaySeconds });

async function draft(body: Record<string, unknown>) {
  return h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, { name: 'c', senders: { email: h.senders.email }, recipientColumn: 'email', ...body });
}

beforeAll(async () => {
  h = await startSequenceHarness();
  rows = await h.addRows(Array.from({ length: 6 }, (_, i) => person(i)));
  orgId = (await h.gw.gateway.services.organizations.ensure('default')).id;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('senders', () => {
  it('never shows the SMTP password and shows an http secret only once', async () => {
    const list = await h.gw.api.get('/api/v2/senders');
    expect(JSON.stringify(list.body)).not.toContain('smtp-password-123');
    expect(list.body.items.map((s: { secret?: string }) => s.secret)).toEqual([undefined, undefined]);
    const li = list.body.items.find((s: { channel: string }) => s.channel === 'linkedin');
    expect(li.secretLast4).toHaveLength(4);
    const one = await h.gw.api.get(`/api/v2/senders/${h.senders.email}`);
    expect(one.body.smtp).toEqual({ host: '127.0.0.1', port: h.sink.port, secure: false, auth: { user: 'ada' } });
  });

  it.each([
    [{ channel: 'linkedin', name: 'x', displayName: 'x', linkedinSlug: 'x', smtp: { host: 'smtp.example.com', port: 587 } }],
    [{ channel: 'email', name: 'x', displayName: 'x', email: 'a@b.example', smtp: { host: 'h', port: 25 }, http: { url: 'https://p.example' } }],
    [{ channel: 'email', name: 'x', displayName: 'x', smtp: { host: 'h', port: 25 } }],
  ])('rejects an invalid sender %#', async (body) => {
    const res = await h.gw.api.post('/api/v2/senders', body);
    expect(res.status).toBe(400);
  });

  it('needs the admin scope', async () => {
    const key = await h.gw.gateway.services.apiKeys.create(orgId, { name: 'writer', scopes: ['write'] });
    const res = await h.gw.api.withKey(key.key).get('/api/v2/senders');
    expect(res.status).toBe(403);
  });
});

describe('drafting and launching', () => {
  it('rejects unknown placeholders and answers the instructions form without a worker with 409', async () => {
    const bad = await draft({ steps: [emailStep('Hi {{nickname}}')] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('UNKNOWN_COLUMN');
    const agentic = await h.gw.api.post(`/api/v2/tables/${h.tableId}/campaigns`, { instructions: 'Reach out to everyone' });
    expect(agentic.status).toBe(409);
    expect(agentic.body.code).toBe('NO_AGENT_WORKER');
    const other = await h.gw.gateway.services.organizations.ensure('someone-else');
    const otherKey = await h.gw.gateway.services.apiKeys.create(other.id, { name: 'k', scopes: ['admin'] });
    const hidden = await h.gw.api
      .withKey(otherKey.key)
      .post(`/api/v2/tables/${h.tableId}/campaigns`, { name: 'c', recipientColumn: 'email', steps: [emailStep()] });
    expect(hidden.status).toBe(404);
  });

  it('refuses to launch without a sender for every channel (409 NO_SENDING_ACCOUNT)', async () => {
    const res = await draft({
      senders: { email: h.senders.email },
      recipientColumns: { linkedin: 'linkedin' },
      steps: [emailStep(), { channel: 'linkedin', body: 'Hi', delaySeconds: 0 }],
      rows: { ids: [rows['person0@example.org']] },
    });
    expect(res.status).toBe(201);
    const launch = await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/launch`);
    expect(launch.status).toBe(409);
    expect(launch.body).toMatchObject({ code: 'NO_SENDING_ACCOUNT', details: { missingChannels: ['linkedin'] } });
    assertPublished('Campaign', (await h.gw.api.get(`/api/v2/campaigns/${res.body.campaign.id}`)).body);
  });

  it('a delayed step goes out at its scheduledAt through the Agenda job', async () => {
    const res = await draft({
      name: 'delayed',
      steps: [emailStep('Hi {{first_name}}', 0), emailStep('Two seconds later', 2)],
      rows: { ids: [rows['person2@example.org']] },
    });
    await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/launch`);
    const [sequenceId] = await seqOf(res.body.campaign.id);
    const seq = await eventually(async () => {
      const s = (await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).body;
      return s.steps[1].status === 'sent' ? s : null;
    }, 15_000);
    const [first, second] = seq.steps;
    expect(Date.parse(second.scheduledAt) - Date.parse(first.sentAt)).toBe(2_000);
    expect(Date.parse(second.sentAt)).toBeGreaterThanOrEqual(Date.parse(second.scheduledAt));
    expect(Date.parse(second.sentAt) - Date.parse(second.scheduledAt)).toBeLessThan(3_000);
    expect(seq.status).toBe('completed');
  });

  it('resuming a campaign paused before its launch launches it', async () => {
    const res = await draft({
      name: 'paused-first',
      steps: [emailStep('Hi {{first_name}}', 0), emailStep('later', 3600)],
      rows: { ids: [rows['person1@example.org']] },
    });
    const paused = await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/pause`);
    expect(paused.body).toMatchObject({ status: 'paused', pause: { stoppedSequences: 0, alreadyPaused: false } });
    const resumed = await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/resume`);
    expect(resumed.body).toMatchObject({ status: 'active', launched: 1 });
    const [sequenceId] = await seqOf(res.body.campaign.id);
    await eventually(async () => (await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0].status === 'sent');
  });

  it('targets rows by filters and lists the table campaigns and people', async () => {
    const res = await draft({
      name: 'filtered',
      steps: [emailStep('Hi {{first_name}}', 3600)],
      rows: { filters: [{ column: 'company', operator: 'equals', value: 'Company 2' }] },
    });
    expect(res.body.sequences).toEqual({ created: 1, skipped: [] });
    const people = await h.gw.api.get(`/api/v2/campaigns/${res.body.campaign.id}/people`);
    expect(people.body.total).toBe(1);
    expect(people.body.items[0]).toMatchObject({ rowId: rows['person2@example.org'], recipient: 'person2@example.org', sendStatus: 'draft' });
    assertPublished('CampaignPerson', people.body.items[0]);
    const list = await h.gw.api.get(`/api/v2/tables/${h.tableId}/campaigns`);
    expect(list.body.items.map((c: { name: string }) => c.name)).toContain('filtered');
    list.body.items.forEach((c: unknown) => assertPublished('CampaignSummary', c));
    const stop = await h.gw.api.post(`/api/v2/sequences/${(await seqOf(res.body.campaign.id))[0]}/stop`);
    expect(stop.body.action).toBe('nothing-to-stop');
  });
});

async function seqOf(campaignId: string): Promise<string[]> {
  const res = await h.gw.api.get(`/api/v2/campaigns/${campaignId}/sequences?limit=100`);
  return res.body.items.map((p: { sequenceId: string }) => p.sequenceId);
}

describe('reads, stop and delete', () => {
  let campaignId: string;
  let sequenceId: string;

  beforeAll(async () => {
    const res = await draft({
      name: 'reads',
      steps: [emailStep(), emailStep('Again {{first_name}}', 3600)],
      rows: { ids: [rows['person3@example.org'], rows['person4@example.org']] },
    });
    campaignId = res.body.campaign.id;
    await h.gw.api.post(`/api/v2/campaigns/${campaignId}/launch`);
    await h.sink.until(() => h.sink.messages.filter((m) => /person[34]@/.test(m.envelopeTo[0])).length >= 2);
    sequenceId = (await seqOf(campaignId))[0];
    await eventually(async () => (await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0].status === 'sent');
  });

  it('needs a scope to list sequences and filters by recipient and status', async () => {
    const missing = await h.gw.api.get('/api/v2/sequences');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('MISSING_SCOPE');
    const byRecipient = await h.gw.api.get(`/api/v2/sequences?tableId=${h.tableId}&recipient=PERSON3@example.org`);
    expect(byRecipient.body.items).toHaveLength(1);
    byRecipient.body.items.forEach((s: unknown) => assertPublished('SequenceSummary', s));
    const campaign = (await h.gw.api.get(`/api/v2/campaigns/${campaignId}`)).body;
    const byColumn = await h.gw.api.get(`/api/v2/sequences?columnId=${campaign.columnId}`);
    expect(byColumn.body.items.map((s: { campaignId: string }) => s.campaignId)).toEqual([campaignId, campaignId]);
    const byWorkspace = await h.gw.api.get(`/api/v2/sequences?workspaceId=${campaign.columnId}`);
    expect(byWorkspace.body.items).toEqual([]);
    const linkedinOnly = await h.gw.api.get(`/api/v2/sequences?columnId=${campaign.columnId}&channel=linkedin`);
    expect(linkedinOnly.body.items).toEqual([]);
    const active = await h.gw.api.get(`/api/v2/tables/${h.tableId}/sequences?status=active&channel=email`);
    expect(active.body.items.length).toBeGreaterThanOrEqual(2);
    const detail = await h.gw.api.get(`/api/v2/sequences/${sequenceId}`);
    assertPublished('SequenceDetail', detail.body);
    expect(JSON.stringify(detail.body)).not.toMatch(/leaseUntil|attempts|smtp-password/);
    assertPublished('CampaignStats', (await h.gw.api.get(`/api/v2/campaigns/${campaignId}/stats`)).body);
  });

  it('guards deleting a sequence that sent messages unless forced; dryRun writes nothing', async () => {
    const guarded = await h.gw.api.delete(`/api/v2/sequences/${sequenceId}`);
    expect(guarded.status).toBe(409);
    expect(guarded.body.code).toBe('SEQUENCE_HAS_SENT_MESSAGES');
    const dry = await h.gw.api.delete(`/api/v2/sequences/${sequenceId}?force=true&dryRun=true`);
    expect(dry.body).toMatchObject({ dryRun: true, sequenceId, status: 'active', force: true });
    expect((await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).status).toBe(200);
    const legacy = await h.gw.api.post(`/api/v2/sequences/${sequenceId}/delete`, { forceDeletionOfSentMessages: true });
    expect(legacy.body).toEqual({ sequenceId, deleted: true });
    expect((await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).status).toBe(404);
  });

  it('previews, then deletes a campaign, stopping what is left', async () => {
    const preview = await h.gw.api.delete(`/api/v2/campaigns/${campaignId}`);
    expect(preview.body).toMatchObject({ id: campaignId, confirmationRequired: true, status: 'active' });
    const done = await h.gw.api.delete(`/api/v2/campaigns/${campaignId}?confirm=true`);
    expect(done.body).toMatchObject({ id: campaignId, deleted: true });
    expect((await h.gw.api.get(`/api/v2/campaigns/${campaignId}`)).status).toBe(404);
    const other = (await h.gw.api.get(`/api/v2/sequences?tableId=${h.tableId}&recipient=person4@example.org`)).body.items.find(
      (s: { campaignId: string }) => s.campaignId === campaignId,
    );
    expect(other).toMatchObject({ status: 'stopped', stopReason: 'campaign_deleted' });
  });
});

describe('replies and connections', () => {
  it('one reply matching two campaigns names the extra sequence in additional_* arrays', async () => {
    const target = rows['person5@example.org'];
    const ids: string[] = [];
    for (const name of ['first', 'second']) {
      const res = await draft({ name, steps: [emailStep(), emailStep('later', 3600)], rows: { ids: [target] } });
      await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/launch`);
      ids.push(...(await seqOf(res.body.campaign.id)));
    }
    await h.sink.until(() => h.sink.messages.filter((m) => m.envelopeTo[0] === 'person5@example.org').length >= 2);
    await eventually(async () => (await Promise.all(ids.map((id) => h.gw.api.get(`/api/v2/sequences/${id}`)))).every((r) => r.body.steps[0].status === 'sent'));
    const result = await h.gw.gateway.services.matchReply(orgId, {
      from: 'person5@example.org',
      to: 'Ada <ada@sales.example.com>',
      subject: 'Re',
      text: 'Stop please',
    });
    expect(result.matchedBy).toBe('recipient');
    expect(new Set(result.sequenceIds)).toEqual(new Set(ids));
    const again = await h.gw.gateway.services.matchReply(orgId, {
      from: 'person5@example.org',
      to: 'Ada <ada@sales.example.com>',
      subject: 'Re',
      text: 'Stop please',
    });
    expect(again.duplicate).toBe(true);
    const event = await eventually(async () =>
      h.receiver!.received.find((r) => r.payload.type === 'sequence.reply.received' && ids.includes(r.payload.data.sequence_id as string)),
    );
    const data = event.payload.data as Record<string, any>;
    expect(data.newly_stopped).toBe(true);
    expect(data.additional_matched_sequence_ids).toEqual(ids.filter((id) => id !== data.sequence_id));
    expect(data.additional_newly_stopped_sequence_ids).toEqual(data.additional_matched_sequence_ids);
    assertWebhookMatchesSpec('sequence.reply.received', event.payload);
    assertPublishedWebhook('sequence.reply.received', event.payload);
    expect(h.receiver!.received.filter((r) => r.payload.type === 'sequence.reply.received' && ids.includes(r.payload.data.sequence_id as string))).toHaveLength(
      1,
    );
  });

  it('an accepted LinkedIn invite produces sequence.connection.accepted once', async () => {
    const res = await draft({
      name: 'invites',
      senders: h.senders,
      recipientColumn: 'linkedin',
      steps: [{ channel: 'linkedin', kind: 'connect_request', body: 'Hi {{first_name}}', delaySeconds: 0 }],
      rows: { ids: [rows['person1@example.org']] },
    });
    await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/launch`);
    const [sequenceId] = await seqOf(res.body.campaign.id);
    await eventually(async () => (await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0].status === 'sent');
    const first = await h.gw.gateway.services.matchConnectionAccepted(orgId, { from: 'https://www.linkedin.com/in/person-1' });
    expect(first).toEqual({ matched: true, sequenceIds: [sequenceId] });
    expect((await h.gw.gateway.services.matchConnectionAccepted(orgId, { from: 'person-1' })).matched).toBe(false);
    const event = await eventually(async () => h.receiver!.received.find((r) => r.payload.type === 'sequence.connection.accepted'));
    expect(event.payload.data).toMatchObject({ sequence_id: sequenceId, step_index: 0, channel: 'linkedin' });
    assertWebhookMatchesSpec('sequence.connection.accepted', event.payload);
    assertPublishedWebhook('sequence.connection.accepted', event.payload);
    const stats = await h.gw.api.get(`/api/v2/campaigns/${res.body.campaign.id}/stats`);
    expect(stats.body).toMatchObject({ connectSent: 1, connectAccepted: 1, connectionRate: 1 });
  });

  it('an acceptance posted to a sequence.connection.accepted trigger URL is matched', async () => {
    const res = await draft({
      name: 'invites-2',
      senders: h.senders,
      recipientColumn: 'linkedin',
      steps: [{ channel: 'linkedin', kind: 'connect_request', body: 'Hi', delaySeconds: 0 }],
      rows: { ids: [rows['person3@example.org']] },
    });
    await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/launch`);
    const [sequenceId] = await seqOf(res.body.campaign.id);
    await eventually(async () => (await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0].status === 'sent');
    const trigger = await h.gw.api.post('/api/v2/triggers', { name: 'linkedin', action: 'sequence.connection.accepted' });
    expect(await fetchHook(trigger.body.url, { linkedinSlug: 'person-3', acceptedAt: new Date().toISOString() })).toBe(202);
    const event = await eventually(async () =>
      h.receiver!.received.find((r) => r.payload.type === 'sequence.connection.accepted' && r.payload.data.sequence_id === sequenceId),
    );
    expect(event.payload.data).toMatchObject({
      channel: 'linkedin',
      original_message_id: (await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0].id,
    });
    expect((await h.gw.api.get(`/api/v2/sequences/${sequenceId}`)).body.steps[0].acceptedAt).not.toBeNull();
  });

  it('a reply posted to a sequence.reply trigger URL stops the sequence', async () => {
    const res = await draft({ name: 'via-trigger', steps: [emailStep(), emailStep('later', 3600)], rows: { ids: [rows['person0@example.org']] } });
    await h.gw.api.post(`/api/v2/campaigns/${res.body.campaign.id}/launch`);
    const [sequenceId] = await seqOf(res.body.campaign.id);
    const sent = await eventually(async () => {
      const s = await h.gw.api.get(`/api/v2/sequences/${sequenceId}`);
      return s.body.steps[0].status === 'sent' ? s.body.steps[0] : null;
    });
    const trigger = await h.gw.api.post('/api/v2/triggers', { name: 'inbox', action: 'sequence.reply' });
    expect(trigger.status).toBe(201);
    const hook = await fetchHook(trigger.body.url, {
      from: 'person0@example.org',
      to: 'ada@sales.example.com',
      subject: 'Re: About',
      text: 'Sure',
      inReplyTo: sent.rfcMessageId,
    });
    expect(hook).toBe(202);
    const stopped = await eventually(async () => {
      const s = await h.gw.api.get(`/api/v2/sequences/${sequenceId}`);
      return s.body.status === 'stopped' ? s.body : null;
    });
    expect(stopped).toMatchObject({ stopReason: 'replied', sendStatus: 'replied' });
    expect(stopped.steps[1].status).toBe('cancelled');
  });
});

async function fetchHook(url: string, body: unknown): Promise<number> {
  const path = new URL(url).pathname;
  const res = await h.gw.api.post(path, body, { key: null });
  return res.status;
}
