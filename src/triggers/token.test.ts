import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTriggerTokens, sameNonce, TOKEN_LENGTH } from './token.ts';

const tokens = createTriggerTokens(Buffer.alloc(32, 1));
const claims = { orgId: randomUUID(), triggerId: randomUUID(), nonce: '0123456789abcdef' };

describe('trigger tokens', () => {
  it('round-trips the claims of a token it issued', () => {
    const token = tokens.issue(claims);
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tokens.verify(token)).toEqual(claims);
  });

  it('rejects every single-character change, truncation, extension and a token from another secret', () => {
    const token = tokens.issue(claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(token[i]) + 1) % alphabet.length];
      expect(tokens.verify(token.slice(0, i) + swapped + token.slice(i + 1)), `position ${i}`).toBeNull();
    }
    expect(tokens.verify(token.slice(0, -1))).toBeNull();
    expect(tokens.verify(`${token}A`)).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(tokens.verify('%%%')).toBeNull();
    expect(createTriggerTokens(Buffer.alloc(32, 2)).verify(token)).toBeNull();
  });

  it('answers a token it already verified the same way, whoever changed the claims it returned', () => {
    const fresh = createTriggerTokens(Buffer.alloc(32, 3));
    const token = fresh.issue(claims);
    const first = fresh.verify(token)!;
    first.orgId = 'tampered';
    expect(fresh.verify(token)).toEqual(claims);
    // A verified token's neighbours are still checked, and another secret still refuses it.
    expect(fresh.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(createTriggerTokens(Buffer.alloc(32, 4)).verify(token)).toBeNull();
  });

  it('gives each rotation (nonce) its own token', () => {
    expect(tokens.issue(claims)).not.toBe(tokens.issue({ ...claims, nonce: 'fedcba9876543210' }));
    expect(sameNonce(claims.nonce, claims.nonce)).toBe(true);
    expect(sameNonce(claims.nonce, 'fedcba9876543210')).toBe(false);
    expect(sameNonce('', '')).toBe(false);
  });

  it('refuses a short server secret', () => {
    expect(() => createTriggerTokens(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
