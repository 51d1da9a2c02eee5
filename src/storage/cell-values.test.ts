import { Binary } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { fromStoredCell, fromStoredCells, toStoredCell, toStoredCells } from './cell-values.ts';

describe('stored cell values', () => {
  it.each([
    ['a string', 'ada@example.org'],
    ['a number', 42],
    ['null', null],
    ['an ordinary object', { city: 'Paris', tags: ['a', 'b'], n: { deep: [1, { x: null }] } }],
    ['an array', [1, 'two', { three: 3 }]],
  ])('stores %s as is', (_name, value) => {
    expect(toStoredCell(value)).toBe(value);
    expect(fromStoredCell(value)).toBe(value);
  });

  it.each([
    ['a $-prefixed key', { $set: { a: 1 } }],
    ['a dotted key', { 'example.com': true }],
    ['a NUL in a key', { 'a\u0000b': 1 }],
    ['a risky key deep in an array', [{ ok: [{ $where: 'x' }] }]],
  ])('encodes %s and reads it back unchanged', (_name, value) => {
    const stored = toStoredCell(value);
    expect(stored).toBeInstanceOf(Binary);
    expect(fromStoredCell(stored)).toEqual(value);
  });

  it('maps whole cell records and leaves ordinary binaries alone', () => {
    const plain = new Binary(Buffer.from('x'));
    const cells = { a: { 'x.y': 1 }, b: 'text', c: plain };
    const stored = toStoredCells(cells);
    expect(stored.b).toBe('text');
    expect(fromStoredCells(stored)).toEqual(cells);
    expect(fromStoredCells({ c: plain }).c).toBe(plain);
  });
});
