import { Query } from 'mingo';
import { ShardedMap } from './sharded-map.ts';
import { SortedList } from './sorted-list.ts';
import { MINGO_OPTIONS } from './mingo-options.ts';
import { compareValues, encodeKey, pathValues, sameEncoding, typeRank, type Doc } from './bson-values.ts';

export interface IndexSpec {
  name: string;
  key: Doc;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
}

/** A key's values; `key` is their encoding, made only when a hash map needs it (see keyOf). */
export interface IndexKey {
  values: unknown[];
  key?: string;
}

// An entry of the ordered list: one value per key field, then the document's id; entries
// are ordered by the values (BSON order), then id. One array rather than an object
// holding the values' array: an index entry per document is two heap objects instead of
// three for every major garbage collection of the server's thread to trace.
type Entry = unknown[];
// Literals for the usual key lengths: exactly sized (a pushed-onto copy would reserve
// room for 16 more elements in every entry).
const entry = (values: unknown[], id: string): Entry => {
  switch (values.length) {
    case 1:
      return [values[0], id];
    case 2:
      return [values[0], values[1], id];
    case 3:
      return [values[0], values[1], values[2], id];
    default:
      return values.concat([id]);
  }
};
const idOf = (e: Entry): string => e[e.length - 1] as string;

export interface RangeBound {
  value: unknown;
  inclusive: boolean;
}

