import type { Doc } from '../storage/bson-values.ts';

// Where a document version's record sits in a file that holds it verbatim: the journal
// it was written to, or the published snapshot. A stored document's contents never
// change (updates store a modified copy), so a document object still held at compaction
// has exactly that record, and the snapshot copies its bytes instead of encoding it
// again: a compaction mostly reads and writes files, and takes little CPU from the
// requests it runs beside.
export interface RecordLocation {
  path: string;
  ns: string;
  off: number;
  len: number;
  valid: object;
}

const LOCATION = Symbol('embedded-mongo record location');
type Located = Doc & { [LOCATION]?: RecordLocation };

/**
 * Notes each stored version's location on the version itself, under a symbol no reader
 * of documents sees (BSON, mingo and spreads skip non-enumerable symbol keys, so an
 * updated copy never inherits its predecessor's location). This was a WeakMap of every
 * stored version: ~3 us per write, a table rebuilt in one step at each doubling of the
 * store (16 ms at 87,000 documents), and ephemerons for every garbage collection to trace.
 */
export class RecordLocations {
  // Locations noted under another token are forgotten: replacing it forgets them all.
  private token: object = {};

  note(doc: Doc, path: string, ns: string, off: number, len: number): void {
    const at: RecordLocation = { path, ns, off, len, valid: this.token };
    if (Object.prototype.hasOwnProperty.call(doc, LOCATION)) (doc as Located)[LOCATION] = at;
    else Object.defineProperty(doc, LOCATION, { value: at, writable: true, configurable: false, enumerable: false });
  }

  /** A record copied verbatim to `path` at `off`: its version's location moves with it. */
  move(at: RecordLocation, path: string, off: number): void {
    at.path = path;
    at.off = off;
  }

  of(doc: Doc): RecordLocation | undefined {
    const at = (doc as Located)[LOCATION];
    return at && at.valid === this.token ? at : undefined;
  }

  /** After a failed write: records noted so far may have been cut out, and others written at their offsets. */
  forgetAll(): void {
    this.token = {};
  }
}
