import type { Db } from 'mongodb';
import type { EndpointRecord, EndpointStore } from '../../domain/webhooks/types.ts';
import { sealedCodec, SEALED_FIELDS } from '../encryption/sealed-fields.ts';
import type { SecretBox } from '../encryption/secret-box.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { outboxCollection } from '../outbox/outbox-collection.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';
import { tenantRecords, type Stored } from '../tenant-records.ts';

// An outbox collection: disabling an endpoint stages `webhook.endpoint.disabled` on it.
const COLLECTION = 'webhook_endpoints';

type EndpointDoc = Stored<EndpointRecord>;

export const webhookEndpointIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [
    { key: { orgId: 1, _id: 1 }, name: 'org_id' },
    { key: { orgId: 1, enabled: 1, _id: 1 }, name: 'org_enabled' },
  ],
};

export function createWebhookEndpointsRepo(db: Db, opts: { secrets: SecretBox; outbox: OutboxStore }): EndpointStore {
  // The event is stored once the endpoint is disabled; a failed relay is the recovery's to finish.
  const staging = outboxCollection<EndpointDoc>({ db, outbox: opts.outbox, name: COLLECTION, relayFailures: 'log' });
  const coll = staging.docs;
  // Signing secrets are sealed at rest; the domain sees them opened.
  const sealed = sealedCodec(opts.secrets, SEALED_FIELDS.webhookEndpoints);
  const codec = { toStored: sealed.toStored, fromStored: <T>(doc: T) => sealed.fromStored(staging.read(doc as T & object)) };
  const records = tenantRecords<EndpointRecord>(coll, codec);
  const fromDoc = records.fromDoc;
  return {
    insert: records.insert,
    findById: records.findById,
    list: (orgId, page) => records.list(orgId, page),
    async enabledIds(orgId) {
      const docs = await coll
        .find({ orgId, enabled: true }, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .toArray();
      return docs.map((d) => d._id);
    },
    async listEnabled(orgId) {
      return (await coll.find({ orgId, enabled: true }).toArray()).map(fromDoc);
    },
    async update(orgId, id, set) {
      const { id: _ignored, ...fields } = set;
      const doc = await coll.findOneAndUpdate({ _id: id, orgId }, { $set: codec.toStored(fields) }, { returnDocument: 'after' });
      return doc ? fromDoc(doc) : null;
    },
    async delete(orgId, id) {
      return (await coll.deleteOne({ _id: id, orgId })).deletedCount === 1;
    },
    async recordFailure(orgId, id, last) {
      const doc = await coll.findOneAndUpdate(
        { _id: id, orgId },
        { $inc: { consecutiveFailures: 1 }, $set: { lastDeliveryAt: last.at, lastDeliveryStatus: last.status } },
        { returnDocument: 'after', projection: { consecutiveFailures: 1 } },
      );
      return doc?.consecutiveFailures ?? 0;
    },
    async recordSuccess(orgId, id, last) {
      await coll.updateOne({ _id: id, orgId }, { $set: { consecutiveFailures: 0, lastDeliveryAt: last.at, lastDeliveryStatus: last.status } });
    },
    async noteLastDeliveries(items) {
      if (items.length === 0) return;
      await coll.bulkWrite(
        items.map(({ orgId, id, last }) => ({
          updateOne: {
            filter: { _id: id, orgId, $or: [{ lastDeliveryAt: null }, { lastDeliveryAt: { $lte: last.at } }] },
            update: { $set: { lastDeliveryAt: last.at, lastDeliveryStatus: last.status } },
          },
        })),
        { ordered: false },
      );
    },
    async disable(orgId, id, reason, at, events = []) {
      const set = { enabled: false, disabledReason: reason, disabledAt: at, updatedAt: at };
      return (await staging.updateOne({ _id: id, orgId, enabled: true } as never, { $set: set } as never, events)).modified;
    },
  };
}
