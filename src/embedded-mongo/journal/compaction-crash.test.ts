import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../logger.ts';
import { StorageEngine } from '../storage/engine.ts';
import { Persistence, type CompactionStep } from './persistence.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PAD = 'p'.repeat(1000);
// Enough ~1 KB documents that the snapshot spans more than one 4 MiB write chunk, so
// 'chunk-written' leaves a partial temp file behind.
const LOADED = 6000;

async function openStore(dbPath: string, compactThresholdBytes: number, onCompactionStep?: (s: CompactionStep) => Promise<void>) {
  const engine = new StorageEngine();
  const persistence = new Persistence({ dbPath, engine, logger: silentLogger, fsyncIntervalMs: 10, compactThresholdBytes, onCompactionStep });
  await persistence.open();
  engine.journal = persistence;
  const coll = () => engine.ensureCollection('d', 'c');
  // Like a command: mutate, then flush before the (imaginary) acknowledgement.
  const insert = (n: number) => {
    engine.insert(coll(), { _id: n, n, pad: PAD });
    persistence.flush();
  };
  return { engine, persistence, coll, insert };
}

describe('journal compaction interrupted by a crash', () => {
  it.each<CompactionStep>(['rotated', 'chunk-written', 'snapshot-written', 'renamed'])(
    'recovers every acknowledged write when the process dies at %s',
    async (stopAt) => {
      const dbPath = mkdtempSync(join(tmpdir(), 'og-compaction-crash-'));
      dirs.push(dbPath);
      const seed = await openStore(dbPath, 1 << 30);
      seed.coll();
      seed.engine.createIndex(seed.coll(), { name: 'n_1', key: { n: 1 }, unique: true });
      for (let i = 0; i < LOADED; i++) seed.insert(i);
      await seed.persistence.close();

      // Reopen with a threshold the next few writes cross; the compaction they start
      // never gets past `stopAt`, and the process is then abandoned (kill -9).
      let armed = false;
      let reached!: () => void;
      const stalled = new Promise<void>((resolve) => (reached = resolve));
      const crashing = await openStore(dbPath, 64 * 1024, async (step) => {
        if (!armed || step !== stopAt) return;
        reached();
        await new Promise(() => {});
      });
      armed = true;
      let next = LOADED;
      for (let k = 0; k < 5000 && !crashingStarted(dbPath); k++) crashing.insert(next++);
      expect(crashingStarted(dbPath)).toBe(true);
      await stalled;
      // Writes acknowledged while the snapshot is in progress land in the new journal.
      for (let i = 0; i < 50; i++) crashing.insert(next++);
      const c = crashing.coll();
      const first = [...c.docs.values()][0];
      crashing.engine.replace(c, first, { ...first, updated: true });
      crashing.engine.remove(c, [...c.docs.values()][1]);
      crashing.persistence.flush();
      const expected = [...c.docs.values()].map((d) => ({ ...d }));
      if (stopAt === 'chunk-written') expect(existsSync(join(dbPath, 'snapshot.bson.tmp'))).toBe(true);

      const recovered = await openStore(dbPath, 1 << 30);
      expect([...recovered.coll().docs.values()]).toEqual(expected);
      // The unique index on n was rebuilt from the snapshot's index spec.
      expect(() => recovered.engine.insert(recovered.coll(), { _id: 'new', n: 5 })).toThrow(/E11000.*n_1/);
      await recovered.persistence.close();
      expect(readdirSync(dbPath).filter((f) => f.startsWith('journal-'))).toHaveLength(1);
      expect(existsSync(join(dbPath, 'snapshot.bson.tmp'))).toBe(false);
    },
  );
});

// A second journal file appears the moment a compaction rotates.
function crashingStarted(dbPath: string): boolean {
  return readdirSync(dbPath).filter((f) => f.startsWith('journal-')).length > 1;
}

describe('journal compaction that falls behind the writes', () => {
  it('compacts again once it finishes if the new journal already crossed the threshold', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'og-compaction-behind-'));
    dirs.push(dbPath);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let armed = false;
    let slowed = false;
    const store = await openStore(dbPath, 16 * 1024, async (step) => {
      if (!armed || step !== 'rotated' || slowed) return;
      slowed = true;
      await gate;
    });
    armed = true;
    let next = 0;
    while (!slowed) store.insert(next++);
    // ~50 KB lands in the new journal while the first snapshot is held back, and then
    // nothing more is written: only a compaction started on completion can shrink it.
    for (let i = 0; i < 50; i++) store.insert(next++);
    release();
    const deadline = Date.now() + 10_000;
    while (readdirSync(dbPath).filter((f) => f.startsWith('journal-')).length !== 1 || journalBytes(dbPath) > 16 * 1024) {
      if (Date.now() > deadline) throw new Error(`journal never shrank: ${journalBytes(dbPath)} bytes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await store.persistence.close();
    const recovered = await openStore(dbPath, 1 << 30);
    expect(recovered.coll().docs.size).toBe(next);
    await recovered.persistence.close();
  });
});

function journalBytes(dbPath: string): number {
  return readdirSync(dbPath)
    .filter((f) => f.startsWith('journal-'))
    .reduce((sum, f) => sum + statSync(join(dbPath, f)).size, 0);
}
