import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

/** Chromium from CHROMIUM_PATH or the PATH (Debian's `chromium` package), or undefined. */
export function findChromium(): string | undefined {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn('console browser tests skipped: no Chromium found (install the chromium package or set CHROMIUM_PATH)');

/** Screenshots land here (git-ignored); the README's come from docs/. */
export const SHOT_DIR = join(process.cwd(), 'test-output', 'console');

export interface ConsoleHarness {
  gw: TestGateway;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A gateway on a real loopback port (its public URL matches) and one browser. */
export async function startConsoleHarness(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const gw = await startTestGateway({ env: { OG_PUBLIC_URL: base, OG_RETRY_SCHEDULE: '0,0.3,0.3,0.3', OG_WEBHOOK_MAX_ENDPOINTS: '50', ...env } });
  const server: Server = createServer(gw.callback as never);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  mkdirSync(SHOT_DIR, { recursive: true });
  return {
    gw,
    base,
    browser,
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gw.close();
    },
  };
}

/** A fresh page (its own session storage) that fails the test on a CSP violation or a script error. */
export async function openPage(h: ConsoleHarness, opts: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await h.browser.newContext({ colorScheme: opts.colorScheme ?? 'light', viewport: { width: opts.width ?? 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`csp: ${msg.text()}`);
  });
  page.on('dialog', (d) => void d.accept());
  page.setDefaultTimeout(10_000);
  return { page, problems };
}

export async function signIn(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/console/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core run in the page (evaluated through the debugging protocol: the console's CSP
 * forbids injected script tags, as it should). Serious and critical violations fail.
 */
export async function expectAccessible(page: Page, label: string, opts: { bothThemes?: boolean } = {}): Promise<void> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const run = () =>
    page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
        }
      ).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
  // Both themes where asked (contrast is where they differ; the pages share one palette).
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  for (let i = 0; i < (opts.bothThemes ? 2 : 1); i++) {
    const current = await theme();
    expect(await run(), `axe violations on ${label} (${current})`).toEqual([]);
    if (!opts.bothThemes) return;
    await page.locator('#theme-toggle').click();
    await expect.poll(theme).not.toBe(current);
  }
}

/** Light and dark screenshots of what is on screen now, switched with the page's own toggle. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const start = await theme();
  for (let i = 0; i < 2; i++) {
    const current = (await theme()) as string;
    await page.screenshot({ path: join(SHOT_DIR, `${name}-${current}.png`), fullPage: true });
    await page.locator('#theme-toggle').click();
    await expect.poll(theme).not.toBe(current);
  }
  expect(await theme()).toBe(start);
}

/** Polls `check` until it stops throwing, or rethrows after `ms`. */
export async function eventually<T>(check: () => Promise<T>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
