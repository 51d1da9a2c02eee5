import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../webhooks/support/receiver.ts';
import { CHROMIUM, eventually, expectAccessible, openPage, screenshots, signIn, startConsoleHarness, type ConsoleHarness } from './support.ts';

// The console in a real browser: inbound triggers (create, post, see, replay), API keys
// (create, revoke) and a portal session that cannot reach keys, triggers or another org.

describe.skipIf(!CHROMIUM)('console: triggers, keys and portal sessions in Chromium', { timeout: 90_000 }, () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsoleHarness();
  });
  afterAll(() => h?.close());

  it('creates a trigger, shows what was posted to its URL, and replays it', async () => {
    const receiver = await startReceiver();
    await h.gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['trigger.*'], name: 'Order sink' });
    const { page, problems } = await openPage(h);
    await signIn(page, h.base, h.gw.adminKey);
    await page.getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('heading', { name: 'Triggers', exact: true }).waitFor();
    await expect.poll(() => page.getByText('No triggers yet').count()).toBe(1);
    await expectAccessible(page, 'triggers (empty)');
    await page.getByRole('button', { name: 'New trigger' }).click();
    await page.getByLabel('Name').fill('Orders');
    await page.getByLabel('Action').selectOption('event');
    const schema = page.getByLabel('JSON Schema of the body (optional)');
    await schema.fill('{ "type": "object", "required": ["order"] ');
    await expect.poll(() => page.locator('#trigger-schema-check').textContent()).toContain('Not valid JSON yet');
    await schema.fill('{ "type": "object", "required": ["order"] }');
    await expect.poll(() => page.locator('#trigger-schema-check').textContent()).toBe('Valid JSON object.');
    await page.getByLabel('Sender verification').selectOption('none');
    await expectAccessible(page, 'trigger form');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    const url = (await page.locator('[data-secret]').first().textContent()) as string;
    expect(url).toMatch(new RegExp(`^${h.base}/hooks/`));

    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nope: 1 }) });
    expect(refused.status).toBe(422);
    const posted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: 'A-17' }) });
    expect(posted.status).toBe(202);

    await page.getByRole('link', { name: 'Open Orders' }).click();
    await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
    const events = page.getByRole('list', { name: 'Received events' }).getByRole('listitem');
    await eventually(async () => {
      await page.reload();
      await events.filter({ hasText: 'processed' }).first().waitFor({ timeout: 500 });
    });
    await events.first().getByText('Body').click();
    expect(await events.first().locator('pre').first().textContent()).toContain('"order": "A-17"');
    await expectAccessible(page, 'trigger page', { bothThemes: true });
    await screenshots(page, 'trigger');
    // The schema can be edited; an invalid one is refused in words.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('JSON Schema of the body').fill('{ "type": "no-such-type" }');
    await page.getByRole('button', { name: 'Save trigger' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('HTTP 4');
    await page.getByLabel('JSON Schema of the body').fill('{ "type": "object", "required": ["order", "total"] }');
    await page.getByRole('button', { name: 'Save trigger' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    await expect
      .poll(async () => (await h.gw.api.get(`/api/v2/triggers/${(await h.gw.api.get('/api/v2/triggers')).body.items[0].id}`)).body.schema.required)
      .toEqual(['order', 'total']);
    await events.first().getByRole('button', { name: 'Replay' }).click();
    await expect
      .poll(async () => (await page.locator('#toast').textContent()) || (await page.getByRole('alert').allTextContents()).join(' '))
      .toBe('Event queued again');
    await eventually(async () => {
      await page.reload();
      await events.first().getByText('replayed 1×').waitFor({ timeout: 500 });
    });

    // The `event` action fans out trigger.received: the event log shows it.
    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    await page.getByLabel('Type').selectOption('trigger.*');
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.getByRole('row').filter({ hasText: 'trigger.received' }).first();
    await eventually(async () => {
      await page.reload();
      await row.waitFor({ timeout: 500 });
    });
    await expectAccessible(page, 'events');
    await screenshots(page, 'events');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'trigger.received' }).waitFor();
    expect(await page.getByLabel('Event envelope').textContent()).toContain('A-17');
    // The endpoints it went to.
    const delivered = page.getByRole('row').filter({ hasText: 'Order sink' });
    await eventually(async () => {
      await page.reload();
      await delivered.getByText('delivered').waitFor({ timeout: 500 });
    });
    expect(problems).toEqual([]);
  });

  it('creates a key (shown once) and revokes it', async () => {
    const { page, problems } = await openPage(h, { colorScheme: 'dark' });
    await signIn(page, h.base, h.gw.adminKey);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    await page.getByLabel('Name').fill('ci deploys');
    await page.getByLabel('write').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.locator('[data-secret]').textContent()) as string;
    expect(key).toMatch(/^og_live_/);
    expect((await h.gw.api.get('/api/v2/events', { key })).status).toBe(200);
    await expectAccessible(page, 'keys (dark)');
    await screenshots(page, 'keys');
    await page.getByRole('button', { name: 'Revoke ci deploys' }).click();
    await page.getByRole('row').filter({ hasText: 'ci deploys' }).getByText('revoked').waitFor();
    expect((await h.gw.api.get('/api/v2/events', { key })).status).toBe(401);
    expect(problems).toEqual([]);
  });

  it('opens a portal session that reaches its own endpoints only: no keys, no triggers, no other organization', async () => {
    const other = await h.gw.gateway.services.organizations.ensure('someone-else');
    const otherKey = (await h.gw.gateway.services.apiKeys.create(other.id, { name: 'x', scopes: ['admin'] })).key;
    const theirs = (await h.gw.api.post('/api/v2/webhooks', { url: 'https://theirs.example/hook', events: [] }, { key: otherKey })).body;
    await h.gw.api.post('/api/v2/webhooks', { url: 'https://mine.example/hook', events: [], name: 'Customer endpoint' });
    // An admin makes the link in the console.
    const admin = await openPage(h);
    await signIn(admin.page, h.base, h.gw.adminKey);
    await admin.page.getByRole('link', { name: 'API keys' }).click();
    await admin.page.getByLabel('Expires after').selectOption('15');
    await admin.page.getByRole('button', { name: 'Create portal link' }).click();
    const url = (await admin.page.locator('[data-secret]').textContent()) as string;
    expect(url).toMatch(new RegExp(`^${h.base}/console/#portal=og_portal_`));
    await expectAccessible(admin.page, 'portal link');
    await admin.page.context().close();
    const { page, problems } = await openPage(h);
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    expect(page.url()).not.toContain('og_portal_');
    const links = await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents();
    expect(links).toEqual(['Overview', 'Endpoints', 'Deliveries']);
    expect(await page.locator('#who').textContent()).toContain('portal session');
    await page.goto(`${h.base}/console/#/endpoints`);
    await page.getByRole('link', { name: 'Customer endpoint' }).waitFor();
    expect(await page.getByText('theirs.example').count()).toBe(0);
    await page.goto(`${h.base}/console/#/keys`);
    await page.getByRole('heading', { name: 'Not available', exact: true }).waitFor();
    // The server refuses too, whatever the page shows.
    const direct = await page.evaluate(async () => {
      const token = sessionStorage.getItem('og-console.credential');
      const res = await fetch('/api/v2/api-keys', { headers: { authorization: `Bearer ${token}` } });
      const triggers = await fetch('/api/v2/triggers', { headers: { authorization: `Bearer ${token}` } });
      return { keys: [res.status, await res.json()], triggers: triggers.status };
    });
    expect(direct).toEqual({ keys: [403, { error: 'A console portal session cannot use this operation', code: 'FORBIDDEN' }], triggers: 403 });
    await page.goto(`${h.base}/console/#/endpoints/${theirs.id}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('HTTP 404');
    await expectAccessible(page, 'portal error');
    expect(problems).toEqual([]);
  });
});
