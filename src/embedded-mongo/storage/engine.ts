import { Collection } from './collection.ts';
import { encodeKey, type Doc } from './bson-values.ts';
import type { IndexSpec } from './index-data.ts';

export interface JournalSink { append(record: Doc): void }

const NO_JOURNAL: JournalSink = { append() {} };

// All databases of the server. Every mutation goes through here so it is logged to the
// journal exactly once; `applyRecord` replays those same records at start-up.
export class StorageEngine {
  readonly dbs = new Map<string, Map<string, Collection>>();
  journal: JournalSink = NO_JOURNAL;

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  ensureCollection(db: string, name: string): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    const coll = this.createCollectionNoLog(db, name);
    this.journal.append({ o: 'cc', db, c: name });
    return coll;
  }

  insert(coll: Collection, doc: Doc): void {
    coll.insert(doc);
    this.journal.append({ o: 'p', db: coll.db, c: coll.name, d: doc });
  }

  replace(coll: Collection, oldDoc: Doc, newDoc: Doc): void {
    coll.replace(oldDoc, newDoc);
    this.journal.append({ o: 'p', db: coll.db, c: coll.name, d: newDoc });
  }

  remove(coll: Collection, doc: Doc): void {
    if (coll.remove(encodeKey(doc._id))) this.journal.append({ o: 'x', db: coll.db, c: coll.name, id: doc._id });
  }

  createIndex(coll: Collection, spec: IndexSpec): void {
    coll.addIndex(spec);
    this.journal.append({ o: 'ci', db: coll.db, c: coll.name, spec });
  }

  dropIndex(coll: Collection, name: string): void {
    coll.indexes.delete(name);
    this.journal.append({ o: 'di', db: coll.db, c: coll.name, name });
  }

  dropCollection(db: string, name: string): boolean {
    const dropped = this.dbs.get(db)?.delete(name) ?? false;
    if (dropped) this.journal.append({ o: 'dc', db, c: name });
    return dropped;
  }

  dropDatabase(db: string): void {
    if (this.dbs.delete(db)) this.journal.append({ o: 'dd', db });
  }

  applyRecord(rec: Doc): void {
    const db = rec.db as string;
    const c = rec.c as string;
    switch (rec.o) {
      case 'cc': this.collection(db, c) ?? this.createCollectionNoLog(db, c); break;
      case 'p': (this.collection(db, c) ?? this.createCollectionNoLog(db, c)).put(rec.d as Doc); break;
      case 'x': this.collection(db, c)?.remove(encodeKey(rec.id)); break;
      case 'ci': this.replayIndex(db, c, rec.spec as IndexSpec); break;
      case 'di': this.collection(db, c)?.indexes.delete(rec.name as string); break;
      case 'dc': this.dbs.get(db)?.delete(c); break;
      case 'dd': this.dbs.delete(db); break;
      default: break;
    }
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
    colls.set(name, coll);
    return coll;
  }
}
