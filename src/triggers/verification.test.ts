import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sign } from '../outbound/signing.ts';
import { storableHeaders, verifySender, type Verification } from './verification.ts';

const body = Buffer.from('{"test": 2432232314}');

describe('sender verification', () => {
  it('accepts the Standard Webhooks test vector within the tolerance only', () => {
    const v: Verification = { type: 'standard-webhooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    expect(verifySender(v, headers, body, 1614265330)).toBe(true);
    expect(verifySender(v, headers, body, 1614265330 + 301)).toBe(false);
    expect(verifySender(v, { ...headers, 'webhook-signature': `v1,bogus ${headers['webhook-signature']}` }, body, 1614265330)).toBe(true);
    expect(verifySender(v, headers, Buffer.from('{"test":2432232314}'), 1614265330)).toBe(false);
    expect(sign(v.secret, headers['webhook-id'], 1614265330, body)).toBe(headers['webhook-signature']);
  });

  it('checks an HMAC header with its prefix, case-insensitively for hex', () => {
    const v: Verification = { type: 'hmac', header: 'X-Hub-Signature-256', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', secret: 's3cret' };
    const hex = createHmac('sha256', 's3cret').update(body).digest('hex');
    expect(verifySender(v, { 'x-hub-signature-256': `sha256=${hex}` }, body, 0)).toBe(true);
    expect(verifySender(v, { 'x-hub-signature-256': `sha256=${hex.toUpperCase()}` }, body, 0)).toBe(true);
    expect(verifySender(v, { 'x-hub-signature-256': hex }, body, 0)).toBe(false);
    expect(verifySender(v, {}, body, 0)).toBe(false);
    expect(verifySender(null, {}, body, 0)).toBe(true);
  });

  it('keeps headers but drops credentials', () => {
    expect(
      storableHeaders({
        authorization: 'x',
        cookie: 'c',
        'x-api-key': 'k',
        'x-auth-token': 't',
        'x-hub-signature-256': 's',
        'user-agent': 'u',
        'x-multi': ['a', 'b'],
      }),
    ).toEqual({
      'x-hub-signature-256': 's',
      'user-agent': 'u',
      'x-multi': 'a, b',
    });
  });
});
