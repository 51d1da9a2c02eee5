import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/shared/clock.ts';
import { listOperations, loadSpec } from '../../src/http/openapi/spec.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// Console portal sessions: a short-lived, single-purpose credential. Which operations it
// reaches is read from the spec (`x-og-portal`), so every other operation, present or
// future, is checked to refuse it.

const OPS = listOperations(loadSpec()).filter((op) => op.scope !== 'none' && !op.notServed);
const fill = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

let gw: TestGateway;
const clock = manualClock(new Date());
beforeAll(async () => {
  gw = await startTestGateway({ clock: { now: () => clock.now() } });
});
afterAll(() => gw.close());

async function portalToken(scopes?: string[], key = gw.adminKey): Promise<string> {
  const res = await gw.api.post('/api/v2/portal-sessions', scopes ? { scopes } : {}, { key });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const match = /#portal=(og_portal_[A-Za-z0-9_-]+)$/.exec(res.body.url);
  expect(match, res.body.url).not.toBeNull();
  return (match as RegExpExecArray)[1];
}

describe('portal sessions', () => {
  it('returns a console URL carrying an og_portal_ token (never an API key) in its fragment', async () => {
    const res = await gw.api.post('/api/v2/portal-sessions', { expiresInSeconds: 600 });
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(new RegExp(`^${gw.config.publicUrl}/console/#portal=og_portal_`));
    expect(res.body.url).not.toContain('og_live_');
    expect(res.body.scopes).toEqual(['webhooks']);
    expect(new Date(res.body.expiresAt).getTime() - clock.now().getTime()).toBe(600_000);
    const who = await gw.api.get('/api/v2/whoami', { key: await portalToken() });
    expect(who.body).toMatchObject({ object: 'credential', kind: 'portal_session', keyId: null, areas: ['webhooks'] });
  });

  it('refuses every operation outside its areas with 403 in the envelope, spec-driven', async () => {
    const token = await portalToken();
    const refused: string[] = [];
    for (const op of OPS) {
      const allowed = op.portalArea === 'any' || op.portalArea === 'webhooks';
      const res =
        op.method === 'get' ? await gw.api.get(fill(op.path), { key: token }) : await gw.api[op.method as 'post'](fill(op.path), undefined, { key: token });
      if (allowed) {
        expect(res.status, `${op.operationId} should be reachable`).not.toBe(403);
        continue;
      }
      expect([op.operationId, res.status, res.body]).toEqual([
        op.operationId,
        403,
        { error: 'A console portal session cannot use this operation', code: 'FORBIDDEN' },
      ]);
      refused.push(op.operationId);
    }
    // The ones a customer must never reach, named so a spec change cannot open them silently.
    expect(refused).toEqual(
      expect.arrayContaining([
        'listApiKeys',
        'createApiKey',
        'revokeApiKey',
        'listTriggers',
        'createTrigger',
        'createPortalSession',
        'listEvents',
        'listTables',
      ]),
    );
  });

  it('reaches the areas it was given, and only its own organization', async () => {
    const other = await gw.gateway.services.organizations.ensure('portal-other-org');
    const otherKey = (await gw.gateway.services.apiKeys.create(other.id, { name: 'other', scopes: ['admin'] })).key;
    const theirs = await gw.api.post('/api/v2/webhooks', { url: 'https://other.example/hook', events: [] }, { key: otherKey });
    const mine = await gw.api.post('/api/v2/webhooks', { url: 'https://mine.example/hook', events: [] });
    const token = await portalToken(['webhooks', 'triggers']);
    expect((await gw.api.get('/api/v2/triggers', { key: token })).status).toBe(200);
    expect((await gw.api.get(`/api/v2/webhooks/${mine.body.id}`, { key: token })).status).toBe(200);
    const cross = await gw.api.get(`/api/v2/webhooks/${theirs.body.id}`, { key: token });
    expect(cross.status).toBe(404);
    const list = await gw.api.get('/api/v2/webhooks?limit=100', { key: token });
    expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(theirs.body.id);
    expect((await gw.api.get('/api/v2/api-keys', { key: token })).status).toBe(403);
  });

  it('expires, and a read key cannot open one', async () => {
    const res = await gw.api.post('/api/v2/portal-sessions', { expiresInSeconds: 60 });
    const token = /#portal=(.+)$/.exec(res.body.url)?.[1] as string;
    expect((await gw.api.get('/api/v2/webhooks', { key: token })).status).toBe(200);
    clock.advance(61_000);
    const expired = await gw.api.get('/api/v2/webhooks', { key: token });
    expect([expired.status, expired.body]).toEqual([401, { error: 'The portal session has expired', code: 'UNAUTHORIZED' }]);
    const forged = await gw.api.get('/api/v2/webhooks', { key: `${token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    const reader = await gw.api.post('/api/v2/api-keys', { name: 'reader', scopes: ['read'] });
    const refused = await gw.api.post('/api/v2/portal-sessions', {}, { key: reader.body.key });
    expect(refused.status).toBe(403);
    const bad = await gw.api.post('/api/v2/portal-sessions', { scopes: ['api-keys'] });
    expect(bad.status).toBe(400);
  });
});
