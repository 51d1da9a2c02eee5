import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import { encodeKey } from '../storage/bson-values.ts';
import { StorageEngine } from '../storage/engine.ts';
import { Persistence, type CompactionStep } from './persistence.ts';

// `compact` asks for a compaction so that a superseded document version (e.g. a secret
// before it was sealed) leaves the files. One requested while another runs must not be
// lost: the running one may have captured the state before the write.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

function filesHolding(dir: string, needle: string): string[] {
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(Buffer.from(needle)));
}

async function open(dbPath: string, onCompactionStep?: (step: CompactionStep) => Promise<void>) {
  const engine = new StorageEngine();
  const persistence = new Persistence({ dbPath, engine, logger: quiet, fsyncIntervalMs: 10, onCompactionStep });
  await persistence.open();
  engine.journal = persistence;
  const coll = () => engine.ensureCollection('d', 'c');
  const put = (doc: { _id: number; v: string }) => {
    const old = coll().get(encodeKey(doc._id));
    if (old) engine.replace(coll(), old, doc);
    else engine.insert(coll(), doc);
    persistence.flush();
  };
  return { persistence, put };
}

describe('requested compaction', () => {
  it('removes a superseded version from every file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-req-compact-'));
    dirs.push(dir);
    const { persistence, put } = await open(dir);
    put({ _id: 1, v: 'plaintext-before-sealing' });
    put({ _id: 1, v: 'sealed-after' });
    expect(filesHolding(dir, 'plaintext-before-sealing')).not.toEqual([]);
    persistence.requestCompaction();
    await persistence.close();
    expect(filesHolding(dir, 'plaintext-before-sealing')).toEqual([]);
    expect(filesHolding(dir, 'sealed-after')).not.toEqual([]);
  });

  it('runs again when requested while a compaction that captured the old state is running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-req-compact-'));
    dirs.push(dir);
    let armed = false;
    let release: () => void = () => {};
    const { persistence, put } = await open(dir, async (step) => {
      if (step === 'rotated' && armed) {
        armed = false;
        await new Promise<void>((done) => (release = done));
      }
    });
    put({ _id: 1, v: 'plaintext-before-sealing' });
    armed = true;
    persistence.requestCompaction();
    // The first compaction has captured the plaintext version; now the value is sealed.
    put({ _id: 1, v: 'sealed-after' });
    persistence.requestCompaction();
    release();
    await persistence.close();
    expect(filesHolding(dir, 'plaintext-before-sealing')).toEqual([]);
    expect(filesHolding(dir, 'sealed-after')).not.toEqual([]);
  });
});
