import { describe, expect, it } from 'vitest';
import { encodeKey } from './bson-values.ts';

describe('encodeKey', () => {
  it('grows linearly with nesting', () => {
    const nest = (levels: number): unknown => (levels === 0 ? ['"\\'] : { 'k"': nest(levels - 1) });
    // Quoting each level with JSON.stringify doubled the escapes per level: 2^60 characters.
    expect(encodeKey(nest(60)).length).toBeLessThan(2_000);
  });

  it.each([
    [['a', 'b'], ['a,b']],
    [['ab'], ['a', 'b']],
    [{ a: 'b', c: 'd' }, { a: 'b,c:d' }],
    [{ 'a:1': 'b' }, { a: '1:b' }],
    [[['x'], 'y'], [['x', 'y']]],
    [{ a: ['1'] }, { a: '1' }],
  ])('tells %j from %j', (a, b) => {
    expect(encodeKey(a)).not.toBe(encodeKey(b));
  });

  it('keeps what MongoDB treats as equal equal', () => {
    expect(encodeKey({ a: [1, { b: null }] })).toBe(encodeKey({ a: [1.0, { b: undefined }] }));
  });
});
