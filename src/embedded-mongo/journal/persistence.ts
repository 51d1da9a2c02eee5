import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import type { JournalSink, StorageEngine } from '../storage/engine.ts';
import { JournalWriter } from './journal-writer.ts';
import { decodeRecords } from './record-format.ts';
import { writeSnapshot } from './snapshot-writer.ts';

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
  private compactBackoff = 1;
  private writer!: JournalWriter;

  constructor(private readonly opts: PersistenceOptions) {}

  open(): void {
    this.load();
    this.compact(true);
  }

  write(record: Buffer): void {
    this.writer.write(record);
  }

  // Throws if the journal cannot be written: the caller must then not acknowledge.
  flush(): void {
    this.writer.flush();
    const threshold = (this.opts.compactThresholdBytes ?? Math.max(DEFAULT_COMPACT_BYTES, this.snapshotBytes)) * this.compactBackoff;
    if (this.writer.bytesWritten <= threshold) return;
    try {
      this.compact(false);
      this.compactBackoff = 1;
    } catch (err) {
      // The journal still holds every write; try again once it has grown further.
      this.compactBackoff *= 2;
      this.opts.logger.error({ err: (err as Error).message }, 'embedded-mongo journal compaction failed; will retry later');
    }
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
    const bytes = writeSnapshot(tmp, next, engine);
    // The next journal exists before the snapshot that points at it is published, so
    // nothing after the rename can fail on creating it.
    const jPath = journalPath(dbPath, next);
    closeSync(openSync(jPath, 'w'));
    renameSync(tmp, join(dbPath, SNAPSHOT));
    fsyncDir(dbPath);
    this.gen = next;
    this.snapshotBytes = bytes;
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
