import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, sign, signedHeaders, verify } from './signing.ts';

describe('Standard Webhooks signing', () => {
  it('reproduces the contract test vector', () => {
    expect(sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('is accepted by the standardwebhooks library, for each of two rotation secrets', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'webhook.test', id: 'x', timestamp: new Date().toISOString(), data: {} });
    const headers = signedHeaders([a, b], 'evt_1', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(a).verify(body, { ...headers })).toBeTruthy();
    expect(new Webhook(b).verify(body, { ...headers })).toBeTruthy();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
  });

  it('verifies its own signatures and rejects altered bodies and stale timestamps', () => {
    const secret = generateSecret();
    const now = 1_700_000_000;
    const h = signedHeaders([secret], 'id1', now, 'body');
    const parts = { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] };
    expect(verify(secret, parts, 'body', { nowSeconds: now })).toBe(true);
    expect(verify(secret, parts, 'body!', { nowSeconds: now })).toBe(false);
    expect(verify(secret, parts, 'body', { nowSeconds: now + 301 })).toBe(false);
    expect(verify(secret, { ...parts, signature: 'v1,AAAA' }, 'body', { nowSeconds: now })).toBe(false);
  });
});
