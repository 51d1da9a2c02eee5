import { open, rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Doc } from '../storage/bson-values.ts';
import type { StorageEngine } from '../storage/engine.ts';
import type { IndexSpec } from '../storage/index-data.ts';
import { encodeRecord, intactRecordEnd } from './record-format.ts';
import type { RecordLocation } from './record-locations.ts';
import { SourceReader } from './source-reader.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;
// Longest stretch of serialization before yielding to the event loop, so replies keep
// flowing while a large snapshot is written (encoding ~1 KB costs a few microseconds).
const SLICE_MS = 4;
const CHECK_EVERY = 64;

interface CollectionView {
  db: string;
  name: string;
  specs: IndexSpec[];
  ordered: string[];
  docs: Doc[];
}

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
      const indexes = [...coll.indexes.values()];
      const specs = indexes.map((index) => index.spec);
      const ordered = indexes.filter((index) => index.isOrdered).map((index) => index.spec.name);
      view.push({ db, name: coll.name, specs, ordered, docs: [...coll.docs.values()] });
    }
  }
  return view;
}

interface SnapshotItem {
  rec: Record<string, unknown>;
  doc?: Doc;
  ns?: string;
}

function* snapshotRecords(gen: number, view: SnapshotView): Generator<SnapshotItem> {
  yield { rec: { o: 'hdr', gen, at: new Date() } };
  for (const { db, name, specs, ordered, docs } of view) {
    yield { rec: { o: 'cc', db, c: name } };
    for (const spec of specs) yield { rec: { o: 'ci', db, c: name, spec } };
    for (const index of ordered) yield { rec: { o: 'oi', db, c: name, name: index } };
    const ns = `${db}.${name}`;
    for (const doc of docs) yield { rec: { o: 'p', db, c: name, d: doc }, doc, ns };
  }
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// Copied runs are read and CRC-checked in pieces of at most this much, so each check
// (synchronous) stays well inside a slice.
const COPY_BYTES = 256 * 1024;

/** Copies `len` bytes at `off` of `path` into `target` at `at`, and checks the CRC of every record in them. */
async function copyRecords(reader: SourceReader, path: string, off: number, len: number, target: Buffer, at: number): Promise<void> {
  await reader.copy(path, off, len, target, at);
  for (let i = at; i < at + len;) {
    const end = intactRecordEnd(target, i, at + len);
    if (end < 0) throw new Error('a record a snapshot copies is corrupt');
    i = end;
  }
}

export interface SnapshotWriteOptions {
  /** Lets tests stop a write half-way, like a crash would. */
  afterChunk?: () => Promise<void>;
  /** Where a document's current record can be copied from, if anywhere. */
  locate?: (doc: Doc) => RecordLocation | undefined;
}

export interface SnapshotWritten {
  bytes: number;
  /** Bytes copied from other files rather than encoded. */
  copied: number;
  /** Each document's record in the new file, as parallel lists (no object per document). */
  placed: PlacedRecords;
  /** Reads made from the files copied from. */
  reads: number;
}

/**
 * Each document's record in the new file, as parallel lists sized up front (no object per
 * document, no regrowth of lists of a hundred thousand entries). `from` is the location a
 * copied record came from, which relocation points at the new file in place.
 */
export interface PlacedRecords {
  count: number;
  docs: Doc[];
  ns: string[];
  off: Float64Array;
  len: Uint32Array;
  from: Array<RecordLocation | undefined>;
}

function placedFor(view: SnapshotView): PlacedRecords {
  const n = view.reduce((sum, c) => sum + c.docs.length, 0);
  return {
    count: 0,
    docs: new Array<Doc>(n),
    ns: new Array<string>(n),
    off: new Float64Array(n),
    len: new Uint32Array(n),
    from: new Array<RecordLocation | undefined>(n),
  };
}

function place(p: PlacedRecords, doc: Doc, ns: string, off: number, len: number, from?: RecordLocation): void {
  const i = p.count++;
  p.docs[i] = doc;
  p.ns[i] = ns;
  p.off[i] = off;
  p.len[i] = len;
  p.from[i] = from;
}

// Writes the view as journal records (header, collections, index specs, documents) to
// `path` in time-sliced steps with asynchronous writes, fsyncs it and returns what it
// wrote. On failure the partial file is removed and the error rethrown.
export async function writeSnapshot(path: string, gen: number, view: SnapshotView, opts: SnapshotWriteOptions = {}): Promise<SnapshotWritten> {
  const fh = await open(path, 'w');
  const reader = new SourceReader();
  const placed = placedFor(view);
  let bytes = 0;
  let copied = 0;
  try {
    // One output buffer, reused: copied runs are read straight into it, so a compaction
    // that mostly copies allocates almost nothing (large short-lived buffers are external
    // memory that brings on full garbage collections).
    const out = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    let used = 0;
    let pos = 0;
    // A run of consecutive records of one source file still to be copied: [from, to).
    let run: { path: string; from: number; to: number } | undefined;
    const writeOut = async (data: Buffer) => {
      for (let off = 0; off < data.length;) off += (await fh.write(data, off, data.length - off)).bytesWritten;
      bytes += data.length;
      await opts.afterChunk?.();
    };
    const flushOut = async () => {
      if (used === 0) return;
      await writeOut(out.subarray(0, used));
      used = 0;
    };
    const push = async (buf: Buffer) => {
      if (used + buf.length > CHUNK_BYTES) await flushOut();
      if (buf.length > CHUNK_BYTES) return writeOut(buf);
      buf.copy(out, used);
      used += buf.length;
    };
    const flushRun = async () => {
      if (!run) return;
      const { path: from, from: off, to } = run;
      run = undefined;
      const len = to - off;
      copied += len;
      if (used + len > CHUNK_BYTES) await flushOut();
      if (len > CHUNK_BYTES) {
        const big = Buffer.allocUnsafe(len);
        await copyRecords(reader, from, off, len, big, 0);
        return writeOut(big);
      }
      await copyRecords(reader, from, off, len, out, used);
      used += len;
    };
    let sliceStart = performance.now();
    let n = 0;
    for (const { rec, doc, ns } of snapshotRecords(gen, view)) {
      const found = doc && opts.locate?.(doc);
      if (doc && ns && found && found.ns === ns) {
        if (!run || run.path !== found.path || run.to !== found.off) {
          await flushRun();
          run = { path: found.path, from: found.off, to: found.off };
        }
        run.to += found.len;
        place(placed, doc, ns, pos, found.len, found);
        pos += found.len;
        if (run.to - run.from >= COPY_BYTES) await flushRun();
      } else {
        await flushRun();
        const buf = encodeRecord(rec);
        if (doc && ns) place(placed, doc, ns, pos, buf.length);
        pos += buf.length;
        await push(buf);
      }
      if (++n % CHECK_EVERY === 0 && performance.now() - sliceStart >= SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    await flushRun();
    await flushOut();
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await reader.close();
    await rm(path, { force: true });
    throw err;
  }
  await fh.close();
  await reader.close();
  return { bytes, copied, placed, reads: reader.reads };
}
