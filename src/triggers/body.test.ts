import { describe, expect, it } from 'vitest';
import { getPointer, illFormedFormField, parseBody, parseForm } from './body.ts';

describe('inbound bodies', () => {
  it('parses form posts into fields, repeated names into arrays, __proto__ as a plain field', () => {
    const parsed = parseForm(Buffer.from('a=1&b=x+y&a=2&__proto__=p&c=%E2%9C%93'));
    expect(parsed).toEqual({ a: ['1', '2'], b: 'x y', ['__proto__']: 'p', c: '✓' });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('derives the parsed body from stored bytes by content type', () => {
    expect(parseBody('application/json; charset=utf-8', Buffer.from('{"a":[1]}'))).toEqual({ a: [1] });
    expect(parseBody('application/x-www-form-urlencoded', Buffer.from('a=1'))).toEqual({ a: '1' });
    expect(parseBody('application/json', Buffer.from('{oops'))).toBeNull();
    expect(parseBody('application/json', Buffer.alloc(0))).toBeNull();
  });

  it.each([
    ['', { a: { 'b/c': [1, { '~d': 2 }] } }],
    ['/a/b~1c/1/~0d', 2],
    ['/a/b~1c/0', 1],
    ['/a/missing', undefined],
    ['/a/b~1c/9', undefined],
    ['no-slash', undefined],
    ['/a/constructor', undefined],
  ])('resolves the JSON pointer %j', (pointer, expected) => {
    expect(getPointer({ a: { 'b/c': [1, { '~d': 2 }] } }, pointer)).toEqual(expected);
  });
});

describe('illFormedFormField', () => {
  it('names the field whose percent-decoded bytes are not UTF-8', () => {
    expect(illFormedFormField(Buffer.from('a=1&b=%E2%9C%93&c=%zz&d=100%'))).toBeNull();
    expect(illFormedFormField(Buffer.from('a=1&b=%FF'))).toBe('/b');
    expect(illFormedFormField(Buffer.from('a=1&b%2Fx=%ED%A0%80'))).toBe('/b~1x');
    expect(illFormedFormField(Buffer.from('%C0%AF=1'))).toBe('/\ufffd\ufffd');
  });
});
