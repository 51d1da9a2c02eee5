import { describe, expect, it } from 'vitest';
import { createIdGenerator, isUuid } from './ids.ts';

describe('IdGenerator.within', () => {
  const scope = { seed: 'claim-1', atMs: Date.UTC(2026, 0, 2) };

  it('mints the same ids, in the same order, on every run with one seed', async () => {
    const a = createIdGenerator();
    const b = createIdGenerator();
    const first = await a.within(scope, async () => [a.uuid(), a.uuid(), a.uuid()]);
    const again = await b.within(scope, async () => [b.uuid(), b.uuid(), b.uuid()]);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
    expect(first.every(isUuid)).toBe(true);
    // Time-ordered like any UUIDv7: the claim's time, then mint order.
    expect(first.every((id) => parseInt(id.replace(/-/g, '').slice(0, 12), 16) === scope.atMs)).toBe(true);
    expect([...first].sort()).toEqual(first);
    const other = await a.within({ ...scope, seed: 'claim-2' }, async () => a.uuid());
    expect(first).not.toContain(other);
  });

  it('keeps mint order past the 12 bits of the version field', async () => {
    const ids = createIdGenerator();
    const many = await ids.within(scope, async () => Array.from({ length: 10_000 }, () => ids.uuid()));
    expect([...many].sort()).toEqual(many);
    expect(new Set(many).size).toBe(many.length);
    expect(many.every(isUuid)).toBe(true);
  });

  it('follows awaits, and mints ordinary ids outside the run and after it ends', async () => {
    const ids = createIdGenerator();
    let later: Promise<string> = Promise.resolve('');
    const inside = await ids.within(scope, async () => {
      await new Promise((r) => setImmediate(r));
      later = new Promise((r) => setTimeout(() => r(ids.uuid()), 5));
      return ids.uuid();
    });
    const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(timeOf(inside)).toBe(scope.atMs);
    expect(timeOf(ids.uuid())).not.toBe(scope.atMs);
    expect(timeOf(await later)).not.toBe(scope.atMs);
    const fresh = createIdGenerator();
    expect(await fresh.within(scope, async () => fresh.uuid())).toBe(inside);
    // Another generator's run does not reach this one.
    const other = createIdGenerator();
    expect(timeOf(await other.within(scope, async () => ids.uuid()))).not.toBe(scope.atMs);
  });

  it('mints an ordinary id with fresh(), also inside a run, without moving the run on', async () => {
    const ids = createIdGenerator();
    const [a, f1, b] = await ids.within(scope, async () => [ids.uuid(), ids.fresh(), ids.uuid()]);
    const [a2, f2, b2] = await ids.within(scope, async () => [ids.uuid(), ids.fresh(), ids.uuid()]);
    expect([a2, b2]).toEqual([a, b]);
    expect(f2).not.toBe(f1);
    expect([f1, f2].every(isUuid)).toBe(true);
  });
});
