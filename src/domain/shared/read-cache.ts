/**
 * A short-lived cache of store reads. The cached value is the read itself (a promise), so
 * a burst arriving as an entry expires shares one read instead of each making its own; a
 * failed read is forgotten at once. Bounded: cleared whole past `maxEntries`, which only
 * costs a re-read. Staleness is at most `ttlMs`, so callers choose it by what a stale
 * answer may cost (a deleted trigger still seen for a second, say).
 */
export interface ReadCache<V> {
  get(key: string, nowMs: number, read: () => Promise<V>): Promise<V>;
  /** Drops an entry this process knows to be stale (it just changed the record). */
  forget(key: string): void;
}

export function createReadCache<V>(opts: { ttlMs: number; maxEntries: number }): ReadCache<V> {
  const entries = new Map<string, { value: Promise<V>; until: number }>();
  return {
    get(key, nowMs, read) {
      const hit = entries.get(key);
      if (hit && hit.until > nowMs) return hit.value;
      const value = read();
      if (entries.size >= opts.maxEntries) entries.clear();
      entries.set(key, { value, until: nowMs + opts.ttlMs });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    forget: (key) => void entries.delete(key),
  };
}
