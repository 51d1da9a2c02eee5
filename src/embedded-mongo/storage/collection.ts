import { DuplicateKeyError, MongoCommandError } from '../errors.ts';
import { encodeKey, formatForMessage, type Doc } from './bson-values.ts';
import { IndexData, keyOf, sameKey, type IndexKey, type IndexSpec } from './index-data.ts';

export const ID_INDEX: IndexSpec = { name: '_id_', key: { _id: 1 } };

/** mongod stores documents nested at most this deep; deeper ones are refused (Overflow). */
export const MAX_NESTING = 100;

function nestsDeeper(value: unknown, levelsLeft: number): boolean {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (levelsLeft === 0) return true;
  for (const k in value as Doc) if (nestsDeeper((value as Doc)[k], levelsLeft - 1)) return true;
  return false;
}

function checkNesting(doc: Doc): void {
  if (nestsDeeper(doc, MAX_NESTING)) {
    throw new MongoCommandError('Overflow', `the document exceeds ${MAX_NESTING} levels of nesting`);
  }
}

// The documents of one collection (Map keyed by encoded _id, so insertion order is the
// natural order) and its secondary indexes. It enforces uniqueness but knows nothing
// about the journal: the engine logs every mutation it performs here.
export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, IndexData>();
  /** Told when an index first builds its ordered list (the engine journals it). */
  onIndexOrdered?: (indexName: string) => void;

  /** Built once: every journalled document version's location holds it. */
  readonly ns: string;

  constructor(
    readonly db: string,
    readonly name: string,
  ) {
    this.ns = `${db}.${name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  get(idKey: string): Doc | undefined {
    return this.docs.get(idKey);
  }

  insert(doc: Doc): void {
    checkNesting(doc);
    const idKey = encodeKey(doc._id);
    if (this.docs.has(idKey)) throw this.dupError(ID_INDEX.name, { _id: 1 }, [doc._id]);
    const keys = this.checkUnique(doc, idKey);
    for (const [index, k] of keys) index.add(idKey, k);
    this.docs.set(idKey, doc);
  }

  // Swaps a stored document for its new version (same _id) after the unique checks.
  replace(oldDoc: Doc, newDoc: Doc): void {
    checkNesting(newDoc);
    const idKey = encodeKey(oldDoc._id);
    const keys = this.checkUnique(newDoc, idKey, (index) => index.mayDiffer(oldDoc, newDoc));
    for (const [index, k] of keys) {
      const before = index.keysFor(oldDoc);
      // Most updates leave indexed fields alone; skip the sorted-list churn then.
      if (sameKeys(before, k)) continue;
      index.remove(idKey, before);
      index.add(idKey, k);
    }
    this.docs.set(idKey, newDoc);
  }

  remove(idKey: string): Doc | undefined {
    const doc = this.docs.get(idKey);
    if (!doc) return undefined;
    for (const index of this.indexes.values()) index.remove(idKey, index.keysFor(doc));
    this.docs.delete(idKey);
    return doc;
  }

  // Replay path: put a document whatever is stored under its _id, without unique checks
  // (the journal only holds states that already passed them).
  put(doc: Doc): void {
    const idKey = encodeKey(doc._id);
    const old = this.docs.get(idKey);
    for (const index of this.indexes.values()) {
      if (old) index.remove(idKey, index.keysFor(old));
      index.add(idKey, index.keysFor(doc));
    }
    this.docs.set(idKey, doc);
  }

  addIndex(spec: IndexSpec): void {
    const index = new IndexData(spec, this.docs, () => this.onIndexOrdered?.(spec.name));
    const seen = new Map<string, string>();
    const all: Array<[string, IndexKey[]]> = [];
    for (const [idKey, doc] of this.docs) {
      const keys = index.keysFor(doc);
      if (spec.unique) {
        for (const k of keys) {
          const key = keyOf(k);
          if (seen.has(key) && seen.get(key) !== idKey) throw this.dupError(spec.name, spec.key, k.values);
          seen.set(key, idKey);
        }
      }
      all.push([idKey, keys]);
    }
    for (const [idKey, keys] of all) index.add(idKey, keys);
    this.indexes.set(spec.name, index);
  }

  private checkUnique(doc: Doc, idKey: string, affected: (index: IndexData) => boolean = () => true): Array<[IndexData, IndexKey[]]> {
    const out: Array<[IndexData, IndexKey[]]> = [];
    for (const index of this.indexes.values()) {
      if (!affected(index)) continue;
      const keys = index.keysFor(doc);
      const clash = index.conflict(keys, idKey);
      if (clash) throw this.dupError(index.spec.name, index.spec.key, clash.values);
      out.push([index, keys]);
    }
    return out;
  }

  private dupError(indexName: string, keyPattern: Doc, values: unknown[]): DuplicateKeyError {
    const keyValue: Doc = {};
    Object.keys(keyPattern).forEach((field, i) => (keyValue[field] = values[i] ?? null));
    const shown = Object.keys(keyValue)
      .map((k) => `${k}: ${formatForMessage(keyValue[k])}`)
      .join(', ');
    const msg = `E11000 duplicate key error collection: ${this.ns} index: ${indexName} dup key: { ${shown} }`;
    return new DuplicateKeyError(msg, { ...keyPattern }, keyValue);
  }
}

function sameKeys(a: IndexKey[], b: IndexKey[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameKey(a[i], b[i])) return false;
  return true;
}
