import { MongoCommandError } from '../errors.ts';
import { encodeRecord } from '../journal/record-format.ts';
import { Collection } from './collection.ts';
import { encodeKey, type Doc } from './bson-values.ts';
import type { IndexSpec } from './index-data.ts';
import { ValueInterner } from './value-interner.ts';

// Receives encoded journal records (see journal/record-format.ts). A record that stores
// a document version names it, so a snapshot can copy those bytes instead of encoding
// the document again. A `hint` is a record whose loss costs only time: no command is
// failed because it could not be written.
export interface JournalSink {
  write(record: Buffer, stored?: { doc: Doc; ns: string }, hint?: boolean): void;
  /** Rewrites the files from the current state soon, so no superseded version stays on disk. */
  requestCompaction?(): void;
}

const NO_JOURNAL: JournalSink = { write() {} };

const MAX_DOC_BYTES = 16 * 1024 * 1024;
// Room for the record envelope ({o, db, c, d}) around the document itself.
const ENVELOPE_BYTES = 4096;

function encodeDocRecord(record: Doc, what: 'insert' | 'update'): Buffer {
  let buf: Buffer;
  try {
    buf = encodeRecord(record);
  } catch {
    buf = Buffer.alloc(MAX_DOC_BYTES + ENVELOPE_BYTES + 1);
  }
  if (buf.length <= MAX_DOC_BYTES + ENVELOPE_BYTES) return buf;
  if (what === 'insert') throw new MongoCommandError('BadValue', `object to insert too large. max size: ${MAX_DOC_BYTES}`);
  throw new MongoCommandError('Location17419', `Resulting document after update is larger than ${MAX_DOC_BYTES}`);
}

// All databases of the server. Every mutation goes through here so it is logged to the
// journal exactly once; `applyRecord` replays those same records at start-up.
export class StorageEngine {
  readonly dbs = new Map<string, Map<string, Collection>>();
  journal: JournalSink = NO_JOURNAL;
  private readonly shared = new ValueInterner();

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  ensureCollection(db: string, name: string): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    const coll = this.createCollectionNoLog(db, name);
    this.log({ o: 'cc', db, c: name });
    return coll;
  }

  // Documents are encoded before the change is applied, so one too large to store
  // fails cleanly instead of leaving memory and journal apart.
  insert(coll: Collection, doc: Doc): void {
    const rec = encodeDocRecord({ o: 'p', db: coll.db, c: coll.name, d: doc }, 'insert');
    this.shared.value(doc);
    coll.insert(doc);
    this.journal.write(rec, { doc, ns: coll.ns });
  }

  replace(coll: Collection, oldDoc: Doc, newDoc: Doc): void {
    const rec = encodeDocRecord({ o: 'p', db: coll.db, c: coll.name, d: newDoc }, 'update');
    this.shared.changedValues(oldDoc, newDoc);
    coll.replace(oldDoc, newDoc);
    this.journal.write(rec, { doc: newDoc, ns: coll.ns });
  }

  remove(coll: Collection, doc: Doc): void {
    if (coll.remove(encodeKey(doc._id))) this.log({ o: 'x', db: coll.db, c: coll.name, id: doc._id });
  }

  createIndex(coll: Collection, spec: IndexSpec): void {
    coll.addIndex(spec);
    this.log({ o: 'ci', db: coll.db, c: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string): void {
    coll.indexes.delete(name);
    this.log({ o: 'di', db: coll.db, c: coll.name, name });
  }

  dropCollection(db: string, name: string): boolean {
    const dropped = this.dbs.get(db)?.delete(name) ?? false;
    if (dropped) this.log({ o: 'dc', db, c: name });
    return dropped;
  }

  // Moves a collection (documents and indexes) to a new namespace, replacing the target.
  rename(db: string, name: string, toDb: string, to: string): void {
    this.renameNoLog(db, name, toDb, to);
    this.log({ o: 'rn', db, c: name, toDb, to });
  }

  private renameNoLog(db: string, name: string, toDb: string, to: string): void {
    const source = this.collection(db, name);
    if (!source) return;
    this.dbs.get(db)?.delete(name);
    this.dbs.get(toDb)?.delete(to);
    const target = this.createCollectionNoLog(toDb, to);
    for (const [id, doc] of source.docs) target.docs.set(id, doc);
    for (const [indexName, index] of source.indexes) target.indexes.set(indexName, index);
    // The moved indexes report to the collection they were created in.
    source.onIndexOrdered = (indexName) => target.onIndexOrdered?.(indexName);
  }

  dropDatabase(db: string): void {
    if (this.dbs.delete(db)) this.log({ o: 'dd', db });
  }

  private log(record: Doc, hint = false): void {
    this.journal.write(encodeRecord(record), undefined, hint);
  }

  applyRecord(rec: Doc): void {
    const db = rec.db as string;
    const c = rec.c as string;
    switch (rec.o) {
      case 'cc':
        this.collection(db, c) ?? this.createCollectionNoLog(db, c);
        break;
      case 'p':
        (this.collection(db, c) ?? this.createCollectionNoLog(db, c)).put(this.shared.value(rec.d) as Doc);
        break;
      case 'x':
        this.collection(db, c)?.remove(encodeKey(rec.id));
        break;
      case 'ci':
        this.replayIndex(db, c, rec.spec as IndexSpec);
        break;
      case 'di':
        this.collection(db, c)?.indexes.delete(rec.name as string);
        break;
      case 'dc':
        this.dbs.get(db)?.delete(c);
        break;
      case 'dd':
        this.dbs.delete(db);
        break;
      case 'rn':
        this.renameNoLog(db, c, rec.toDb as string, rec.to as string);
        break;
      case 'oi': {
        const index = this.collection(db, c)?.indexes.get(rec.name as string);
        if (index) index.orderOnLoad = true;
        break;
      }
      default:
        break;
    }
  }

  /**
   * After replay: builds the ordered lists that existed before the restart, in one sort
   * each, so the first query that needs one after a restart does not stall the server
   * building it (over a million entries that is seconds).
   */
  orderIndexesAsBefore(): number {
    let built = 0;
    for (const colls of this.dbs.values()) {
      for (const coll of colls.values()) {
        for (const index of coll.indexes.values()) {
          if (!index.orderOnLoad || index.isOrdered) continue;
          index.ensureOrdered();
          built += 1;
        }
      }
    }
    return built;
  }

  private replayIndex(db: string, c: string, spec: IndexSpec): void {
    const coll = this.collection(db, c) ?? this.createCollectionNoLog(db, c);
    coll.indexes.delete(spec.name);
    coll.addIndex(spec);
  }

  private createCollectionNoLog(db: string, name: string): Collection {
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(db, name);
    // Journalled so a restart builds the list again up front (see orderIndexesAsBefore);
    // often from a read, which this record must not fail: it is only a hint.
    coll.onIndexOrdered = (indexName) => this.log({ o: 'oi', db: coll.db, c: coll.name, name: indexName }, true);
    colls.set(name, coll);
    return coll;
  }
}
