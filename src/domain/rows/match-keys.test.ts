import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchKey } from './match-keys.ts';

describe('matchKey', () => {
  it('keeps the key rows were stored under for ordinary values', () => {
    const stored = createHash('sha256').update(['k', 'org', 'tbl', 'c1', 'a@x.io', 'c2', '42'].join('\u0000')).digest('base64url').slice(0, 32);
    expect(matchKey('org', 'tbl', ['c1', 'c2'], ['a@x.io', 42])).toBe(stored);
  });

  it('gives distinct texts distinct keys: NUL-joined look-alikes and lone surrogates', () => {
    expect(matchKey('o', 't', ['c1', 'c2'], ['p\u0000c2\u0000q', 'r'])).not.toBe(matchKey('o', 't', ['c1', 'c2'], ['p', 'q\u0000c2\u0000r']));
    expect(matchKey('o', 't', ['c1'], ['\ud800'])).not.toBe(matchKey('o', 't', ['c1'], ['\ufffd']));
    expect(matchKey('o', 't', ['c1'], ['\udc00'])).not.toBe(matchKey('o', 't', ['c1'], ['\ud800']));
    expect(matchKey('o', 't', ['c1'], ['a\u0000'])).toBe(matchKey('o', 't', ['c1'], ['a\u0000']));
  });
});
