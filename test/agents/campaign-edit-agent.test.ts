import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../sequences/support/smtp-sink.ts';
import type { ApiClient } from '../support/api-client.ts';
import { eventually } from '../webhooks/support/receiver.ts';
import { attachWorker, newOrg, startAgentGateway, waitForRun } from './agent-harness.ts';
import { assertPublished } from './published-schemas.ts';

// The published editCampaign end to end: a campaign drafted from instructions by the
// example worker is launched, then `{ instructions }` on /edits hands a `campaign.edit`
// task to the same worker, which applies it with PATCH /campaigns/{id}/steps and the
// run's key: the unsent follow-up changes, the sent first step does not.

let gw: Awaited<ReturnType<typeof startAgentGateway>>;
let sink: SmtpSink;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  gw = await startAgentGateway();
  sink = await startSmtpSink();
}, 60_000);

afterAll(async () => {
  for (const fn of cleanups) await fn();
  await gw?.gateway.services.sequenceSendLoop.close();
  await gw?.close();
  await sink?.close();
});

const PEOPLE = [
  { email: 'grace@navy.example', first_name: 'Grace', company: 'Navy' },
  { email: 'alan@bletchley.example', first_name: 'Alan', company: 'Bletchley' },
];

async function setUp(api: ApiClient) {
  const table = await api.post('/api/v2/tables', {
    name: 'Leads',
    columns: ['email', 'first_name', 'company'].map((slug) => ({ name: slug, slug, kind: 'input' })),
  });
  expect(table.status).toBe(201);
  expect((await api.post(`/api/v2/tables/${table.body.id}/rows/upsert`, { rows: PEOPLE, matchColumns: ['email'], enrich: false })).status).toBeLessThan(300);
  const sender = await api.post('/api/v2/senders', {
    channel: 'email',
    name: 'Sales mailbox',
    displayName: 'Ada Sales',
    email: 'ada@sales.example.com',
    smtp: { host: '127.0.0.1', port: sink.port, secure: false },
  });
  expect(sender.status).toBe(201);
  return table.body.id as string;
}

async function explicitDraft(api: ApiClient, tableId: string) {
  const res = await api.post(`/api/v2/tables/${tableId}/campaigns`, {
    name: 'Plain',
    recipientColumn: 'email',
    steps: [{ channel: 'email', subject: 'Hi {{company}}', body: 'Hello {{first_name}}' }],
  });
  expect(res.status).toBe(201);
  return res.body.campaign.id as string;
}

async function steps(api: ApiClient, campaignId: string) {
  const people = await api.get(`/api/v2/campaigns/${campaignId}/people?limit=100`);
  const out = [];
  for (const p of people.body.items) out.push((await api.get(`/api/v2/sequences/${p.sequenceId}`)).body);
  return out as { id: string; recipient: { email: string }; steps: { status: string; subject: string; body: string }[] }[];
}

