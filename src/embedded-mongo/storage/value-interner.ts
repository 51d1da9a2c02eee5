import { isPlainObject, type Doc } from './bson-values.ts';
import { MAX_NESTING } from './collection.ts';

export interface ValueInternerOptions {
  /** The short-string and date tables start over when they hold this many values. */
  maxEntries?: number;
  /** Strings up to this long go to the short-string table. */
  maxLength?: number;
  /**
   * Longer strings (message bodies, payloads) repeat only among the documents of one
   * command (one event's deliveries to several endpoints): a small table of the latest
   * ones catches those. Longer than `maxLongLength`, a string is left as it is.
   */
  longEntries?: number;
  maxLongLength?: number;
}

/**
 * One shared copy of each short string and each date the store keeps. A decoded document
 * brings new objects for every value, so a status, an organization id or a timestamp
 * held by 100,000 documents is 100,000 objects (two for a date: it boxes its number), and
 * every major garbage collection of the store thread traces each of them: on a
 * webhook-delivery workload these copies were two fifths of the store's heap objects.
 * Sharing is safe because the store never changes a stored value in place (an update
 * builds a new version, and untouched values are shared between versions already).
 * The tables are bounded: unique values (ids) fill them and they start over, which costs
 * each repeated value one more copy per round. A long string (an event's body, stored in
 * each of its deliveries) is held once per command that repeats it.
 */
export class ValueInterner {
  private readonly strings = new Map<string, string>();
  private readonly longStrings = new Map<string, string>();
  private readonly dates = new Map<number, Date>();
  private readonly maxEntries: number;
  private readonly maxLength: number;
  private readonly longEntries: number;
  private readonly maxLongLength: number;

  constructor(opts: ValueInternerOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 8192;
    this.maxLength = opts.maxLength ?? 64;
    this.longEntries = opts.longEntries ?? 64;
    this.maxLongLength = opts.maxLongLength ?? 16 * 1024;
  }

  /** How many distinct values the tables hold. */
  get size(): { strings: number; longStrings: number; dates: number } {
    return { strings: this.strings.size, longStrings: this.longStrings.size, dates: this.dates.size };
  }

  string(s: string): string {
    if (s.length <= this.maxLength) return shared(this.strings, s, s, this.maxEntries);
    if (s.length <= this.maxLongLength) return shared(this.longStrings, s, s, this.longEntries);
    return s;
  }

  date(d: Date): Date {
    return shared(this.dates, d.getTime(), d, this.maxEntries);
  }

  /**
   * A value with its short strings and dates shared: plain objects and arrays are changed
   * in place. Values nested deeper than a stored document may be are left alone: the
   * store refuses such a document (Overflow) after this, and walking all of it could
   * exhaust the stack first.
   */
  value(v: unknown, depth = 0): unknown {
    if (typeof v === 'string') return this.string(v);
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Date) return this.date(v);
    if (depth > MAX_NESTING) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.value(v[i], depth + 1);
    } else if (isPlainObject(v)) {
      for (const k in v) v[k] = this.value(v[k], depth + 1);
    }
    return v;
  }

  /**
   * Shares the values `doc` does not share with `before` (an update's new version holds
   * its untouched values by reference: those were shared already).
   */
  changedValues(before: Doc, doc: Doc): void {
    for (const k in doc) if (doc[k] !== before[k]) doc[k] = this.value(doc[k]);
  }
}

function shared<K, V>(table: Map<K, V>, key: K, value: V, maxEntries: number): V {
  const found = table.get(key);
  if (found !== undefined) return found;
  if (table.size >= maxEntries) table.clear();
  table.set(key, value);
  return value;
}
