import type { Db, Filter } from 'mongodb';
import type { EnrichmentRunRecord, EnrichmentRunStore } from '../../domain/enrichment-runs/enrichment-run-types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';

export const ENRICHMENT_RUNS_COLLECTION = 'enrichment_runs';

// A run's id is the client's batchId when it gave one, so ids are unique per organization,
// not globally: the stored key is the pair, and one organization's batchIds can neither
// collide with nor reveal another's.
type RunDoc = Omit<EnrichmentRunRecord, 'id'> & { _id: string; runId: string };
const docId = (orgId: string, id: string) => `${orgId}:${id}`;

export const enrichmentRunIndexes: CollectionIndexes = {
  collection: ENRICHMENT_RUNS_COLLECTION,
  indexes: [
    { key: { orgId: 1, _id: -1 }, name: 'org_id' },
    { key: { tableId: 1, _id: -1 }, name: 'table_id' },
  ],
};

const fromDoc = ({ _id: _key, runId, ...rest }: RunDoc): EnrichmentRunRecord => ({ id: runId, ...rest });

export function createEnrichmentRunsRepo(db: Db): EnrichmentRunStore {
  const runs = db.collection<RunDoc>(ENRICHMENT_RUNS_COLLECTION);
  return {
    async claim(run) {
      const { id, ...rest } = run;
      try {
        await runs.insertOne({ _id: docId(rest.orgId, id), runId: id, ...rest });
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
    },
    async renewExpired(id, orgId, now, leaseUntil) {
      const res = await runs.updateOne({ _id: docId(orgId, id), orgId, phase: 'writing', leaseUntil: { $lte: now } }, { $set: { leaseUntil } });
      return res.modifiedCount === 1;
    },
    async release(orgId, id, leaseUntil) {
      await runs.updateOne({ _id: docId(orgId, id), orgId, phase: 'writing', leaseUntil }, { $set: { leaseUntil: new Date(0) } });
    },
    async findById(orgId, id) {
      const doc = await runs.findOne({ _id: docId(orgId, id), orgId });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, filter, page) {
      const query: Filter<RunDoc> = filter.tableId ? { tableId: filter.tableId, orgId, phase: 'written' } : { orgId, phase: 'written' };
      const result = await findPage(runs, query, { ...page, order: 'desc' });
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async markWritten(orgId, id, fields) {
      await runs.updateOne({ _id: docId(orgId, id), orgId }, { $set: { ...fields, phase: 'written' } });
    },
    async settle(orgId, id, status, at) {
      await runs.updateOne({ _id: docId(orgId, id), orgId, status: 'processing' }, { $set: { status, completedAt: at } });
    },
  };
}
