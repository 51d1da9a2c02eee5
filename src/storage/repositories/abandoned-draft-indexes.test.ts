import { describe, expect, it } from 'vitest';
import { manualClock } from '../../domain/shared/clock.ts';
import { createIdGenerator } from '../../domain/shared/ids.ts';
import { Collection } from '../../embedded-mongo/storage/collection.ts';
import { planQuery } from '../../embedded-mongo/storage/query-planner.ts';
import { firstIdAt } from '../id-time.ts';
import { sequenceIndexes } from './sequences-repo.ts';
import { tableIndexes } from './tables-repo.ts';

// The abandoned-draft sweep's reads, as the repositories send them, planned by the
// embedded server on the indexes the repositories declare: they read only the pending
// sequences and the marked columns, never the live ones.

function collectionWith(indexes: typeof sequenceIndexes): Collection {
  const coll = new Collection('db', indexes.collection ?? 'c');
  for (const ix of indexes.indexes) coll.addIndex({ name: ix.name ?? Object.keys(ix.key).join('_'), key: ix.key as Record<string, 1 | -1> });
  return coll;
}

const HOUR = 60 * 60_000;
const t0 = Date.parse('2026-03-01T00:00:00Z');
const idAt = (ms: number, n: number) => `${firstIdAt(new Date(ms)).slice(0, 14)}7000-8000-${String(n).padStart(12, '0')}`;

describe('the abandoned-draft indexes', () => {
  it('finds the old pending sequences without reading live or younger ones', () => {
    const sequences = collectionWith(sequenceIndexes);
    for (let n = 0; n < 2_000; n++) sequences.insert({ _id: idAt(t0 + n * 1_000, n), orgId: 'o', campaignId: 'c', deletedAt: null, status: 'draft' });
    for (let n = 0; n < 4; n++)
      sequences.insert({ _id: idAt(t0 + n * HOUR, 10_000 + n), orgId: 'o', campaignId: 'p', deletedAt: new Date(), pendingDraft: true });
    const filter = { pendingDraft: true, _id: { $lt: firstIdAt(new Date(t0 + 2 * HOUR)) } };
    const plan = planQuery(sequences, filter as never);
    expect(plan, 'no index for the sweep').toBeDefined();
    expect([...plan!.ids]).toHaveLength(2);
  });

  it('finds the columns of uncommitted drafts without reading other tables', () => {
    const tables = collectionWith(tableIndexes);
    const column = (n: number, draftOf?: string) => ({ id: `col${n}`, kind: 'sequence', ...(draftOf ? { draftOf } : {}) });
    for (let n = 0; n < 1_000; n++) tables.insert({ _id: `t${n}`, orgId: 'o', deletedAt: null, columns: [column(1), column(2)] });
    for (let n = 0; n < 3; n++) tables.insert({ _id: `d${n}`, orgId: 'o', deletedAt: null, columns: [column(1), column(2, idAt(t0 + n * HOUR, n))] });
    const plan = planQuery(tables, { 'columns.draftOf': { $gt: '', $lt: firstIdAt(new Date(t0 + 2 * HOUR)) } } as never);
    expect(plan, 'no index for the sweep').toBeDefined();
    // A range on an array field is read from its lower bound (the marked columns only), then matched.
    expect([...plan!.ids].length).toBeLessThanOrEqual(3);
  });

  it('bounds the ids minted before a time, inside an idempotency claim or not', async () => {
    const ids = createIdGenerator({ clock: manualClock(new Date(t0)) });
    const derived = await ids.within({ seed: 's', atMs: t0 }, async () => [ids.uuid(), ids.uuid()]);
    for (const id of [ids.uuid(), ...derived]) {
      expect(id >= firstIdAt(new Date(t0))).toBe(true);
      expect(id < firstIdAt(new Date(t0 + 1))).toBe(true);
    }
  });
});
