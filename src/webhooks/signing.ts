import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

// Standard Webhooks: HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the
// base64-decoded part of a `whsec_` secret, sent as `v1,<base64>`; several secrets
// (during a rotation) give several space-separated entries.

export const SECRET_PREFIX = 'whsec_';

export function generateSecret(random: (n: number) => Buffer = randomBytes): string {
  return `${SECRET_PREFIX}${random(24).toString('base64')}`;
}

// An HMAC keyed with a prepared key object costs less than half of one keyed with raw
// bytes (decoded and imported on every call); every attempt signs, so the few secrets in
// use are kept prepared. Bounded: cleared whole when it grows past what any gateway uses.
const MAX_PREPARED = 1_000;
const prepared = new Map<string, KeyObject>();

function secretKey(secret: string): KeyObject {
  let key = prepared.get(secret);
  if (!key) {
    if (prepared.size >= MAX_PREPARED) prepared.clear();
    key = createSecretKey(Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64'));
    prepared.set(secret, key);
  }
  return key;
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secretKey(secret));
  mac.update(`${id}.${timestampSeconds}.`);
  mac.update(body);
  return `v1,${mac.digest('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signedHeaders(secrets: string[], id: string, timestampSeconds: number, body: string | Buffer): SignedHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => sign(s, id, timestampSeconds, body)).join(' '),
  };
}

/** Verifies a Standard Webhooks signature header (inbound triggers, callbacks) in constant time. */
export function verify(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string | Buffer,
  opts: { nowSeconds: number; toleranceSeconds?: number },
): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(opts.nowSeconds - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign(secret, id, Number(timestamp), body));
  return signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
