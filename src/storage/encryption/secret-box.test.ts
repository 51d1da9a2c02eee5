import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, isSealed, keyIdOf, SecretBoxError } from './secret-box.ts';

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe('secret box', () => {
  it('round-trips and never shows the plaintext in the sealed value', () => {
    const box = createSecretBox({ key: keyA });
    const sealed = box.seal('whsec_c2VjcmV0LXZhbHVl', 'webhook_endpoints.secret');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('whsec_');
    expect(sealed.startsWith(`ogenc:v1:${keyIdOf(keyA)}:`)).toBe(true);
    expect(box.open(sealed, 'webhook_endpoints.secret')).toBe('whsec_c2VjcmV0LXZhbHVl');
    expect(box.isCurrent(sealed)).toBe(true);
  });

  it('uses a fresh IV per value', () => {
    const box = createSecretBox({ key: keyA });
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'));
  });

  it('detects any altered byte', () => {
    const box = createSecretBox({ key: keyA });
    const sealed = box.seal('password-1', 'senders.smtp.auth.pass');
    const prefix = sealed.slice(0, sealed.lastIndexOf(':') + 1);
    const raw = Buffer.from(sealed.slice(prefix.length), 'base64url');
    for (const at of [0, 12, 28, raw.length - 1]) {
      const bent = Buffer.from(raw);
      bent[at] ^= 1;
      expect(() => box.open(prefix + bent.toString('base64url'), 'senders.smtp.auth.pass')).toThrow(SecretBoxError);
    }
    expect(() => box.open(prefix + raw.subarray(0, 20).toString('base64url'), 'senders.smtp.auth.pass')).toThrow(/truncated/);
  });

  it('refuses a value moved to another field', () => {
    const box = createSecretBox({ key: keyA });
    const sealed = box.seal('x', 'agent_workers.secret');
    expect(() => box.open(sealed, 'senders.http.secret')).toThrow(/failed authentication/);
  });

  it('refuses a value under an unknown key, and one whose key id was swapped', () => {
    const sealed = createSecretBox({ key: keyA }).seal('x', 'c');
    expect(() => createSecretBox({ key: keyB }).open(sealed, 'c')).toThrow(/neither OG_ENCRYPTION_KEY/);
    const both = createSecretBox({ key: keyB, previousKeys: [keyA] });
    const swapped = sealed.replace(keyIdOf(keyA), keyIdOf(keyB));
    expect(() => both.open(swapped, 'c')).toThrow(/failed authentication/);
  });

  it('routes by key id: an old value opens with a previous key and is not current', () => {
    const old = createSecretBox({ key: keyA }).seal('rotate-me', 'c');
    const rotated = createSecretBox({ key: keyB, previousKeys: [keyA] });
    expect(rotated.open(old, 'c')).toBe('rotate-me');
    expect(rotated.isCurrent(old)).toBe(false);
    const fresh = rotated.seal('rotate-me', 'c');
    expect(fresh).toContain(`:${keyIdOf(keyB)}:`);
    expect(rotated.isCurrent(fresh)).toBe(true);
  });

  it('passes legacy plaintext through and rejects a key of the wrong size', () => {
    const box = createSecretBox({ key: keyA });
    expect(box.open('whsec_legacy', 'c')).toBe('whsec_legacy');
    expect(box.isCurrent('whsec_legacy')).toBe(false);
    expect(() => createSecretBox({ key: randomBytes(16) })).toThrow(/32 bytes/);
  });
});
