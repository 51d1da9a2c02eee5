import type { Db } from 'mongodb';
import type { AttemptSample, DeliveryStatsStore } from '../../domain/webhooks/delivery-stats.ts';
import type { DeliveryRecord } from '../../domain/webhooks/types.ts';

const COLLECTION = 'webhook_deliveries';
const TIMEOUT_MS = 10_000;

type StatsDoc = Pick<DeliveryRecord, 'attemptLog'> & { _id: string };

/** The smallest UUIDv7 of a millisecond: delivery ids made at or after `ms` sort at or above it. */
const uuidFloor = (ms: number) => {
  const hex = Math.max(0, ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
};
// Attempts of a delivery made shortly before the window can fall inside it (retries).
const CREATED_SLACK_MS = 3_600_000;

/**
 * Reads for the delivery statistics. Bounded by the `org_recent` index ({orgId, _id}):
 * delivery ids are UUIDv7, so a time bound on `_id` is a range scan of that index.
 */
export function createWebhookDeliveryStatsRepo(db: Db): DeliveryStatsStore {
  const coll = db.collection<StatsDoc>(COLLECTION);
  return {
    async attemptsSince(orgId, since, limit) {
      const docs = await coll
        .find({ orgId, _id: { $gte: uuidFloor(since.getTime() - CREATED_SLACK_MS) } } as never, {
          projection: { 'attemptLog.at': 1, 'attemptLog.outcome': 1, 'attemptLog.latencyMs': 1 },
          maxTimeMS: TIMEOUT_MS,
        })
        .sort({ _id: -1 })
        .limit(limit)
        .toArray();
      const attempts: AttemptSample[] = [];
      for (const d of docs) for (const a of d.attemptLog ?? []) if (a.at >= since) attempts.push({ at: a.at, outcome: a.outcome, latencyMs: a.latencyMs });
      return { attempts, deliveries: docs.length };
    },
    async pendingCounts(orgId) {
      // `org_status_recent` ({orgId, status, _id}) serves both counts.
      const [pending, retrying] = await Promise.all([
        coll.countDocuments({ orgId, status: 'pending' } as never, { maxTimeMS: TIMEOUT_MS }),
        coll.countDocuments({ orgId, status: 'pending', attempts: { $gt: 0 } } as never, { maxTimeMS: TIMEOUT_MS }),
      ]);
      return { pending, retrying };
    },
  };
}
