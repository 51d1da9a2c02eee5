import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

// The published header names: X-RateLimit-{Limit,Remaining,Reset}-{IP|Global}, Global
// being the organization; the -Org names are a deprecated alias of -Global.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { OG_RATE_LIMIT_ORG_PER_MINUTE: '3', OG_RATE_LIMIT_IP_PER_MINUTE: '1000' } });
});
afterAll(() => gw.close());

// The names as sent (supertest lowercases its `headers`).
const names = (res: object) => (res as { res: { rawHeaders: string[] } }).res.rawHeaders.filter((_, i) => i % 2 === 0);

describe('rate-limit headers', () => {
  it('carry the published names on every authenticated answer, up to the 429', async () => {
    const msIntoMinute = Date.now() % 60_000;
    if (msIntoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_500 - msIntoMinute));
    const first = await gw.api.get('/api/v2/tables');
    expect(first.status).toBe(200);
    for (const kind of ['Limit', 'Remaining', 'Reset']) {
      expect(names(first)).toContain(`X-RateLimit-${kind}-IP`);
      expect(names(first)).toContain(`X-RateLimit-${kind}-Global`);
      expect(first.headers[`x-ratelimit-${kind.toLowerCase()}-org`]).toBe(first.headers[`x-ratelimit-${kind.toLowerCase()}-global`]);
    }
    expect(first.headers['x-ratelimit-limit-global']).toBe('3');
    expect(first.headers['x-ratelimit-limit-ip']).toBe('1000');
    expect(Number(first.headers['x-ratelimit-reset-global'])).toBeGreaterThan(Date.now() / 1000);

    let limited;
    for (let i = 0; i < 5 && !limited; i++) {
      const res = await gw.api.get('/api/v2/tables');
      if (res.status === 429) limited = res;
    }
    expect(limited?.body.code).toBe('RATE_LIMITED');
    expect(limited?.headers['x-ratelimit-remaining-global']).toBe('0');
    expect(limited?.headers['x-ratelimit-remaining-org']).toBe('0');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
  });
});
