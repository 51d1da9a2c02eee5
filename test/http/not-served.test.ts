import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadSpec } from '../../src/http/openapi/spec.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { hasPublishedApi, loadPublishedApi } from '../support/published-reference.ts';

// Published operations the gateway does not serve answer 501 NOT_IMPLEMENTED in the
// error envelope, after authentication: "not here" is not "not found".

const ops = listOperations(loadSpec());
const notServed = ops.filter((op) => op.notServed);
const fill = (path: string) => path.replace(/\{[^}]+\}/g, () => crypto.randomUUID());

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('published operations not served', () => {
  it('covers workspaces, documents, scheduled agents, projects and account', () => {
    const ids = notServed.map((op) => op.operationId);
    for (const id of [
      'listWorkspaces',
      'uploadWorkspaceDocuments',
      'listScheduledAgents',
      'triggerScheduledAgent',
      'listProjects',
      'getAccount',
      'getAccountCredits',
    ])
      expect(ids).toContain(id);
    expect(notServed.every((op) => op.published)).toBe(true);
  });

  it.skipIf(!hasPublishedApi)('are exactly the published operations without a handler', () => {
    const doc = loadPublishedApi();
    const published = Object.values(doc.paths).flatMap((item) =>
      ['get', 'post', 'put', 'patch', 'delete'].flatMap((m) => (item[m] ? [(item[m] as { operationId: string }).operationId] : [])),
    );
    const served = new Set(ops.filter((op) => !op.notServed).map((op) => op.operationId));
    expect(notServed.map((op) => op.operationId).sort()).toEqual(published.filter((id) => !served.has(id)).sort());
  });

  it.each(notServed.map((op) => [op.operationId, op] as const))('%s answers 501 NOT_IMPLEMENTED in the envelope', async (_id, op) => {
    const path = fill(op.path);
    const method = op.method as 'get' | 'post' | 'patch' | 'delete';
    const res = method === 'get' ? await gw.api.get(path) : await gw.api[method](path, {});
    expect(res.status).toBe(501);
    expect(res.body).toMatchObject({ code: 'NOT_IMPLEMENTED', details: { operationId: op.operationId } });
    expect(res.body.error).toContain(op.operationId);
  });

  it('authenticates first', async () => {
    const res = await gw.api.get('/api/v2/workspaces', { key: null });
    expect(res.status).toBe(401);
    const wrongScope = await gw.gateway.services.apiKeys.create((await gw.gateway.services.organizations.ensure('default')).id, {
      name: 'reader',
      scopes: ['read'],
    });
    const forbidden = await gw.api.withKey(wrongScope.key).post('/api/v2/projects', { name: 'p' });
    expect(forbidden.status).toBe(403);
  });
});
