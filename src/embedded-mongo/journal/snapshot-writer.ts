import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import type { StorageEngine } from '../storage/engine.ts';
import { encodeRecord } from './record-format.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

// Writes the whole in-memory state as journal records (header, collections, index
// specs, documents) to `path` and fsyncs it; returns the size. On failure the partial
// file is removed and the error rethrown.
export function writeSnapshot(path: string, gen: number, engine: StorageEngine): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  let chunk: Buffer[] = [];
  let chunkBytes = 0;
  const writeChunk = () => {
    const data = Buffer.concat(chunk, chunkBytes);
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    bytes += data.length;
    chunk = [];
    chunkBytes = 0;
  };
  const put = (rec: Record<string, unknown>) => {
    const buf = encodeRecord(rec);
    chunk.push(buf);
    chunkBytes += buf.length;
    if (chunkBytes >= CHUNK_BYTES) writeChunk();
  };
  try {
    put({ o: 'hdr', gen, at: new Date() });
    for (const [db, colls] of engine.dbs) {
      for (const coll of colls.values()) {
        put({ o: 'cc', db, c: coll.name });
        for (const index of coll.indexes.values()) put({ o: 'ci', db, c: coll.name, spec: index.spec });
        for (const doc of coll.docs.values()) put({ o: 'p', db, c: coll.name, d: doc });
      }
    }
    writeChunk();
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
  return bytes;
}
