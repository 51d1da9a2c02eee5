import { open, rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Doc } from '../storage/bson-values.ts';
import type { StorageEngine } from '../storage/engine.ts';
import type { IndexSpec } from '../storage/index-data.ts';
import { encodeRecord } from './record-format.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;
// Longest stretch of serialization before yielding to the event loop, so replies keep
// flowing while a large snapshot is written (encoding ~1 KB costs a few microseconds).
const SLICE_MS = 4;
const CHECK_EVERY = 64;

interface CollectionView { db: string; name: string; specs: IndexSpec[]; docs: Doc[] }

// The state to snapshot, captured at one instant. Copying the document references is
// enough: stored documents are never mutated (updates store a modified copy, see
// applyUpdate; replace/remove swap or drop the Map entry), so each reference keeps
// the version current at capture time however long the write takes. O(n) pointer
// copies - a few ms for hundreds of thousands of documents.
export type SnapshotView = CollectionView[];

export function captureSnapshotView(engine: StorageEngine): SnapshotView {
  const view: SnapshotView = [];
  for (const [db, colls] of engine.dbs) {
    for (const coll of colls.values()) {
      const specs = [...coll.indexes.values()].map((index) => index.spec);
      view.push({ db, name: coll.name, specs, docs: [...coll.docs.values()] });
    }
  }
  return view;
}

function* snapshotRecords(gen: number, view: SnapshotView): Generator<Record<string, unknown>> {
  yield { o: 'hdr', gen, at: new Date() };
  for (const { db, name, specs, docs } of view) {
    yield { o: 'cc', db, c: name };
    for (const spec of specs) yield { o: 'ci', db, c: name, spec };
    for (const doc of docs) yield { o: 'p', db, c: name, d: doc };
  }
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// Writes the view as journal records (header, collections, index specs, documents) to
// `path` in time-sliced steps with asynchronous writes, fsyncs it and returns its size.
// On failure the partial file is removed and the error rethrown. `afterChunk` lets
// tests stop a write half-way, like a crash would.
export async function writeSnapshot(path: string, gen: number, view: SnapshotView, afterChunk?: () => Promise<void>): Promise<number> {
  const fh = await open(path, 'w');
  let bytes = 0;
  try {
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    const writeChunk = async () => {
      const data = Buffer.concat(chunk, chunkBytes);
      chunk = [];
      chunkBytes = 0;
      for (let off = 0; off < data.length; ) off += (await fh.write(data, off, data.length - off)).bytesWritten;
      bytes += data.length;
      await afterChunk?.();
    };
    let sliceStart = performance.now();
    let n = 0;
    for (const rec of snapshotRecords(gen, view)) {
      const buf = encodeRecord(rec);
      chunk.push(buf);
      chunkBytes += buf.length;
      if (chunkBytes >= CHUNK_BYTES) {
        await writeChunk();
        sliceStart = performance.now();
      } else if (++n % CHECK_EVERY === 0 && performance.now() - sliceStart >= SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    await writeChunk();
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(path, { force: true });
    throw err;
  }
  await fh.close();
  return bytes;
}
