import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWorker, newOrg, startAgentGateway } from '../agents/agent-harness.ts';
import type { TestGateway } from '../support/test-gateway.ts';

// The published `{ instructions }` campaign form hands drafting to the organization's
// agent worker: 202 { agent, run, table }, or 409 NO_AGENT_WORKER without a worker.

let gw: TestGateway & { baseUrl: string };
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  gw = await startAgentGateway();
}, 60_000);

afterAll(async () => {
  for (const fn of cleanups) await fn();
  await gw?.close();
});

describe('createTableCampaign with instructions', () => {
  it.each(['campaigns', 'sequences'])('starts an agent run focused on the table (POST /tables/{id}/%s)', async (path) => {
    const { api } = await newOrg(gw, `instructions-${path}`);
    const table = await api.post('/api/v2/tables', { name: 'Leads', columns: [{ name: 'email', kind: 'input' }] });
    const before = await api.post(`/api/v2/tables/${table.body.id}/${path}`, { instructions: 'Email every lead' });
    expect(before.status).toBe(409);
    expect(before.body.code).toBe('NO_AGENT_WORKER');
    await attachWorker(api, {}, (fn) => cleanups.push(fn));
    const res = await api.post(`/api/v2/tables/${table.body.id}/${path}`, { instructions: 'Email every lead' });
    expect(res.status).toBe(202);
    expect(res.body.table).toEqual({ object: 'table', id: table.body.id, name: 'Leads' });
    expect(res.body.run.id).toMatch(/^v2_run-/);
    const run = await api.get(`/api/v2/agents/${res.body.agent.id}/runs/${res.body.run.id}`);
    expect(run.status).toBe(200);
  });
});
