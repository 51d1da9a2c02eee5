import type { Doc } from './bson-values.ts';

export interface ValueInternerOptions {
  /** Each table starts over when it holds this many values. */
  maxEntries?: number;
  /** Longer strings (message bodies, payloads) are rarely repeated: left as they are. */
  maxLength?: number;
}

const isPlainObject = (v: object): v is Doc => Object.getPrototypeOf(v) === Object.prototype;

/**
 * One shared copy of each short string and each date the store keeps. A decoded document
 * brings new objects for every value, so a status, an organization id or a timestamp
 * held by 100,000 documents is 100,000 objects (two for a date: it boxes its number), and
 * every major garbage collection of the store thread traces each of them: on a
 * webhook-delivery workload these copies were two fifths of the store's heap objects.
 * Sharing is safe because the store never changes a stored value in place (an update
 * builds a new version, and untouched values are shared between versions already).
 * The tables are bounded: unique values (ids) fill them and they start over, which costs
 * each repeated value one more copy per round.
 */
export class ValueInterner {
  private readonly strings = new Map<string, string>();
  private readonly dates = new Map<number, Date>();
  private readonly maxEntries: number;
  private readonly maxLength: number;

  constructor(opts: ValueInternerOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 8192;
    this.maxLength = opts.maxLength ?? 64;
  }

  /** How many distinct strings and dates the tables hold. */
  get size(): { strings: number; dates: number } {
    return { strings: this.strings.size, dates: this.dates.size };
  }

  string(s: string): string {
    if (s.length > this.maxLength) return s;
    return shared(this.strings, s, s, this.maxEntries);
  }

  date(d: Date): Date {
    return shared(this.dates, d.getTime(), d, this.maxEntries);
  }

  /** A value with its short strings and dates shared: plain objects and arrays are changed in place. */
  value(v: unknown): unknown {
    if (typeof v === 'string') return this.string(v);
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Date) return this.date(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.value(v[i]);
    } else if (isPlainObject(v)) {
      for (const k in v) v[k] = this.value(v[k]);
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
