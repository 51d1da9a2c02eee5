import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../sequences/support/smtp-sink.ts';
import type { ApiClient } from '../support/api-client.ts';
import { attachWorker, newOrg, startAgentGateway, waitForRun } from './agent-harness.ts';

// The published `{ instructions }` campaign form end to end: the gateway hands a
// `campaign.draft` task to the example worker, which drafts the campaign through the v2
// API with the run's short-lived key; the drafted sequences read back through
// listTableSequences and, once launched, send through a real SMTP server on loopback.
// (No worker → 409 NO_AGENT_WORKER is covered in test/sequences/campaign-instructions.test.ts.)

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
  { email: 'ada@engines.example', first_name: 'Ada', company: 'Engines' },
];

async function peopleTable(api: ApiClient) {
  const table = await api.post('/api/v2/tables', {
    name: 'Leads',
    columns: ['email', 'first_name', 'company'].map((slug) => ({ name: slug, slug, kind: 'input' })),
  });
  expect(table.status).toBe(201);
  const upsert = await api.post(`/api/v2/tables/${table.body.id}/rows/upsert`, { rows: PEOPLE, matchColumns: ['email'], enrich: false });
  expect(upsert.status).toBeLessThan(300);
  return table.body.id as string;
}

async function emailSender(api: ApiClient) {
  const res = await api.post('/api/v2/senders', {
    channel: 'email',
    name: 'Sales mailbox',
    displayName: 'Ada Sales',
    email: 'ada@sales.example.com',
    smtp: { host: '127.0.0.1', port: sink.port, secure: false },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('a campaign drafted from instructions by the example worker', () => {
  it.each(['sync', 'async'] as const)(
    'drafts 3 readable sequences, names the campaign in the run, and sends once launched (%s worker)',
    async (mode) => {
      const { api } = await newOrg(gw, `draft-from-instructions-${mode}`);
      const tableId = await peopleTable(api);
      const senderId = await emailSender(api);
      const { worker } = await attachWorker(api, { mode }, (fn) => cleanups.push(fn));

      const res = await api.post(`/api/v2/tables/${tableId}/campaigns`, { instructions: `We help teams ship analytics faster (${mode}). 2 emails, no delay.` });
      expect(res.status).toBe(202);
      expect(res.body.table.id).toBe(tableId);
      const run = await waitForRun(api, res.body.agent.id, res.body.run.id, (s) => s !== 'running', 20_000);
      expect(run.body.status, JSON.stringify(run.body.response)).toBe('completed');

      // The worker was told explicitly what to do, and with which senders.
      const request = worker.requests.find((r) => r.run.id === res.body.run.id);
      expect(request?.task).toMatchObject({ type: 'campaign.draft', tableId, senders: [{ id: senderId, channel: 'email', email: 'ada@sales.example.com' }] });
      expect(worker.apiCalls.map((c) => c.status)).toEqual(expect.arrayContaining([200, 201]));

      const action = run.body.response.actions.find((a: { campaignId?: string }) => a.campaignId);
      expect(action).toMatchObject({ type: 'column_added', tableId });
      expect(run.body.response.tables.map((t: { id: string }) => t.id)).toContain(tableId);
      const campaign = await api.get(`/api/v2/campaigns/${action.campaignId}`);
      expect(campaign.status).toBe(200);
      expect(campaign.body.senders.email).toBe(senderId);
      expect(campaign.body.steps.map((s: { delaySeconds: number }) => s.delaySeconds)).toEqual([0, 0]);

      const listed = await api.get(`/api/v2/tables/${tableId}/sequences?limit=100`);
      const mine = listed.body.items.filter((s: { campaignId: string }) => s.campaignId === action.campaignId);
      expect(mine).toHaveLength(3);
      expect(mine.every((s: { status: string; columnId: string }) => s.status === 'draft' && s.columnId === action.columnId)).toBe(true);
      for (const summary of mine) {
        const seq = await api.get(`/api/v2/sequences/${summary.id}`);
        const person = PEOPLE.find((p) => p.email === seq.body.recipient.email)!;
        expect(seq.body.steps).toHaveLength(2);
        expect(seq.body.steps[0].subject).toBe(`An idea for ${person.company}`);
        expect(seq.body.steps[0].body).toContain(`Hi ${person.first_name},`);
        expect(seq.body.steps[0].body).toContain('We help teams ship analytics faster');
        expect(seq.body.steps[1].subject).toBe(`Re: An idea for ${person.company}`);
      }

      // The draft is a real campaign: launching it sends every step through SMTP.
      const before = sink.messages.length;
      expect((await api.post(`/api/v2/campaigns/${action.campaignId}/launch`)).status).toBe(200);
      await sink.until(() => sink.messages.length >= before + 6, 20_000);
      const sent = sink.messages.slice(before);
      expect(new Set(sent.flatMap((m) => m.envelopeTo))).toEqual(new Set(PEOPLE.map((p) => p.email)));
    },
    60_000,
  );

  it('asks for an email sender instead of drafting when the organization has none', async () => {
    const { api } = await newOrg(gw, 'draft-from-instructions-no-sender');
    const tableId = await peopleTable(api);
    await attachWorker(api, {}, (fn) => cleanups.push(fn));
    const res = await api.post(`/api/v2/tables/${tableId}/campaigns`, { instructions: 'Introduce our product.' });
    expect(res.status).toBe(202);
    const run = await waitForRun(api, res.body.agent.id, res.body.run.id, (s) => s !== 'running', 20_000);
    expect(run.body.status).toBe('needs_input');
    expect(run.body.todo.pendingQuestions[0].question).toMatch(/email sender/);
    expect((await api.get(`/api/v2/tables/${tableId}/campaigns`)).body.items).toHaveLength(0);
  }, 60_000);
});
