import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

// A trigger URL token is `base64url(orgId ‖ triggerId ‖ nonce ‖ mac)`: two UUIDs as 16
// raw bytes each, an 8-byte nonce that changes on every rotation, and a 16-byte
// HMAC-SHA256 (truncated) over the first 40 bytes keyed with the server secret. A
// forged or altered token fails the MAC before any database access; the comparison is
// constant time and a malformed token costs the same HMAC as a well-formed one.

const UUID_BYTES = 16;
export const NONCE_BYTES = 8;
const MAC_BYTES = 16;
const BODY_BYTES = 2 * UUID_BYTES + NONCE_BYTES;
const TOKEN_BYTES = BODY_BYTES + MAC_BYTES;
/** The encoded length of every token this module issues. */
export const TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 4) / 3);

export interface TokenClaims {
  orgId: string;
  triggerId: string;
  /** Hex; identifies the URL generation (current or, during a grace period, previous). */
  nonce: string;
}

const uuidToBytes = (id: string): Buffer => Buffer.from(id.replace(/-/g, ''), 'hex');

function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface TriggerTokens {
  issue(claims: TokenClaims): string;
  /** The claims of a token this server issued, or null; never throws, never touches the store. */
  verify(token: string): TokenClaims | null;
}

export function createTriggerTokens(secret: Buffer): TriggerTokens {
  if (secret.length < 32) throw new Error('trigger token secret must be at least 32 bytes');
  // Prepared once: keying each HMAC with raw bytes imports the key again on every post.
  const key = createSecretKey(secret);
  const mac = (body: Buffer) => createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
  const dummy = Buffer.alloc(BODY_BYTES);
  // Tokens already proven genuine skip the HMAC (a busy trigger URL posts the same token
  // thousands of times a second). Only genuine tokens are kept, so a forger still pays
  // and learns nothing: a faster answer only says a token they already hold is genuine.
  // Whether the token is still current is the caller's check against the store.
  const genuine = new Map<string, TokenClaims>();
  const MAX_GENUINE = 10_000;
  return {
    issue(claims) {
      const body = Buffer.concat([uuidToBytes(claims.orgId), uuidToBytes(claims.triggerId), Buffer.from(claims.nonce, 'hex')]);
      if (body.length !== BODY_BYTES) throw new Error('malformed token claims');
      return Buffer.concat([body, mac(body)]).toString('base64url');
    },
    verify(token) {
      const known = genuine.get(token);
      if (known) return { ...known };
      const claims = verifyMac(token);
      if (claims) {
        if (genuine.size >= MAX_GENUINE) genuine.clear();
        genuine.set(token, claims);
        return { ...claims };
      }
      return null;
    },
  };

  function verifyMac(token: string): TokenClaims | null {
    const raw = typeof token === 'string' && token.length === TOKEN_LENGTH && /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url') : null;
    const wellFormed = raw !== null && raw.length === TOKEN_BYTES && raw.toString('base64url') === token;
    const body = wellFormed ? raw.subarray(0, BODY_BYTES) : dummy;
    const expected = mac(body);
    const given = wellFormed ? raw.subarray(BODY_BYTES) : Buffer.alloc(MAC_BYTES);
    const match = timingSafeEqual(expected, given);
    if (!wellFormed || !match) return null;
    return {
      orgId: bytesToUuid(body.subarray(0, UUID_BYTES)),
      triggerId: bytesToUuid(body.subarray(UUID_BYTES, 2 * UUID_BYTES)),
      nonce: body.subarray(2 * UUID_BYTES).toString('hex'),
    };
  }
}

/** Constant-time comparison of two hex nonces. */
export function sameNonce(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
