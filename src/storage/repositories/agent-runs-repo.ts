import type { Db } from 'mongodb';
import type { AgentRunStore } from '../../domain/agents/agent-stores.ts';
import type { AgentRunRecord } from '../../domain/agents/agent-types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { outboxCollection } from '../outbox/outbox-collection.ts';
import type { OutboxStore } from '../outbox/outbox-store.ts';
import { findPage } from '../pagination.ts';
import { insertOnce } from '../insert-once.ts';

export const AGENT_RUNS_COLLECTION = 'agent_runs';

type RunDoc = Omit<AgentRunRecord, 'id'> & { _id: string };

export const agentRunIndexes: CollectionIndexes = {
  collection: AGENT_RUNS_COLLECTION,
  indexes: [
    { key: { orgId: 1, agentId: 1, _id: 1 }, name: 'org_agent_id' },
    { key: { status: 1, deadlineAt: 1 }, name: 'status_deadline' },
  ],
};

export function createAgentRunsRepo(db: Db, opts: { outbox: OutboxStore }): AgentRunStore {
  const staging = outboxCollection<RunDoc>({ db, outbox: opts.outbox, name: AGENT_RUNS_COLLECTION });
  const runs = staging.docs;
  const fromDoc = (doc: RunDoc): AgentRunRecord => {
    const { _id, ...rest } = staging.read(doc);
    return { id: _id, ...rest };
  };
  return {
    async insert({ id, ...rest }) {
      // Run ids are `v2_run-<uuidv7>`, so `_id` order is still creation order.
      await insertOnce(runs, { _id: id, ...rest } as never);
    },
    async findById(orgId, id) {
      const doc = await runs.findOne({ _id: id, orgId });
      return doc ? fromDoc(doc) : null;
    },
    async findByIdAnyOrg(id) {
      const doc = await runs.findOne({ _id: id });
      return doc ? fromDoc(doc) : null;
    },
    async listForAgent(orgId, agentId, page) {
      const result = await findPage(runs, { orgId, agentId }, { limit: page.limit, cursor: page.cursor, order: 'desc' });
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async history(orgId, agentId, beforeRunId, max) {
      const docs = await runs
        .find({ orgId, agentId, _id: { $lt: beforeRunId } })
        .sort({ _id: -1 })
        .limit(max)
        .toArray();
      return docs.reverse().map(fromDoc);
    },
    async findMany(orgId, ids) {
      if (ids.length === 0) return [];
      const docs = await runs.find({ orgId, _id: { $in: ids } }).toArray();
      return docs.map(fromDoc);
    },
    async updateRunning(orgId, id, set, push) {
      const update: Record<string, unknown> = { $set: set };
      if (push?.apiKeyIds) update.$push = { apiKeyIds: push.apiKeyIds };
      const res = await runs.updateOne({ _id: id, orgId, status: 'running' }, update);
      return res.matchedCount === 1;
    },
    async finish(orgId, id, set, events) {
      return (await staging.updateOne({ _id: id, orgId, status: 'running' } as never, { $set: set } as never, events)).modified;
    },
  };
}
