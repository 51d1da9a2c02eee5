import type { Logger } from '../logger.ts';
import type { Doc } from './bson-values.ts';
import type { StorageEngine } from './engine.ts';

export interface TtlSweeperOptions {
  engine: StorageEngine;
  intervalMs: number;
  now: () => Date;
  logger: Logger;
  // Persists the deletions (journal write) once per sweep.
  afterSweep(): void;
}

// Deletes documents whose TTL-indexed Date is older than expireAfterSeconds, walking
// the index's Date range rather than the whole collection.
export function sweepExpired(engine: StorageEngine, now: Date): number {
  let removed = 0;
  for (const colls of engine.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of coll.indexes.values()) {
        const ttl = index.spec.expireAfterSeconds;
        if (ttl === undefined || index.fields.length !== 1) continue;
        const cutoff = new Date(now.getTime() - ttl * 1000);
        const expired: Doc[] = [];
        for (const id of index.scanRange(undefined, { value: cutoff, inclusive: true })) {
          const doc = coll.get(id);
          if (doc) expired.push(doc);
        }
        for (const doc of expired) engine.remove(coll, doc);
        removed += expired.length;
      }
    }
  }
  return removed;
}

export function startTtlSweeper(opts: TtlSweeperOptions): { stop(): void } {
  const timer = setInterval(() => {
    try {
      const removed = sweepExpired(opts.engine, opts.now());
      opts.afterSweep();
      if (removed > 0) opts.logger.info({ removed }, 'embedded-mongo TTL sweep removed expired documents');
    } catch (err) {
      opts.logger.error({ err: (err as Error).message }, 'embedded-mongo TTL sweep failed');
    }
  }, opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
