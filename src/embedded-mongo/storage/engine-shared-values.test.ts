import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../logger.ts';
import { Persistence } from '../journal/persistence.ts';
import { StorageEngine } from './engine.ts';
import { applySimpleUpdate } from './update-fast-path.ts';

// Dates are the one shared value identity shows: equal dates stored by different
// commands (and read back by replay) must end up as one object.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(dbPath: string) {
  const engine = new StorageEngine();
  const persistence = new Persistence({ dbPath, engine, logger: silentLogger, fsyncIntervalMs: 10, compactThresholdBytes: 1 << 40 });
  await persistence.open();
  engine.journal = persistence;
  return { engine, persistence, coll: () => engine.ensureCollection('d', 'c') };
}

describe('StorageEngine shared values', () => {
  it('stores equal dates as one object across inserts, updates and a restart', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'og-shared-'));
    dirs.push(dbPath);
    const a = await open(dbPath);
    a.engine.insert(a.coll(), { _id: 1, at: new Date(1_000), log: [{ at: new Date(2_000) }] });
    a.engine.insert(a.coll(), { _id: 2, at: new Date(1_000), log: [] });
    const [one, two] = [...a.coll().docs.values()];
    expect(two.at).toBe(one.at);

    const updated = applySimpleUpdate(two, { $set: { done: new Date(2_000) } })!.doc;
    a.engine.replace(a.coll(), two, updated);
    const after = [...a.coll().docs.values()][1];
    expect(after.done).toBe((one.log as { at: Date }[])[0].at);
    await a.persistence.close();

    const b = await open(dbPath);
    const [r1, r2] = [...b.coll().docs.values()];
    expect(r1.at).toEqual(new Date(1_000));
    expect(r2.at).toBe(r1.at);
    expect(r2.done).toBe((r1.log as { at: Date }[])[0].at);
    await b.persistence.close();
  });

  it('still refuses a document nested far too deep as Overflow, sharing nothing past the allowed depth', () => {
    const engine = new StorageEngine();
    let d: Record<string, unknown> = { x: 'leaf' };
    for (let i = 0; i < 50_000; i++) d = { a: d };
    expect(() => engine.insert(engine.ensureCollection('d', 'c'), { _id: 1, d })).toThrow(/exceeds 100 levels of nesting/);
    expect(engine.collection('d', 'c')!.docs.size).toBe(0);
  });
});
