import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/shared/clock.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { createTrigger, postHook } from './support.ts';

let gw: TestGateway;
const clock = manualClock(new Date());

beforeAll(async () => {
  gw = await startTestGateway({ clock, env: { OG_PUBLIC_URL: 'https://hooks.example.test' } });
});
afterAll(async () => gw?.close());

describe('trigger management', () => {
  it('returns the URL and a generated secret once; get and list show neither', async () => {
    const t = await createTrigger(gw, { name: 'leads', action: 'event', verification: { type: 'standard-webhooks' } });
    expect(t.url).toMatch(/^https:\/\/hooks\.example\.test\/hooks\/[A-Za-z0-9_-]{70,}$/);
    expect(t.secret).toMatch(/^whsec_/);
    expect(t.verification).toEqual({ type: 'standard-webhooks', secretLast4: t.secret!.slice(-4) });
    const got = await gw.api.get(`/api/v2/triggers/${t.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('url');
    expect(got.body).not.toHaveProperty('secret');
    const list = await gw.api.get('/api/v2/triggers');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(t.id);
    for (const item of list.body.items) expect(item).not.toHaveProperty('url');
  });

  it('keeps a given secret without echoing it', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const t = await createTrigger(gw, { name: 'given', action: 'event', verification: { type: 'standard-webhooks', secret } });
    expect(t).not.toHaveProperty('secret');
    expect(t.verification).toEqual({ type: 'standard-webhooks', secretLast4: 'LaSw' });
  });

  it.each([
    ['an invalid JSON Schema', { name: 'x', action: 'event', schema: { type: 'no-such-type' } }],
    ['rows.upsert without a table', { name: 'x', action: 'rows.upsert' }],
    ['rows.upsert on a table the organization lacks', { name: 'x', action: 'rows.upsert', tableId: '01900000-0000-7000-8000-000000000000' }],
    ['a mapping that is not a pointer', { name: 'x', action: 'event', mapping: { email: 'email' } }],
    ['an unknown action', { name: 'x', action: 'rows.delete' }],
    ['an hmac without a secret', { name: 'x', action: 'event', verification: { type: 'hmac', header: 'x-sig', algorithm: 'sha256', encoding: 'hex' } }],
  ])('rejects %s with 400', async (_label, body) => {
    const res = await gw.api.post('/api/v2/triggers', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
  });

  it("needs the admin scope, and hides other organizations' triggers", async () => {
    const t = await createTrigger(gw, { name: 'scoped', action: 'event' });
    const org = await gw.gateway.services.organizations.ensure('other-org');
    const writer = await gw.gateway.services.apiKeys.create(org.id, { name: 'w', scopes: ['write'] });
    const admin = await gw.gateway.services.apiKeys.create(org.id, { name: 'a', scopes: ['admin'] });
    expect((await gw.api.withKey(writer.key).get('/api/v2/triggers')).status).toBe(403);
    const other = gw.api.withKey(admin.key);
    expect((await other.get(`/api/v2/triggers/${t.id}`)).status).toBe(404);
    expect((await other.delete(`/api/v2/triggers/${t.id}`)).status).toBe(404);
    expect((await other.get(`/api/v2/triggers/${t.id}/events`)).status).toBe(404);
  });

  it('updates, disables and deletes; a disabled or deleted URL answers the same 404', async () => {
    const t = await createTrigger(gw, { name: 'lifecycle', action: 'event' });
    expect((await postHook(gw, t.url, '{}')).status).toBe(202);
    const patched = await gw.api.patch(`/api/v2/triggers/${t.id}`, { name: 'renamed', enabled: false, rateLimitPerMinute: 10 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'renamed', enabled: false, rateLimitPerMinute: 10 });
    const disabled = await postHook(gw, t.url, '{}');
    expect(disabled.status).toBe(404);
    await gw.api.patch(`/api/v2/triggers/${t.id}`, { enabled: true });
    expect((await postHook(gw, t.url, '{}')).status).toBe(202);
    expect((await gw.api.delete(`/api/v2/triggers/${t.id}`)).status).toBe(200);
    const deleted = await postHook(gw, t.url, '{}');
    expect(deleted.status).toBe(404);
    expect(deleted.body).toEqual(disabled.body);
    expect((await gw.api.get(`/api/v2/triggers/${t.id}`)).status).toBe(404);
  });

  it('rotates the URL: the old one works for the grace period (injected clock), then 404', async () => {
    const t = await createTrigger(gw, { name: 'rotating', action: 'event' });
    const rotated = await gw.api.post(`/api/v2/triggers/${t.id}/rotate-url`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(t.url);
    expect(Date.parse(rotated.body.previousUrlExpiresAt) - clock.now().getTime()).toBe(24 * 3600_000);
    expect((await postHook(gw, t.url, '{}')).status).toBe(202);
    expect((await postHook(gw, rotated.body.url, '{}')).status).toBe(202);
    clock.advance(24 * 3600_000 - 1000);
    expect((await postHook(gw, t.url, '{}')).status).toBe(202);
    clock.advance(2000);
    expect((await postHook(gw, t.url, '{}')).status).toBe(404);
    expect((await postHook(gw, rotated.body.url, '{}')).status).toBe(202);
    // A second rotation ends the first URL's successor's predecessor at once.
    const again = await gw.api.post(`/api/v2/triggers/${t.id}/rotate-url`, { graceSeconds: 0 });
    expect((await postHook(gw, rotated.body.url, '{}')).status).toBe(404);
    expect((await postHook(gw, again.body.url, '{}')).status).toBe(202);
  });

  it('forgets a dedup key after 24 h (injected clock): the same webhook-id is accepted again', async () => {
    const t = await createTrigger(gw, { name: 'dedup-window', action: 'event' });
    const headers = { 'webhook-id': 'msg_window_1' };
    const first = await postHook(gw, t.url, '{}', { headers });
    expect(first.status).toBe(202);
    clock.advance(24 * 3600_000 - 1000);
    const within = await postHook(gw, t.url, '{}', { headers });
    expect(within.status).toBe(200);
    expect(within.body.id).toBe(first.body.id);
    clock.advance(2000);
    const after = await postHook(gw, t.url, '{}', { headers });
    expect(after.status).toBe(202);
    expect(after.body.id).not.toBe(first.body.id);
    expect((await postHook(gw, t.url, '{}', { headers })).body).toEqual({ id: after.body.id, duplicate: true });
  });
});
