import { BSON } from 'bson';
import type { Doc } from './bson-values.ts';

// Replies stay under mongod's 16 MiB batch ceiling.
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  ns: string;
  docs: Doc[];
  pos: number;
  lastUsed: number;
}

export interface Batch {
  batch: Doc[];
  id: number;
}

// Server-side cursors over already-materialised results. Ids are random positive safe
// integers; the wire layer sends them as BSON int64 as drivers require.
export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();

  constructor(
    private readonly now: () => number,
    private readonly idleTimeoutMs = 10 * 60_000,
  ) {}

  first(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch: boolean): Batch {
    const cursor: OpenCursor = { ns, docs, pos: 0, lastUsed: this.now() };
    const batch = takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (singleBatch || cursor.pos >= docs.length) return { batch, id: 0 };
    const id = this.newId();
    this.open.set(id, cursor);
    return { batch, id };
  }

  next(id: number, ns: string, batchSize: number | undefined): Batch | undefined {
    const cursor = this.open.get(id);
    if (!cursor || cursor.ns !== ns) return undefined;
    cursor.lastUsed = this.now();
    const batch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
    if (cursor.pos >= cursor.docs.length) {
      this.open.delete(id);
      return { batch, id: 0 };
    }
    return { batch, id };
  }

  kill(id: number): boolean {
    return this.open.delete(id);
  }

  // Drops cursors a client abandoned without killCursors.
  reapIdle(): void {
    const cutoff = this.now() - this.idleTimeoutMs;
    for (const [id, c] of this.open) if (c.lastUsed < cutoff) this.open.delete(id);
  }

  get size(): number {
    return this.open.size;
  }

  private newId(): number {
    let id = 0;
    while (id === 0 || this.open.has(id)) id = Math.floor(Math.random() * 2 ** 52) + 1;
    return id;
  }
}

function takeBatch(cursor: OpenCursor, batchSize: number): Doc[] {
  const end = Math.min(cursor.docs.length, cursor.pos + (batchSize > 0 ? batchSize : DEFAULT_FIRST_BATCH));
  if (end - cursor.pos <= 1) {
    const batch = cursor.docs.slice(cursor.pos, end);
    cursor.pos = end;
    return batch;
  }
  const batch: Doc[] = [];
  let bytes = 0;
  while (cursor.pos < end) {
    const size = BSON.calculateObjectSize(cursor.docs[cursor.pos], { ignoreUndefined: true });
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    bytes += size;
    batch.push(cursor.docs[cursor.pos++]);
  }
  return batch;
}
