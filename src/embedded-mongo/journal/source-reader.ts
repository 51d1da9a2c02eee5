import { open, type FileHandle } from 'node:fs/promises';

// The first read of a stretch, and the most a read-ahead grows to.
const MIN_AHEAD = 16 * 1024;
const MAX_AHEAD = 1024 * 1024;
// A read this close past the window still counts as moving forward through the file: the
// stale versions between two current records are skipped by reading them.
const MAX_GAP = 256 * 1024;

const shortFile = () => new Error('a file a snapshot copies from is shorter than expected');

interface Window {
  fh: FileHandle;
  buf: Buffer;
  start: number;
  end: number;
  ahead: number;
}

/**
 * Reads the records a snapshot copies from its source files (older journals, the
 * published snapshot). Those records are each document's latest version: a few
 * kilobytes, in order through a file more often than not, but seldom adjacent for long
 * (the versions in between are stale), so reading each run of adjacent records on its
 * own made many small reads: 3,200 for a compaction of 80,000 deliveries, each a
 * thread-pool task and ~20 us of the store's thread. Like the kernel's read-ahead, each
 * file keeps one window: a read that moves forward from it (up to 256 KB past it)
 * doubles the next read, up to 1 MB; a jump elsewhere starts small again, so a scattered
 * pattern reads little more than it copies.
 */
export class SourceReader {
  private readonly windows = new Map<string, Window>();
  /** Reads issued, for the compaction log. */
  reads = 0;

  /** Copies `len` bytes at `off` of `path` into `target` at `at`. */
  async copy(path: string, off: number, len: number, target: Buffer, at: number): Promise<void> {
    let w = this.windows.get(path);
    if (!w) {
      w = { fh: await open(path, 'r'), buf: Buffer.allocUnsafeSlow(MAX_AHEAD), start: 0, end: 0, ahead: MIN_AHEAD };
      this.windows.set(path, w);
    }
    if (len > MAX_AHEAD) {
      if ((await this.readAt(w.fh, target, at, len, off)) < len) throw shortFile();
      return;
    }
    if (off < w.start || off + len > w.end) await this.fill(w, off, len);
    w.buf.copy(target, at, off - w.start, off - w.start + len);
  }

  async close(): Promise<void> {
    for (const w of this.windows.values()) await w.fh.close().catch(() => {});
    this.windows.clear();
  }

  private async fill(w: Window, off: number, len: number): Promise<void> {
    // Forward from inside the window (a record it holds only the start of) or a little past it.
    const sequential = off >= w.start && off - w.end <= Math.max(w.ahead, MAX_GAP);
    w.ahead = sequential ? Math.min(w.ahead * 2, MAX_AHEAD) : MIN_AHEAD;
    const got = await this.readAt(w.fh, w.buf, 0, Math.max(len, w.ahead), off);
    if (got < len) throw shortFile();
    w.start = off;
    w.end = off + got;
  }

  /** Reads `len` bytes at `pos` into `buf` at `at`, or fewer at the end of the file; returns how many. */
  private async readAt(fh: FileHandle, buf: Buffer, at: number, len: number, pos: number): Promise<number> {
    let got = 0;
    while (got < len) {
      this.reads++;
      const { bytesRead } = await fh.read(buf, at + got, len - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  }
}
