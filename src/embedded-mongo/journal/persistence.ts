import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import type { JournalSink, StorageEngine } from '../storage/engine.ts';
import { JournalWriter } from './journal-writer.ts';
import { decodeRecords, encodeRecord } from './record-format.ts';

const SNAPSHOT = 'snapshot.bson';
const JOURNAL_RE = /^journal-(\d+)\.bson$/;
const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

export interface PersistenceOptions {
  dbPath: string;
  engine: StorageEngine;
  logger: Logger;
  fsyncIntervalMs: number;
  compactThresholdBytes?: number;
}

function journalPath(dbPath: string, gen: number): string {
  return join(dbPath, `journal-${gen}.bson`);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Snapshot + journal generations: snapshot.bson (gen G) is the state that journal-G
// continues. Compaction writes gen G+1 to a temp file, renames it over the snapshot
// and only then starts journal-(G+1), so a crash at any step replays a consistent pair.
export class Persistence implements JournalSink {
  private gen = 0;
  private snapshotBytes = 0;
  private writer!: JournalWriter;

  constructor(private readonly opts: PersistenceOptions) {}

  open(): void {
    this.load();
    this.compact(true);
  }

  append(record: Record<string, unknown>): void {
    this.writer.append(record);
  }

  flush(): void {
    this.writer.flush();
    const threshold = this.opts.compactThresholdBytes ?? Math.max(DEFAULT_COMPACT_BYTES, this.snapshotBytes);
    if (this.writer.bytesWritten > threshold) this.compact(false);
  }

  async close(): Promise<void> {
    await this.writer.close();
  }

  private load(): void {
    const { dbPath, engine, logger } = this.opts;
    const snapPath = join(dbPath, SNAPSHOT);
    if (existsSync(snapPath)) {
      const { records, torn } = decodeRecords(readFileSync(snapPath));
      if (torn) throw new Error(`embedded-mongo snapshot ${snapPath} is corrupt; refusing to start`);
      const header = records[0];
      this.gen = header?.o === 'hdr' ? Number(header.gen) : 0;
      for (const rec of records) engine.applyRecord(rec);
    }
    const jPath = journalPath(dbPath, this.gen);
    if (!existsSync(jPath)) return;
    const buf = readFileSync(jPath);
    const { records, validBytes, torn } = decodeRecords(buf);
    for (const rec of records) engine.applyRecord(rec);
    if (torn) {
      logger.warn({ file: jPath, validBytes, droppedBytes: buf.length - validBytes }, 'embedded-mongo journal had a torn last record; ignored it');
      truncateSync(jPath, validBytes);
    }
    logger.info({ records: records.length }, 'embedded-mongo replayed journal');
  }

  // Writes the whole in-memory state as the next snapshot generation.
  private compact(startup: boolean): void {
    const { dbPath, engine } = this.opts;
    const next = this.gen + 1;
    const tmp = join(dbPath, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w');
    let bytes = 0;
    try {
      let chunk: Buffer[] = [];
      let chunkBytes = 0;
      const put = (rec: Record<string, unknown>) => {
        const buf = encodeRecord(rec);
        chunk.push(buf);
        chunkBytes += buf.length;
        if (chunkBytes >= 4 * 1024 * 1024) writeChunk();
      };
      const writeChunk = () => {
        const data = Buffer.concat(chunk, chunkBytes);
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
        bytes += data.length;
        chunk = [];
        chunkBytes = 0;
      };
      put({ o: 'hdr', gen: next, at: new Date() });
      for (const [db, colls] of engine.dbs) {
        for (const coll of colls.values()) {
          put({ o: 'cc', db, c: coll.name });
          for (const index of coll.indexes.values()) put({ o: 'ci', db, c: coll.name, spec: index.spec });
          for (const doc of coll.docs.values()) put({ o: 'p', db, c: coll.name, d: doc });
        }
      }
      writeChunk();
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dbPath, SNAPSHOT));
    fsyncDir(dbPath);
    this.gen = next;
    this.snapshotBytes = bytes;
    const jPath = journalPath(dbPath, next);
    closeSync(openSync(jPath, 'w'));
    if (startup) this.writer = new JournalWriter(jPath, this.opts.fsyncIntervalMs, (err) => this.opts.logger.error({ err: err.message }, 'embedded-mongo journal fsync failed'));
    else this.writer.switchTo(jPath);
    fsyncDir(dbPath);
    this.removeOldJournals();
    this.opts.logger.info({ gen: next, snapshotBytes: bytes }, 'embedded-mongo compacted journal into snapshot');
  }

  private removeOldJournals(): void {
    for (const name of readdirSync(this.opts.dbPath)) {
      const m = JOURNAL_RE.exec(name);
      if (m && Number(m[1]) !== this.gen) unlinkSync(join(this.opts.dbPath, name));
    }
  }
}
