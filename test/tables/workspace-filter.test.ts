import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWorker } from '../agents/agent-harness.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// The workspaceId filter agrees with the workspaceId values the gateway returns: each
// agent is its own container, so its workspaceId lists the tables linked to it.

let gw: TestGateway;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  for (const fn of cleanups) await fn();
  await gw.close();
});

describe('listTables?workspaceId=', () => {
  it('lists the tables linked to the agent whose workspaceId it is', async () => {
    const table = (name: string) => gw.api.post('/api/v2/tables', { name, columns: [{ name: 'email', kind: 'input' }] });
    const linked = (await table('Linked')).body;
    const other = (await table('Other')).body;
    await attachWorker(gw.api, {}, (fn) => void cleanups.push(fn));
    const created = await gw.api.post('/api/v2/agents', { prompt: 'look at the linked table', focusTableIds: [linked.id] });
    expect(created.status).toBe(202);
    const workspaceId = created.body.agent.workspaceId;
    expect(workspaceId).toBeTruthy();

    const scoped = await gw.api.get(`/api/v2/tables?workspaceId=${workspaceId}`);
    expect(scoped.status).toBe(200);
    expect(scoped.body.items.map((t: { id: string }) => t.id)).toEqual([linked.id]);
    expect(scoped.body.nextCursor).toBeNull();

    const unknown = await gw.api.get(`/api/v2/tables?workspaceId=${crypto.randomUUID()}`);
    expect(unknown.body.items).toEqual([]);
    const all = await gw.api.get('/api/v2/tables');
    expect(all.body.items.map((t: { id: string }) => t.id).sort()).toEqual([linked.id, other.id].sort());
  });
});