describe('editCampaign through the example worker', () => {
  it.each(['sync', 'async'] as const)(
    'draft → launch → edit: the unsent step changes, the sent one does not, the run completes (%s worker)',
    async (mode) => {
      const { api } = await newOrg(gw, `edit-loop-${mode}`);
      const tableId = await setUp(api);
      const { worker } = await attachWorker(api, { mode }, (fn) => cleanups.push(fn));

      const drafted = await api.post(`/api/v2/tables/${tableId}/campaigns`, { instructions: 'We help teams ship analytics faster. 2 emails, 3 days apart.' });
      expect(drafted.status).toBe(202);
      const draftRun = await waitForRun(api, drafted.body.agent.id, drafted.body.run.id, (s) => s !== 'running', 20_000);
      expect(draftRun.body.status).toBe('completed');
      const campaignId = draftRun.body.response.actions.find((a: { campaignId?: string }) => a.campaignId).campaignId as string;

      const sentBefore = sink.messages.length;
      expect((await api.post(`/api/v2/campaigns/${campaignId}/launch`, {})).status).toBe(200);
      await sink.until(() => sink.messages.length >= sentBefore + 2, 20_000);
      await eventually(async () => (await steps(api, campaignId)).every((s) => s.steps[0].status === 'sent'), 20_000);
      const before = await steps(api, campaignId);

      const res = await api.post(`/api/v2/campaigns/${campaignId}/edits`, { instructions: 'Please add "(2026 edition)" to the subjects.' });
      expect(res.status).toBe(202);
      expect(res.body.campaign).toEqual({ object: 'campaign', id: campaignId, name: expect.any(String) });
      assertPublished('AgentSummary', res.body.agent);
      assertPublished('Run', res.body.run);
      const run = await waitForRun(api, res.body.agent.id, res.body.run.id, (s) => s !== 'running', 20_000);
      expect(run.body.status, JSON.stringify(run.body.response)).toBe('completed');
      expect(run.body.response.actions).toEqual([
        expect.objectContaining({ type: 'columns_updated', tableId, campaignId, changedSteps: [1], sequencesUpdated: 2 }),
      ]);

      // The worker was told what to edit and what it may not touch.
      const request = worker.requests.find((r) => r.run.id === res.body.run.id);
      expect(request?.task).toMatchObject({
        type: 'campaign.edit',
        campaignId,
        tableId,
        instructions: 'Please add "(2026 edition)" to the subjects.',
        steps: [
          { index: 0, sent: 2, editable: false },
          { index: 1, sent: 0, editable: true },
        ],
      });
      expect(worker.apiCalls.some((c) => c.url.endsWith(`/campaigns/${campaignId}/steps`) && c.status === 200)).toBe(true);

      for (const seq of await steps(api, campaignId)) {
        const old = before.find((s) => s.id === seq.id)!;
        expect(seq.steps[0]).toEqual(old.steps[0]);
        expect(seq.steps[1].subject).toBe(`${old.steps[1].subject} (2026 edition)`);
        expect(seq.steps[1].status).toBe('scheduled');
      }
      const campaign = await api.get(`/api/v2/campaigns/${campaignId}`);
      expect(campaign.body.steps[1].subject).toMatch(/ \(2026 edition\)$/);
      expect(campaign.body.steps[0].subject).not.toMatch(/2026/);
    },
    90_000,
  );

  it('answers the published errors: 404 CAMPAIGN_NOT_FOUND, 409 NO_AGENT_WORKER, 409 AGENT_BUSY, 429 CONCURRENT_LIMIT_EXCEEDED', async () => {
    const { api } = await newOrg(gw, 'edit-errors');
    const tableId = await setUp(api);
    const campaignId = await explicitDraft(api, tableId);
    const other = await explicitDraft(api, tableId);

    const missing = await api.post(`/api/v2/campaigns/${crypto.randomUUID()}/edits`, { instructions: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CAMPAIGN_NOT_FOUND');
    const noWorker = await api.post(`/api/v2/campaigns/${campaignId}/edits`, { instructions: 'add "x" to the subjects' });
    expect(noWorker.status).toBe(409);
    expect(noWorker.body.code).toBe('NO_AGENT_WORKER');

    await attachWorker(api, { mode: 'async', maxConcurrentRuns: 2 }, (fn) => cleanups.push(fn));
    // "never" holds the run open in the example worker: the campaign's edit agent stays busy.
    const first = await api.post(`/api/v2/campaigns/${campaignId}/edits`, { instructions: 'never mind the copy, add "x" to the subjects' });
    expect(first.status).toBe(202);
    const busy = await api.post(`/api/v2/campaigns/${campaignId}/edits`, { instructions: 'add "y" to the subjects' });
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'AGENT_BUSY', currentRun: { id: first.body.run.id } });

    // Another campaign has its own edit agent, but the worker's cap is reached.
    const filler = await api.post('/api/v2/agents', { prompt: 'never answer' });
    expect(filler.status).toBe(202);
    const capped = await api.post(`/api/v2/campaigns/${other}/edits`, { instructions: 'add "z" to the subjects' });
    expect(capped.status).toBe(429);
    expect(capped.body.code).toBe('CONCURRENT_LIMIT_EXCEEDED');

    // Once the busy run ends, the campaign's edit agent takes the next request.
    expect((await api.post(`/api/v2/agents/${first.body.agent.id}/cancel`, {})).status).toBeLessThan(300);
    await waitForRun(api, first.body.agent.id, first.body.run.id, (s) => s !== 'running', 20_000);
    const next = await api.post(`/api/v2/campaigns/${campaignId}/edits`, { instructions: 'add "y" to the subjects' });
    expect(next.status).toBe(202);
    expect(next.body.agent.id).toBe(first.body.agent.id);
    const done = await waitForRun(api, next.body.agent.id, next.body.run.id, (s) => s !== 'running', 20_000);
    expect(done.body.status).toBe('completed');
    expect((await api.get(`/api/v2/campaigns/${campaignId}`)).body.steps[0].subject).toBe('Hi {{company}} y');
  }, 90_000);
});
