import { closeSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/** The file calls a test can replace to make a write fail half-way. */
export interface JournalIo {
  writeSync: typeof writeSync;
  ftruncateSync: typeof ftruncateSync;
}
const REAL_IO: JournalIo = { writeSync, ftruncateSync };

// Appends records to the current journal file. `flush()` hands every pending record to
// the kernel with one write(2) before a reply leaves (so kill -9 loses nothing that was
// acknowledged); fdatasync runs on a timer, like mongod's journal commit interval.
export class JournalWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  // Whether a pending record must be durable for its command to succeed (hints need not).
  private pendingRequired = false;
  // Set when a failed write could not be cut back out of the file: nothing more is acknowledged.
  private broken: Error | undefined;
  private fd: number;
  private dirty = false;
  private syncing = false;
  // Previous journals whose final fdatasync has not completed yet.
  private retiring = 0;
  private deferredClose: number[] = [];
  private readonly timer: NodeJS.Timeout;
  bytesWritten = 0;
  path: string;

  constructor(
    path: string,
    fsyncIntervalMs: number,
    private readonly onSyncError: (err: Error) => void,
    private readonly io: JournalIo = REAL_IO,
  ) {
    this.path = path;
    this.fd = openSync(path, 'a');
    this.bytesWritten = fstatSync(this.fd).size;
    this.timer = setInterval(() => this.syncSoon(), fsyncIntervalMs);
    this.timer.unref();
  }

  /** Where in the current file the next record written will start. */
  get nextOffset(): number {
    return this.bytesWritten + this.pendingBytes;
  }

  /** A `hint` is worth keeping but not worth failing a command over (see flush). */
  write(buf: Buffer, hint = false): void {
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    if (!hint) this.pendingRequired = true;
  }

  /**
   * Writes what is pending; throws if that fails, unless all of it was hints. A write
   * that fails half-way is cut back out of the file first: replay stops at the first
   * damaged record, so a partial one left there would hide every record written after it.
   */
  flush(): void {
    if (this.broken) throw this.broken;
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const required = this.pendingRequired;
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingRequired = false;
    let off = 0;
    try {
      while (off < data.length) off += this.io.writeSync(this.fd, data, off, data.length - off);
    } catch (err) {
      this.cutBack();
      if (required || this.broken) throw err;
      return;
    }
    this.bytesWritten += data.length;
    this.dirty = true;
  }

  private cutBack(): void {
    try {
      this.io.ftruncateSync(this.fd, this.bytesWritten);
    } catch (err) {
      this.broken = new Error(
        `embedded-mongo journal ${this.path} holds a partial record that could not be removed (${(err as Error).message}); restart the server`,
      );
    }
  }

  // Points the writer at a fresh journal file (compaction rotates before snapshotting).
  switchTo(path: string): void {
    this.flush();
    const old = this.fd;
    this.fd = openSync(path, 'a');
    this.path = path;
    this.bytesWritten = fstatSync(this.fd).size;
    this.dirty = false;
    // The old file's tail may not be synced yet: sync it before closing, so a power cut
    // still loses at most one commit interval even while a snapshot is being written.
    this.retiring++;
    fdatasync(old, (err) => {
      this.retiring--;
      if (err) this.onSyncError(err);
      if (this.syncing) this.deferredClose.push(old);
      else closeSync(old);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    let failed: unknown;
    try {
      this.flush();
    } catch (err) {
      failed = err;
    }
    while (this.syncing || this.retiring > 0) await new Promise((r) => setTimeout(r, 5));
    try {
      if (!failed) fdatasyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    if (failed) throw failed;
  }

  private syncSoon(): void {
    if (!this.dirty || this.syncing) return;
    this.dirty = false;
    this.syncing = true;
    fdatasync(this.fd, (err) => {
      this.syncing = false;
      for (const fd of this.deferredClose.splice(0)) closeSync(fd);
      if (err) {
        this.dirty = true;
        this.onSyncError(err);
      }
    });
  }
}
