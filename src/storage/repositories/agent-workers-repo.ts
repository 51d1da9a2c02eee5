import type { Db } from 'mongodb';
import type { ActiveSlot, AgentWorkerStore, RunSlotStore } from '../../domain/agents/agent-stores.ts';
import type { AgentWorkerRecord } from '../../domain/agents/agent-types.ts';
import { openFields, sealFields, SEALED_FIELDS } from '../encryption/sealed-fields.ts';
import type { SecretBox } from '../encryption/secret-box.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';
import { insertOnce } from '../insert-once.ts';

const WORKERS = 'agent_workers';
const SLOTS = 'agent_run_slots';

type WorkerDoc = Omit<AgentWorkerRecord, 'id'> & { _id: string };
interface SlotDoc {
  _id: string;
  orgId: string;
  active: ActiveSlot[];
}

export const agentWorkerIndexes: CollectionIndexes = {
  collection: WORKERS,
  indexes: [
    { key: { orgId: 1, _id: 1 }, name: 'org_id' },
    { key: { orgId: 1, default: 1 }, name: 'org_default' },
  ],
};

export const agentRunSlotIndexes: CollectionIndexes = { collection: SLOTS, indexes: [] };

export function createAgentWorkersRepo(db: Db, opts: { secrets: SecretBox }): AgentWorkerStore {
  const workers = db.collection<WorkerDoc>(WORKERS);
  // The worker secret is sealed at rest; the domain sees it opened.
  const seal = <T>(doc: T) => sealFields(opts.secrets, SEALED_FIELDS.agentWorkers, doc);
  const fromDoc = ({ _id, ...rest }: WorkerDoc): AgentWorkerRecord => openFields(opts.secrets, SEALED_FIELDS.agentWorkers, { id: _id, ...rest });
  return {
    async insert({ id, ...rest }) {
      await insertOnce(workers, seal({ _id: id, ...rest }) as never);
    },
    async findById(orgId, id) {
      const doc = await workers.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async findDefault(orgId) {
      const doc = await workers.findOne({ orgId, default: true }, { sort: { _id: 1 } });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, page) {
      const result = await findPage(workers, { orgId }, page);
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async update(orgId, id, set) {
      const doc = await workers.findOneAndUpdate({ _id: id, orgId }, { $set: seal(set) }, { returnDocument: 'after' });
      return doc ? fromDoc(doc) : null;
    },
    async makeDefault(orgId, id) {
      // Set first, then clear the others: a crash in between leaves two defaults, and
      // findDefault's sort keeps the choice deterministic until the next change.
      await workers.updateOne({ _id: id, orgId }, { $set: { default: true } });
      await workers.updateMany({ orgId, _id: { $ne: id }, default: true }, { $set: { default: false } });
    },
    async delete(orgId, id) {
      const res = await workers.deleteOne({ _id: id, orgId });
      return res.deletedCount === 1;
    },
  };
}

export function createRunSlotsRepo(db: Db): RunSlotStore {
  const slots = db.collection<SlotDoc>(SLOTS);
  return {
    async claim(orgId, workerId, slot, limit) {
      await slots.updateOne({ _id: workerId, orgId }, { $setOnInsert: { active: [] } }, { upsert: true });
      // The array-position test and the push are one atomic document update: two
      // processes admitting at once cannot both take the last slot.
      const res = await slots.updateOne(
        { _id: workerId, orgId, [`active.${limit - 1}`]: { $exists: false }, 'active.runId': { $ne: slot.runId } },
        { $push: { active: slot } },
      );
      return res.modifiedCount === 1;
    },
    async release(orgId, workerId, runId) {
      await slots.updateOne({ _id: workerId, orgId }, { $pull: { active: { runId } } });
    },
    async active(orgId, workerId) {
      const doc = await slots.findOne({ _id: workerId, orgId });
      return doc?.active ?? [];
    },
  };
}
