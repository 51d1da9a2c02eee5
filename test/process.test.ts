import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/domain/api-keys/key-format.ts';
import { startChildGateway } from './support/child-gateway.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the gateway process', () => {
  it('starts on an empty data directory, serves the bootstrap key, and exits cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'og-proc-'));
    dirs.push(dataDir);
    const key = generateApiKey();
    const env: Record<string, string> = { OG_DATA_DIR: dataDir, OG_BOOTSTRAP_KEY: key };
    // The embedded default is what this test is about, whatever the suite runs on.
    if (process.env.MONGODB_URI) env.MONGODB_URI = '';
    const gw = await startChildGateway(env);
    const health = await fetch(`${gw.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const res = await fetch(`${gw.url}/api/v2/api-keys`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { name: string }[] };
    expect(body.items.map((k) => k.name)).toEqual(['bootstrap']);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toContain('og_http_requests_total{operation="listApiKeys",status="200"} 1');
    // A URL past node's 16 KB header limit is refused in the error envelope, not a bare 431.
    const long = await fetch(`${gw.url}/api/v2/api-keys?q=${'a'.repeat(20_000)}`, { headers: { authorization: `Bearer ${key}` } });
    expect(long.status).toBe(431);
    expect(await long.json()).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
    gw.child.kill('SIGTERM');
    expect(await gw.exited).toBe(0);
    expect(gw.output()).toContain('shutdown complete');

    // A restart on the same directory keeps the key (bootstrap is idempotent).
    const again = await startChildGateway(env);
    const list = await fetch(`${again.url}/api/v2/api-keys`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 90_000);

  it('refuses to start with a clear message per bad variable', async () => {
    await expect(startChildGateway({ PORT: 'abc', OG_ALLOW_PRIVATE_NETWORK: 'maybe' }, 15_000)).rejects.toThrow(
      /PORT="abc": expected an integer[\s\S]*OG_ALLOW_PRIVATE_NETWORK="maybe"/,
    );
  }, 30_000);
});