// Compares the first `n` key values of an entry with `values` (all of them by default).
// Leading values are interned (below), so the identity test settles most equal prefixes
// without comparing two copies of the same 36-character id character by character.
function comparePrefix(vals: unknown[], values: unknown[], n = values.length): number {
  for (let i = 0; i < n; i++) {
    if (vals[i] === values[i]) continue;
    const c = compareValues(vals[i], values[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function compareEntries(a: Entry, b: Entry): number {
  const c = comparePrefix(a, b, a.length - 1);
  if (c !== 0) return c;
  const x = idOf(a);
  const y = idOf(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

// The equality map's key of a full set of key values: a compound key is encoded as the
// array of its values (one encoding for every key, no second quoting scheme).
const keyString = (values: unknown[]): string => (values.length === 1 ? encodeKey(values[0]) : encodeKey(values));

/** The equality map's key of an index key, encoded once. */
export const keyOf = (k: IndexKey): string => (k.key ??= keyString(k.values));

/** Whether two keys are equal: the same encoding, value by value. */
export function sameKey(a: IndexKey, b: IndexKey): boolean {
  if (a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (!sameEncoding(a.values[i], b.values[i])) return false;
  return true;
}

// One secondary index: a hash map from the full encoded key to document ids (equality,
// uniqueness) plus a list ordered by all key fields (equality on leading fields, then a
// range on the next one). Given the collection's documents, the ordered list is built
// only when a query first needs order: an index only ever probed by full key (hashed
// match tokens, a unique key) never pays for the ~20 comparisons of each ordered insert.
// Once a non-unique index has its ordered list, the hash map goes: the list answers
// full-key lookups too, and every write then skips encoding the key as a string (the
// largest allocation of a write, and a long-lived one: it was the map's key).
export class IndexData {
  readonly spec: IndexSpec;
  readonly fields: string[];
  /** The top-level fields the key reads (what an update must touch to change a key). */
  private readonly topFields: string[];
  /** No field is a dotted path: keys can be read straight off the document. */
  private readonly flat: boolean;
  // A key held by one document maps straight to its id; only shared keys pay for a Set
  // (most keys are unique, and 200k Sets are a real GC cost).
  private readonly eq = new ShardedMap<string | Set<string>>();
  private sorted: SortedList<Entry> | null = null;
  private readonly partial?: Query;
  multikey = false;

  /** Set on replay when the index had its ordered list before: built again at start-up. */
  orderOnLoad = false;

  /** `onOrdered` is told when the ordered list is first built from the documents. */
  constructor(
    spec: IndexSpec,
    private readonly docs?: ReadonlyMap<string, Doc>,
    private readonly onOrdered?: () => void,
  ) {
    // A TTL index is swept by range every interval: ordered from the start, so the first
    // sweep does not stall the server building the list over a large collection.
    if (!docs || spec.expireAfterSeconds !== undefined) this.sorted = new SortedList<Entry>(compareEntries);
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.topFields = [...new Set(this.fields.map((f) => f.split('.', 1)[0]))];
    this.flat = this.fields.every((f) => !f.includes('.'));
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression, MINGO_OPTIONS);
  }

  // Whether a query on the first field can be answered exactly from this index.
  get coversAllDocs(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /**
   * False when `b` certainly has the same keys as `a`: every top-level field the index
   * reads holds the identical value (updates share untouched values with the old version).
   */
  mayDiffer(a: Doc, b: Doc): boolean {
    if (this.partial) return true;
    for (const top of this.topFields) if (a[top] !== b[top]) return true;
    return false;
  }

  keysFor(doc: Doc): IndexKey[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const keys = (this.flat && this.flatKey(doc)) || this.keysByPath(doc);
    if (this.fields.length > 1) for (const k of keys) this.internLeading(k.values);
    return keys;
  }

  // The leading fields of a compound key (an organization, a table) repeat across most
  // entries; one shared string per value turns their comparisons into identity tests.
  // Bounded: a high-cardinality leading field only makes the table start over now and then.
  private readonly interned = new Map<string, string>();

  private internLeading(values: unknown[]): void {
    for (let i = 0; i < values.length - 1; i++) {
      const v = values[i];
      if (typeof v !== 'string') continue;
      const shared = this.interned.get(v);
      if (shared !== undefined) {
        values[i] = shared;
        continue;
      }
      if (this.interned.size >= 10_000) this.interned.clear();
      this.interned.set(v, v);
    }
  }

  /** The common case, one key read off top-level fields; undefined when a value is an array. */
  private flatKey(doc: Doc): IndexKey[] | undefined {
    const values: unknown[] = [];
    let missing = 0;
    for (const field of this.fields) {
      if (!(field in doc)) {
        missing++;
        values.push(null);
        continue;
      }
      const v = doc[field];
      if (Array.isArray(v)) return undefined;
      values.push(v);
    }
    if (this.spec.sparse && missing === this.fields.length) return [];
    return [{ values }];
  }

  /** Dotted paths and arrays: one key per combination of the values each path reaches. */
  private keysByPath(doc: Doc): IndexKey[] {
    let missing = 0;
    let combos: unknown[][] = [[]];
    for (const field of this.fields) {
      let vals = pathValues(doc, field);
      if (vals.length > 1) this.multikey = true;
      if (vals.length === 0) {
        missing++;
        vals = [null];
      }
      const next: unknown[][] = [];
      for (const combo of combos) for (const v of vals) next.push([...combo, v]);
      combos = next;
    }
    if (this.spec.sparse && missing === this.fields.length) return [];
    const seen = new Set<string>();
    const out: IndexKey[] = [];
    for (const values of combos) {
      const key = keyOf({ values });
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ values, key });
    }
    return out;
  }

  // The first key of `doc` already held by another document, if this index is unique.
  conflict(keys: IndexKey[], selfId: string): IndexKey | undefined {
    if (!this.spec.unique) return undefined;
    for (const k of keys) {
      const ids = this.eq.get(keyOf(k));
      if (ids === undefined) continue;
      if (typeof ids === 'string') {
        if (ids !== selfId) return k;
        continue;
      }
      for (const id of ids) if (id !== selfId) return k;
    }
    return undefined;
  }

  add(id: string, keys: IndexKey[]): void {
    for (const k of keys) {
      if (this.hashed) this.addHashed(id, keyOf(k));
      this.sorted?.insert(entry(k.values, id));
    }
  }

  private addHashed(id: string, key: string): void {
    const ids = this.eq.get(key);
    if (ids === undefined) this.eq.set(key, id);
    else if (typeof ids === 'string') {
      if (ids !== id) this.eq.set(key, new Set([ids, id]));
    } else ids.add(id);
  }

  remove(id: string, keys: IndexKey[]): void {
    for (const k of keys) {
      if (this.hashed) this.removeHashed(id, keyOf(k));
      this.sorted?.remove(entry(k.values, id));
    }
  }

  private removeHashed(id: string, key: string): void {
    const ids = this.eq.get(key);
    if (typeof ids === 'string') {
      if (ids === id) this.eq.delete(key);
    } else if (ids) {
      ids.delete(id);
      if (ids.size === 1) this.eq.set(key, ids.values().next().value as string);
    }
  }

  /** Whether `eq` is kept: for unique indexes, and for others until they are ordered. */
  private get hashed(): boolean {
    return this.spec.unique === true || this.sorted === null;
  }

  get isOrdered(): boolean {
    return this.sorted !== null;
  }

  ensureOrdered(): void {
    this.ordered();
  }

  /** The ordered list, built from the documents on first use and maintained from then on. */
  private ordered(): SortedList<Entry> {
    if (this.sorted) return this.sorted;
    const entries: Entry[] = [];
    for (const [id, doc] of this.docs ?? []) for (const k of this.keysFor(doc)) entries.push(entry(k.values, id));
    entries.sort(compareEntries);
    this.sorted = SortedList.fromSorted(entries, compareEntries);
    if (!this.hashed) this.eq.clear();
    this.onOrdered?.();
    return this.sorted;
  }

  // Ids whose first key field equals `value`.
  *lookupEq(value: unknown): Generator<string> {
    if (this.fields.length === 1 && this.hashed) {
      const ids = this.eq.get(encodeKey(value));
      if (typeof ids === 'string') yield ids;
      else if (ids) yield* ids;
      return;
    }
    yield* this.lookupPrefix([value]);
  }

  // Ids whose leading key fields equal `values`: one contiguous run of the ordered list.
  *lookupPrefix(values: unknown[]): Generator<string> {
    if (values.length === this.fields.length && this.hashed) {
      const ids = this.eq.get(keyString(values));
      if (typeof ids === 'string') yield ids;
      else if (ids) yield* ids;
      return;
    }
    for (const e of this.ordered().from((x) => comparePrefix(x, values))) {
      if (comparePrefix(e, values) !== 0) return;
      yield idOf(e);
    }
  }

  // Ids whose leading fields equal `prefix` and whose next field lies in the range,
  // bracketed to the bound's BSON type (as MongoDB does: `$gt: 5` never matches strings).
  *scanRange(low?: RangeBound, high?: RangeBound, prefix: unknown[] = []): Generator<string> {
    const ref = low ?? high;
    if (!ref) return;
    const n = prefix.length;
    const rank = typeRank(ref.value);
    const start = low
      ? (x: Entry) => comparePrefix(x, prefix) || compareValues(x[n], low.value)
      : (x: Entry) => comparePrefix(x, prefix) || typeRank(x[n]) - rank;
    for (const e of this.ordered().from(start)) {
      if (comparePrefix(e, prefix) !== 0 || typeRank(e[n]) !== rank) return;
      if (low && !low.inclusive && compareValues(e[n], low.value) === 0) continue;
      if (high) {
        const c = compareValues(e[n], high.value);
        if (c > 0 || (c === 0 && !high.inclusive)) return;
      }
      yield idOf(e);
    }
  }

  // Ids in key order after an equality prefix (backwards when `reverse`), starting at
  // `start` on the next field when given; the caller filters and stops early.
  *orderedIds(prefix: unknown[], reverse: boolean, start?: unknown): Generator<string> {
    const n = prefix.length;
    const target = (x: Entry) => comparePrefix(x, prefix) || (start === undefined ? 0 : compareValues(x[n], start));
    const entries = reverse ? this.ordered().fromEnd(target) : this.ordered().from(target);
    for (const e of entries) {
      if (comparePrefix(e, prefix) !== 0) return;
      yield idOf(e);
    }
  }

  *allIds(): Generator<string> {
    for (const e of this.ordered().all()) yield idOf(e);
  }
}
