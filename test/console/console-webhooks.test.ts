import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../webhooks/support/receiver.ts';
import { CHROMIUM, eventually, expectAccessible, openPage, screenshots, signIn, startConsoleHarness, type ConsoleHarness } from './support.ts';

// The console in a real browser: sign-in, endpoints, deliveries with their attempts,
// Redeliver and Recover, against a gateway on loopback and loopback receivers.

describe.skipIf(!CHROMIUM)('console: endpoints and deliveries in Chromium', { timeout: 90_000 }, () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsoleHarness();
  });
  afterAll(() => h?.close());

  it('shows a wrong key’s error in words and loads in under a second', async () => {
    const { page, problems } = await openPage(h);
    // One load warms the browser process; the measured one starts from an empty cache.
    await page.goto(`${h.base}/console/`);
    const fresh = await openPage(h);
    await fresh.page.goto(`${h.base}/console/`);
    await fresh.page.getByLabel('API key').waitFor();
    const timing = await fresh.page.evaluate(() => ({
      load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      ready: performance.getEntriesByName('console-ready')[0]?.startTime ?? Infinity,
    }));
    expect(timing.load).toBeGreaterThan(0);
    expect(timing.load).toBeLessThan(1000);
    expect(timing.ready).toBeLessThan(1000);
    await fresh.page.context().close();
    await page.getByLabel('API key').fill('og_live_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Malformed API key');
    expect(await alert.textContent()).toContain('HTTP 401 · UNAUTHORIZED');
    await expectAccessible(page, 'sign-in with an error');
    await screenshots(page, 'sign-in-error');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(problems).toEqual([]);
  });

  it('creates an endpoint, sends a test event and shows the delivery with its attempts', async () => {
    const receiver = await startReceiver();
    const { page, problems } = await openPage(h);
    await signIn(page, h.base, h.gw.adminKey);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['og-console.credential']);
    expect(page.url()).not.toContain('og_live_');
    await page.getByRole('link', { name: 'Endpoints' }).click();
    await page.getByRole('heading', { name: 'Endpoints', exact: true }).waitFor();
    await expect.poll(() => page.getByText('No endpoints yet').count()).toBe(1);
    await expectAccessible(page, 'endpoints (empty)');
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Name').fill('Receiver one');
    await page.getByLabel('webhook.*').check();
    await page.getByLabel('Custom headers').fill('X-Team: console');
    await expectAccessible(page, 'endpoint form');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const secret = await page.locator('[data-secret]').textContent();
    expect(secret).toMatch(/^whsec_/);
    receiver.setSecrets([secret as string]);
    await page.getByRole('link', { name: 'Open Receiver one' }).click();
    await page.getByRole('heading', { name: 'Receiver one', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await receiver.until(() => receiver.received.length === 1);
    expect(receiver.received[0].verifiedWith).toEqual([secret]);
    expect(receiver.received[0].headers['x-team']).toBe('console');
    const row = page.getByRole('row').filter({ hasText: 'webhook.test' });
    await eventually(async () => {
      if ((await row.filter({ hasText: 'delivered' }).count()) === 0) {
        await page.reload();
        throw new Error('not delivered yet');
      }
    });
    await expectAccessible(page, 'endpoint page');
    await screenshots(page, 'endpoint');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Delivery of webhook.test' }).waitFor();
    const attempts = page.getByRole('list', { name: 'Attempt timeline' }).getByRole('listitem');
    await expect.poll(() => attempts.count()).toBe(1);
    expect(await attempts.first().textContent()).toContain('HTTP 200');
    expect(await page.getByLabel('Payload').textContent()).toContain('"type": "webhook.test"');
    await expectAccessible(page, 'delivery page', { bothThemes: true });
    await screenshots(page, 'delivery');
    expect(problems).toEqual([]);
  });

  it('shows a failing receiver’s retries, then Redeliver and Recover', async () => {
    // Fails twice, then succeeds: the timeline shows two retries and the delivery.
    let mode: 'flaky' | 'down' | 'up' = 'flaky';
    const receiver = await startReceiver({
      respond: (_r, nth) => (mode === 'flaky' ? (nth <= 2 ? { status: 503 } : { status: 200 }) : mode === 'down' ? { status: 503 } : { status: 200 }),
    });
    const endpoint = (await h.gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['webhook.*'], name: 'Flaky receiver' })).body;
    const { page, problems } = await openPage(h, { colorScheme: 'dark' });
    await signIn(page, h.base, h.gw.adminKey);
    await page.goto(`${h.base}/console/#/endpoints/${endpoint.id}`);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await receiver.until(() => receiver.received.length === 3);
    await page.goto(`${h.base}/console/#/deliveries?endpointId=${endpoint.id}`);
    await page.getByRole('heading', { name: 'Deliveries', exact: true }).waitFor();
    await eventually(async () => {
      await page.reload();
      await page.getByRole('row').filter({ hasText: 'delivered' }).first().waitFor({ timeout: 500 });
    });
    await page.getByRole('row').filter({ hasText: 'delivered' }).first().getByRole('link').first().click();
    const attempts = page.getByRole('list', { name: 'Attempt timeline' }).getByRole('listitem');
    await expect.poll(() => attempts.count()).toBe(3);
    expect(await attempts.evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.outcome))).toEqual(['retry', 'retry', 'delivered']);
    expect(await attempts.first().textContent()).toContain('HTTP 503');

    await page.getByRole('button', { name: 'Redeliver' }).click();
    await receiver.until(() => receiver.received.length === 4);
    await expect
      .poll(async () => (await page.getByRole('list', { name: 'Attempt timeline' }).getByRole('listitem').count()) >= 1, { timeout: 10_000 })
      .toBe(true);

    // Down: the next test fails every attempt; back up, Recover re-sends it.
    mode = 'down';
    await page.goto(`${h.base}/console/#/endpoints/${endpoint.id}`);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await receiver.until(() => receiver.received.length === 8);
    await page.goto(`${h.base}/console/#/deliveries?endpointId=${endpoint.id}&status=failed`);
    await eventually(async () => {
      await page.reload();
      await page.getByRole('row').filter({ hasText: 'failed' }).first().waitFor({ timeout: 500 });
    });
    expect(await page.getByLabel('Status').inputValue()).toBe('failed');
    expect(await page.getByRole('row').count()).toBe(2);
    await expectAccessible(page, 'deliveries (dark)');
    await screenshots(page, 'deliveries');
    mode = 'up';
    await page.goto(`${h.base}/console/#/endpoints/${endpoint.id}`);
    await page.getByRole('button', { name: 'Recover' }).click();
    await expect.poll(() => page.locator('[data-recovery]').getAttribute('data-recovery'), { timeout: 15_000 }).toBe('completed');
    expect(await page.locator('[data-recovery]').textContent()).toContain('1 of 1');
    await receiver.until(() => receiver.received.length === 9);
    expect(receiver.received[8].payload.type).toBe('webhook.test');
    expect(problems).toEqual([]);
  });

  it('works from the keyboard alone, with a visible focus', async () => {
    const { page, problems } = await openPage(h);
    await page.goto(`${h.base}/console/`);
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');
    await page.keyboard.type(h.gw.adminKey);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    // The focused element and its outline are read in one evaluation: the first page,
    // still being drawn, may move focus to its main region between two.
    const focusedNow = () =>
      page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', outline: getComputedStyle(document.activeElement as Element).outlineStyle }));
    let focused = { text: '', outline: '' };
    for (let i = 0; i < 12 && focused.text !== 'Deliveries'; i++) {
      await page.keyboard.press('Tab');
      focused = await focusedNow();
    }
    expect(focused.text).toBe('Deliveries');
    expect(focused.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Deliveries', exact: true }).waitFor();
    await page.getByLabel('Status').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).id)).toBe('eventType');
    expect(problems).toEqual([]);
  });

  it('shows the overview: figures, two charts, the endpoints failing now, refreshed live', async () => {
    const receiver = await startReceiver({ respond: () => ({ status: 500 }) });
    const broken = (await h.gw.api.post('/api/v2/webhooks', { url: receiver.url, events: ['webhook.*'], name: 'Broken receiver' })).body;
    await h.gw.api.post(`/api/v2/webhooks/${broken.id}/test`, {});
    await receiver.until(() => receiver.received.length >= 1);
    const { page, problems } = await openPage(h);
    await signIn(page, h.base, h.gw.adminKey);
    await page.goto(`${h.base}/console/#/overview?refresh=2`);
    await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
    await expect.poll(() => page.locator('canvas').count()).toBe(2);
    const retried = async () => Number(await page.locator('.card').filter({ hasText: 'Retried' }).locator('.n').textContent());
    expect(await retried()).toBeGreaterThanOrEqual(2);
    await page.getByRole('link', { name: 'Broken receiver' }).waitFor();
    // Live: the page re-reads the figures on its own.
    const before = await page.locator('.card').filter({ hasText: 'Attempts' }).locator('.n').textContent();
    await h.gw.api.post(`/api/v2/webhooks/${broken.id}/test`, {});
    await expect.poll(() => page.locator('.card').filter({ hasText: 'Attempts' }).locator('.n').textContent(), { timeout: 20_000 }).not.toBe(before);
    await page.getByRole('link', { name: 'Last day' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Last day' }).getAttribute('aria-current')).toBe('true');
    await expect.poll(() => page.locator('canvas').count()).toBe(2);
    await expectAccessible(page, 'overview', { bothThemes: true });
    await screenshots(page, 'overview');
    await h.gw.api.delete(`/api/v2/webhooks/${broken.id}`);
    expect(problems).toEqual([]);
  });

  it('disables and enables an endpoint, rotates its secret, and fits a phone screen', async () => {
    const receiver = await startReceiver();
    const endpoint = (await h.gw.api.post('/api/v2/webhooks', { url: receiver.url, events: [] })).body;
    const { page, problems } = await openPage(h, { width: 390 });
    await signIn(page, h.base, h.gw.adminKey);
    await page.goto(`${h.base}/console/#/endpoints/${endpoint.id}`);
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    expect((await h.gw.api.get(`/api/v2/webhooks/${endpoint.id}`)).body.enabled).toBe(false);
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description').fill('Orders service, staging');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Orders service, staging').first().waitFor();
    expect((await h.gw.api.get(`/api/v2/webhooks/${endpoint.id}`)).body.description).toBe('Orders service, staging');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const secret = await page.locator('[data-secret]').textContent();
    expect(secret).toMatch(/^whsec_/);
    expect(await page.getByText('previous secret keeps signing until').count()).toBe(1);
    expect(await page.getByText(`…${(secret as string).slice(-4)} (previous one valid until`).count()).toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'endpoint on a phone');
    await screenshots(page, 'endpoint-phone');
    expect(problems).toEqual([]);
  });
});
