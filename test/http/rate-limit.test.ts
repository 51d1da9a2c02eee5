import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';
import { uniqueDbName } from '../support/mongo-uri.ts';

describe('rate limits shared by two gateway processes on one database', () => {
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    const dbName = uniqueDbName('rl');
    const env = { OG_RATE_LIMIT_ORG_PER_MINUTE: '10' };
    a = await startTestGateway({ dbName, env, instanceName: 'a' });
    b = await startTestGateway({ dbName, env: { ...env, OG_BOOTSTRAP_KEY: a.adminKey }, instanceName: 'b' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('lets exactly the organization limit through, split across both, then answers 429 with headers', async () => {
    // Keep the whole test inside one minute window.
    const msIntoMinute = Date.now() % 60_000;
    if (msIntoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_500 - msIntoMinute));
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 16; i++) {
      const res = await (i % 2 === 0 ? a : b).api.get('/api/v2/api-keys');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else {
        expect(res.headers['x-ratelimit-limit-org']).toBe('10');
        expect(Number(res.headers['x-ratelimit-remaining-org'])).toBeGreaterThanOrEqual(0);
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    expect(limited!.body.code).toBe('RATE_LIMITED');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.headers['x-ratelimit-remaining-org']).toBe('0');
    expect(Number(limited!.headers['x-ratelimit-reset-org'])).toBeGreaterThan(Date.now() / 1000);
    expect(limited!.headers['x-ratelimit-limit-ip']).toBeDefined();
  });

  it('honours a per-key override above the organization limit', async () => {
    const created = await a.gateway.services.apiKeys.create((await a.gateway.services.organizations.ensure('default')).id, {
      name: 'bulk',
      scopes: ['admin'],
      rateLimitPerMinute: 1000,
    });
    const res = await b.api.get('/api/v2/api-keys', { key: created.key });
    expect(res.status).toBe(200);
    expect(res.headers['x-ratelimit-limit-org']).toBe('1000');
  });
});

describe('rate limit per client address', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { OG_RATE_LIMIT_IP_PER_MINUTE: '5' } });
  });
  afterAll(() => gw.close());

  it('counts unauthenticated attempts too, so key guessing is throttled', async () => {
    const msIntoMinute = Date.now() % 60_000;
    if (msIntoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_500 - msIntoMinute));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await gw.api.get('/api/v2/api-keys', { key: null })).status);
    statuses.push((await gw.api.get('/api/v2/api-keys')).status);
    const limited = await gw.api.get('/api/v2/api-keys');
    expect(statuses).toEqual([401, 401, 401, 401, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers['x-ratelimit-limit-ip']).toBe('5');
    expect(limited.headers['x-ratelimit-remaining-ip']).toBe('0');
    // Health checks are never limited.
    expect((await gw.api.get('/healthz')).status).toBe(200);
  });
});
