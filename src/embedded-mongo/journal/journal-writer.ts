import { closeSync, fdatasync, fdatasyncSync, fstatSync, openSync, writeSync } from 'node:fs';
import type { JournalSink } from '../storage/engine.ts';

// Appends records to the current journal file. `flush()` hands every pending record to
// the kernel with one write(2) before a reply leaves (so kill -9 loses nothing that was
// acknowledged); fdatasync runs on a timer, like mongod's journal commit interval.
export class JournalWriter implements JournalSink {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private fd: number;
  private dirty = false;
  private syncing = false;
  // Previous journals whose final fdatasync has not completed yet.
  private retiring = 0;
  private deferredClose: number[] = [];
  private readonly timer: NodeJS.Timeout;
  bytesWritten = 0;
  path: string;

  constructor(path: string, fsyncIntervalMs: number, private readonly onSyncError: (err: Error) => void) {
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

  write(buf: Buffer): void {
    this.pending.push(buf);
    this.pendingBytes += buf.length;
  }

  flush(): void {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    this.bytesWritten += data.length;
    this.dirty = true;
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
    this.flush();
    while (this.syncing || this.retiring > 0) await new Promise((r) => setTimeout(r, 5));
    fdatasyncSync(this.fd);
    closeSync(this.fd);
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
