import { describe, expect, it } from 'vitest';
import { base62, checksumOf, crc32, generateApiKey, isWellFormedApiKey } from './key-format.ts';

describe('api key format', () => {
  it.each([
    ['', 0],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
  ])('crc32(%j) is the IEEE value', (input, expected) => {
    expect(crc32(input)).toBe(expected);
  });

  it.each([
    [0, 6, '000000'],
    [61, 6, '00000z'],
    [62, 6, '000010'],
    [0xffffffff, 6, '4gfFC3'],
  ])('base62(%d) is %s', (value, width, expected) => {
    expect(base62(value, width)).toBe(expected);
  });

  it('generates keys that carry their own checksum', () => {
    for (let i = 0; i < 50; i++) {
      const key = generateApiKey();
      expect(key).toMatch(/^og_live_[0-9A-Za-z]{36}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
      expect(key.slice(-6)).toBe(checksumOf(key.slice(8, 38)));
    }
  });

  it.each([
    ['wrong prefix', (k: string) => k.replace('og_live_', 'og_test_')],
    ['altered character', (k: string) => k.slice(0, 10) + (k[10] === 'a' ? 'b' : 'a') + k.slice(11)],
    ['truncated', (k: string) => k.slice(0, -1)],
    ['bad alphabet', (k: string) => k.slice(0, -1) + '-'],
  ])('rejects a key with %s', (_name, mutate) => {
    expect(isWellFormedApiKey(mutate(generateApiKey()))).toBe(false);
  });
});
