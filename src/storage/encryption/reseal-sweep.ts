import type { Db, Document, Filter } from 'mongodb';
import type { Logger } from 'pino';
import { ALL_SEALED, secretSlots, type SealedCollection } from './sealed-fields.ts';
import type { SecretBox } from './secret-box.ts';

export interface ResealOptions {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  collections?: SealedCollection[];
  batchSize?: number;
  /** Checked between batches: a stopping gateway ends the sweep early (the next start resumes it). */
  stopped?: () => boolean;
}

export interface ResealResult {
  resealed: number;
  /** Values no configured key opens (left as they are, and logged). */
  unreadable: number;
}

// One document: every value not sealed under the current key (legacy plaintext, or a
// value under an older key) is sealed anew. The write is a compare-and-set on each old
// value, so a concurrent change (another process sweeping, a rotation through the API)
// wins and this one simply does nothing: the sweep is idempotent and safe to run in
// several processes at once.
async function resealOne(opts: ResealOptions, spec: SealedCollection, doc: Document, result: ResealResult): Promise<boolean> {
  const filter: Document = { _id: doc._id };
  const set: Document = {};
  for (const slot of secretSlots(spec, doc)) {
    if (opts.secrets.isCurrent(slot.value)) continue;
    let plaintext: string;
    try {
      plaintext = opts.secrets.open(slot.value, slot.context);
    } catch (err) {
      result.unreadable += 1;
      opts.logger.error(
        { collection: spec.collection, id: String(doc._id), field: slot.context, err: (err as Error).message },
        'a stored secret cannot be opened with the configured keys',
      );
      continue;
    }
    filter[slot.path] = { $eq: slot.stored };
    set[slot.path] = opts.secrets.seal(plaintext, slot.context);
  }
  if (Object.keys(set).length === 0) return false;
  const res = await opts.db.collection(spec.collection).updateOne(filter as Filter<Document>, { $set: set });
  return res.modifiedCount === 1;
}

/**
 * Seals every stored secret under the current key, in bounded batches by `_id`: legacy
 * plaintext is migrated, values under a previous key are re-sealed. When anything was
 * rewritten, the store is asked to compact those collections so superseded versions
 * (the plaintext) do not linger in its files.
 */
export async function resealSecrets(opts: ResealOptions): Promise<ResealResult> {
  const result: ResealResult = { resealed: 0, unreadable: 0 };
  const batchSize = opts.batchSize ?? 100;
  for (const spec of opts.collections ?? ALL_SEALED) {
    const coll = opts.db.collection(spec.collection);
    const projection = Object.fromEntries([...spec.paths, ...(spec.documents ?? [])].map((p) => [p.split('.')[0], 1]));
    let after: unknown = null;
    let rewritten = 0;
    for (;;) {
      if (opts.stopped?.()) return result;
      const page: Document[] = await coll
        .find((after === null ? (spec.filter ?? {}) : { $and: [spec.filter ?? {}, { _id: { $gt: after } }] }) as Filter<Document>, { projection })
        .sort({ _id: 1 })
        .limit(batchSize)
        .toArray();
      for (const doc of page) if (await resealOne(opts, spec, doc, result)) rewritten += 1;
      if (page.length < batchSize) break;
      after = page[page.length - 1]._id;
    }
    result.resealed += rewritten;
    if (rewritten > 0) {
      opts.logger.info(
        { collection: spec.collection, resealed: rewritten, keyId: opts.secrets.currentKeyId },
        'sealed stored secrets under the current encryption key',
      );
      // Best effort: a server that refuses compact still holds only sealed current versions.
      await opts.db
        .command({ compact: spec.collection })
        .catch((err: Error) =>
          opts.logger.warn(
            { collection: spec.collection, err: err.message },
            'compact after sealing secrets failed; older versions may stay in the storage files until the server reuses that space',
          ),
        );
    }
  }
  return result;
}
