import { describe, expect, it } from 'vitest';
import { illFormedStringPointer, invalidUtf8Offset } from './well-formed-text.ts';

describe('invalidUtf8Offset', () => {
  it.each([
    ['ASCII', [0x61, 0x62], -1],
    ['2-, 3- and 4-byte forms', [...Buffer.from('é✓😀')], -1],
    ['a stray continuation byte', [0x61, 0x80], 1],
    ['a truncated sequence', [0x61, 0xe2, 0x9c], 1],
    ['an overlong slash', [0xc0, 0xaf], 0],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf], 0],
    ['an encoded surrogate U+D800', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['0xFF', [0x7b, 0xff], 1],
  ])('%s', (_name, bytes, expected) => {
    expect(invalidUtf8Offset(Uint8Array.from(bytes))).toBe(expected);
    // Agrees with the platform's strict decoder on validity.
    let strictOk = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      strictOk = false;
    }
    expect(strictOk).toBe(expected === -1);
  });
});

describe('illFormedStringPointer', () => {
  it('finds lone surrogates in values and member names, not pairs', () => {
    expect(illFormedStringPointer({ a: ['ok', '😀', 'x\ud800y'] })).toBe('/a/2');
    expect(illFormedStringPointer({ 'a/b': { '~': '\udc00' } })).toBe('/a~1b/~0');
    expect(illFormedStringPointer({ ['k\ud83d']: 1 })).toBe('/k\ufffd');
    expect(illFormedStringPointer({ a: '\ud83d\ude00', b: [1, null, true] })).toBeNull();
    expect(illFormedStringPointer('\udfff')).toBe('');
  });
});
