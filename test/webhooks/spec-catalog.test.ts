import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES } from '../../src/events/event-types.ts';
import { loadSpec } from '../../src/http/openapi/spec.ts';
import { signedHeaders } from '../../src/outbound/signing.ts';

describe('webhooks: section of openapi.yaml', () => {
  it('has exactly one entry per event of the catalog', () => {
    const doc = loadSpec() as { webhooks?: Record<string, unknown> };
    expect(Object.keys(doc.webhooks ?? {}).sort()).toEqual([...EVENT_TYPES].sort());
  });
});

describe('signatures', () => {
  it('match the contract test vector as computed by the standardwebhooks package', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    const ours = signedHeaders([secret], id, 1614265330, body)['webhook-signature'];
    expect(ours).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(new Webhook(secret).sign(id, new Date(1614265330 * 1000), body)).toBe(ours);
  });
});
