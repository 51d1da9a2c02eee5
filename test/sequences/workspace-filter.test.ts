import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWorker } from '../agents/agent-harness.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// listSequences?workspaceId= agrees with the workspaceId values the gateway returns: an
// agent is its own container, so its workspaceId lists the sequences of its tables.

let gw: TestGateway;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  for (const fn of cleanups) await fn();
  await gw.close();
});

async function tableWithCampaign(name: string, emails: string[]) {
  const table = await gw.api.post('/api/v2/tables', { name, columns: [{ name: 'email', kind: 'input' }] });
  expect(table.status).toBe(201);
  const upsert = await gw.api.post(`/api/v2/tables/${table.body.id}/rows/upsert`, {
    rows: emails.map((email) => ({ email })),
    matchColumns: ['email'],
    enrich: false,
  });
  expect(upsert.status).toBeLessThan(300);
  const campaign = await gw.api.post(`/api/v2/tables/${table.body.id}/campaigns`, {
    name,
    recipientColumn: 'email',
    steps: [{ channel: 'email', subject: 'Hello', body: 'Hi {{email}}' }],
  });
  expect(campaign.status).toBe(201);
  return table.body.id as string;
}

describe('listSequences?workspaceId=', () => {
  it('lists the sequences of the tables linked to the agent whose workspaceId it is', async () => {
    const linked = await tableWithCampaign('Linked', ['a@x.example', 'b@x.example']);
    const other = await tableWithCampaign('Other', ['c@x.example']);
    await attachWorker(gw.api, {}, (fn) => void cleanups.push(fn));
    const created = await gw.api.post('/api/v2/agents', { prompt: 'look at the linked table', focusTableIds: [linked] });
    expect(created.status).toBe(202);
    const workspaceId = created.body.agent.workspaceId as string;
    expect(workspaceId).toBeTruthy();

    const scoped = await gw.api.get(`/api/v2/sequences?workspaceId=${workspaceId}`);
    expect(scoped.status).toBe(200);
    expect(scoped.body.items).toHaveLength(2);
    expect(scoped.body.items.every((s: { tableId: string }) => s.tableId === linked)).toBe(true);
    // Paging walks the same set.
    const first = await gw.api.get(`/api/v2/sequences?workspaceId=${workspaceId}&limit=1`);
    const second = await gw.api.get(`/api/v2/sequences?workspaceId=${workspaceId}&limit=1&cursor=${first.body.nextCursor}`);
    expect([first.body.items[0].id, second.body.items[0].id].sort()).toEqual(scoped.body.items.map((s: { id: string }) => s.id).sort());

    // Combined filters narrow each other.
    expect((await gw.api.get(`/api/v2/sequences?workspaceId=${workspaceId}&tableId=${linked}`)).body.items).toHaveLength(2);
    expect((await gw.api.get(`/api/v2/sequences?workspaceId=${workspaceId}&tableId=${other}`)).body.items).toEqual([]);
    expect((await gw.api.get(`/api/v2/sequences?tableId=${other}`)).body.items).toHaveLength(1);

    const unknown = await gw.api.get(`/api/v2/sequences?workspaceId=${crypto.randomUUID()}`);
    expect(unknown.status).toBe(200);
    expect(unknown.body.items).toEqual([]);
  });
});
