import { existsSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import type { JournalSink, StorageEngine } from '../storage/engine.ts';
import { JournalWriter, type JournalIo } from './journal-writer.ts';
import { decodeRecords } from './record-format.ts';
import type { Doc } from '../storage/bson-values.ts';
import { RecordLocations } from './record-locations.ts';
import { captureSnapshotView, writeSnapshot, type PlacedRecords } from './snapshot-writer.ts';

const SNAPSHOT = 'snapshot.bson';
const JOURNAL_RE = /^journal-(\d+)\.bson$/;
const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

export type CompactionStep = 'rotated' | 'chunk-written' | 'snapshot-written' | 'renamed';

export interface PersistenceOptions {
  dbPath: string;
  engine: StorageEngine;
  logger: Logger;
  fsyncIntervalMs: number;
  compactThresholdBytes?: number;
  // Test seam: awaited at each compaction step, so a test can abandon one half-way.
  onCompactionStep?: (step: CompactionStep) => Promise<void>;
  // Test seam: the journal's file calls, so a test can make a write fail half-way.
  journalIo?: JournalIo;
}

function journalPath(dbPath: string, gen: number): string {
  return join(dbPath, `journal-${gen}.bson`);
}

function journalGens(dbPath: string): number[] {
  const gens: number[] = [];
  for (const name of readdirSync(dbPath)) {
    const m = JOURNAL_RE.exec(name);
    if (m) gens.push(Number(m[1]));
  }
  return gens.sort((a, b) => a - b);
}

// Makes renames and newly created files in `dir` survive a power loss.
async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

// snapshot.bson (gen G) holds the state that journal-G, journal-(G+1), ... continue, in
// that order. Compaction first rotates to a fresh journal (synchronously, so every later
// write lands in it), captures the state at that instant, writes it as the snapshot of
// the new generation in the background, renames it into place and only then deletes
// the older journals. A crash at any step replays either the old snapshot + all
// journals, or the new snapshot + the journals from its generation on: nothing
// acknowledged is lost and the event loop is never blocked for the whole write.
export class Persistence implements JournalSink {
  private snapshotGen = 0;
  private journalGen = 0;
  private snapshotBytes = 0;
  private compactBackoff = 1;
  private compaction: Promise<void> | undefined;
  private compactionRequested = false;
  /** Where each stored document version's record is, so a snapshot copies rather than encodes it. */
  private readonly locations = new RecordLocations();
  private closing = false;
  private writer!: JournalWriter;

  constructor(private readonly opts: PersistenceOptions) {}

  // Replays, starts a new journal and writes a fresh snapshot before any client connects.
  async open(): Promise<void> {
    this.load();
    const started = performance.now();
    const ordered = this.opts.engine.orderIndexesAsBefore();
    if (ordered > 0)
      this.opts.logger.info({ indexes: ordered, ms: Math.round(performance.now() - started) }, 'embedded-mongo ordered indexes as before the restart');
    const gen = this.rotate();
    await this.publishSnapshot(gen, captureSnapshotView(this.opts.engine));
  }

  write(record: Buffer, stored?: { doc: Doc; ns: string }, hint = false): void {
    if (stored) this.locations.note(stored.doc, this.writer.path, stored.ns, this.writer.nextOffset, record.length);
    this.writer.write(record, hint);
  }

  // Throws if the journal cannot be written: the caller must then not acknowledge.
  flush(): void {
    try {
      this.writer.flush();
    } catch (err) {
      // The failed records were cut out of the file and later ones take their offsets:
      // the locations noted for them now point at other records. Forget them all, so a
      // snapshot encodes those documents rather than copy the wrong bytes.
      this.locations.forgetAll();
      throw err;
    }
    this.compactIfDue();
  }

  async close(): Promise<void> {
    this.closing = true;
    // A snapshot being written is finished rather than left as a stray temp file.
    while (this.compaction) await this.compaction;
    await this.writer.close();
  }

  // A compaction already running may have captured the state before the writes the
  // caller wants gone from disk: it is followed by another one.
  requestCompaction(): void {
    if (this.compaction) this.compactionRequested = true;
    else if (!this.closing) this.startCompaction();
  }

  private compactIfDue(): void {
    if (this.compaction || this.closing) return;
    const threshold = (this.opts.compactThresholdBytes ?? Math.max(DEFAULT_COMPACT_BYTES, this.snapshotBytes)) * this.compactBackoff;
    if (this.writer.bytesWritten > threshold) this.startCompaction();
  }

  private startCompaction(): void {
    let job: Promise<void>;
    try {
      const gen = this.rotate();
      job = this.publishSnapshot(gen, captureSnapshotView(this.opts.engine));
    } catch (err) {
      job = Promise.reject(err);
    }
    this.compaction = job
      .then(
        () => {
          this.compactBackoff = 1;
        },
        (err: Error) => {
          // The journals still hold every write; try again once they have grown further,
          // encoding everything (a failed copy may mean a file it read is damaged).
          this.locations.forgetAll();
          this.compactBackoff *= 2;
          this.opts.logger.error({ err: err.message }, 'embedded-mongo journal compaction failed; will retry later');
        },
      )
      .finally(() => {
        this.compaction = undefined;
        if (this.compactionRequested) {
          // Requested while the last one ran; close() waits for this one too.
          this.compactionRequested = false;
          this.startCompaction();
          return;
        }
        // Writes that arrived while the snapshot was written may already be past the
        // threshold; without this the journal would wait for the next write to shrink.
        this.compactIfDue();
      });
  }

  // Every write from now on goes to journal-(N+1); returns N+1, the generation of the
  // snapshot that captures the state as of this call.
  private rotate(): number {
    const next = this.journalGen + 1;
    const path = journalPath(this.opts.dbPath, next);
    if (this.writer) this.writer.switchTo(path);
    else
      this.writer = new JournalWriter(
        path,
        this.opts.fsyncIntervalMs,
        (err) => this.opts.logger.error({ err: err.message }, 'embedded-mongo journal fsync failed'),
        this.opts.journalIo,
      );
    this.journalGen = next;
    // The new file's directory entry must be durable for its synced records to count.
    fsyncDir(this.opts.dbPath).catch((err: Error) => this.opts.logger.error({ err: err.message }, 'embedded-mongo directory fsync failed'));
    return next;
  }

  private async publishSnapshot(gen: number, view: ReturnType<typeof captureSnapshotView>): Promise<void> {
    const { dbPath, logger, onCompactionStep: step } = this.opts;
    await step?.('rotated');
    const tmp = join(dbPath, `${SNAPSHOT}.tmp`);
    const { bytes, copied, placed, reads } = await writeSnapshot(tmp, gen, view, {
      afterChunk: step && (() => step('chunk-written')),
      locate: (doc) => this.locations.of(doc),
    });
    await step?.('snapshot-written');
    const published = join(dbPath, SNAPSHOT);
    await rename(tmp, published);
    await this.relocate(placed, published);
    await fsyncDir(dbPath);
    await step?.('renamed');
    this.snapshotGen = gen;
    this.snapshotBytes = bytes;
    for (const old of journalGens(dbPath)) if (old < gen) await unlink(journalPath(dbPath, old));
    logger.info({ gen, snapshotBytes: bytes, copiedBytes: copied, reads }, 'embedded-mongo compacted journal into snapshot');
  }

  // Points every version the new snapshot holds at it, in slices so the event loop keeps
  // serving. Until this is done the older journals stay (they are deleted after it), and
  // no other snapshot can start, so no stale location is ever read. A copied record's
  // location is moved in place (a location belongs to one document version, and the copy
  // holds that version's bytes), with no new object per document.
  private async relocate(placed: PlacedRecords, path: string): Promise<void> {
    for (let i = 0; i < placed.count; i++) {
      const copiedFrom = placed.from[i];
      if (copiedFrom) this.locations.move(copiedFrom, path, placed.off[i]);
      else this.locations.note(placed.docs[i], path, placed.ns[i], placed.off[i], placed.len[i]);
      if (i % 4096 === 4095) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private load(): void {
    const { dbPath, engine } = this.opts;
    const snapPath = join(dbPath, SNAPSHOT);
    if (existsSync(snapPath)) {
      const { records, torn } = decodeRecords(readFileSync(snapPath));
      if (torn) throw new Error(`embedded-mongo snapshot ${snapPath} is corrupt; refusing to start`);
      const header = records[0];
      this.snapshotGen = header?.o === 'hdr' ? Number(header.gen) : 0;
      for (const rec of records) engine.applyRecord(rec);
    }
    const gens = journalGens(dbPath);
    // New journals are numbered above every existing one, even ignored ones.
    this.journalGen = Math.max(this.snapshotGen, ...gens);
    const live = gens.filter((g) => g >= this.snapshotGen);
    for (let i = 0; i < live.length; i++) {
      if (!this.replayJournal(live[i], i === live.length - 1)) break;
    }
  }

  // Returns false when the journal ends in a torn record. Only the newest journal can
  // legitimately have one (kill -9 mid-write); an older one means its unsynced tail was
  // lost in a power cut, so later journals are skipped to keep a consistent prefix.
  private replayJournal(gen: number, newest: boolean): boolean {
    const { dbPath, engine, logger } = this.opts;
    const jPath = journalPath(dbPath, gen);
    const buf = readFileSync(jPath);
    const { records, validBytes, torn } = decodeRecords(buf);
    for (const rec of records) engine.applyRecord(rec);
    logger.info({ file: jPath, records: records.length }, 'embedded-mongo replayed journal');
    if (!torn) return true;
    logger.warn({ file: jPath, validBytes, droppedBytes: buf.length - validBytes, newest }, 'embedded-mongo journal had a torn last record; ignored it');
    // Truncating an older journal would let a later restart replay the skipped newer ones.
    if (newest) truncateSync(jPath, validBytes);
    return newest;
  }
}
