import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, secretProblem, sign, signedHeaders, verify } from './signing.ts';

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

describe('caller-provided secrets', () => {
  it('accepts whsec_ with the base64 of 24 to 64 bytes, generated ones included', () => {
    expect(secretProblem('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeNull();
    expect(secretProblem(generateSecret())).toBeNull();
    expect(secretProblem(`whsec_${Buffer.alloc(64, 7).toString('base64')}`)).toBeNull();
  });

  it.each([
    ['no prefix', Buffer.alloc(32, 1).toString('base64')],
    ['23 bytes', `whsec_${Buffer.alloc(23, 1).toString('base64')}`],
    ['65 bytes', `whsec_${Buffer.alloc(65, 1).toString('base64')}`],
    ['not base64', 'whsec_this is not base64 at all!!!!!!!!'],
    ['unpadded base64', `whsec_${Buffer.alloc(25, 1).toString('base64').replace(/=+$/, '')}`],
    ['empty', 'whsec_'],
  ])('refuses %s without repeating the secret', (_name, secret) => {
    const problem = secretProblem(secret);
    expect(problem).toMatch(/whsec_ followed by the base64 of 24 to 64 random bytes/);
    if (secret.length > 'whsec_'.length) expect(problem).not.toContain(secret.slice(6));
  });
});
