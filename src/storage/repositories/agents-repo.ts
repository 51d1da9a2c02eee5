import type { Db, Filter } from 'mongodb';
import type { AgentStore } from '../../domain/agents/agent-stores.ts';
import type { AgentRecord } from '../../domain/agents/agent-types.ts';
import type { CollectionIndexes } from '../indexes.ts';
import { findPage } from '../pagination.ts';
import { insertOnce } from '../insert-once.ts';

const COLLECTION = 'agents';

type AgentDoc = Omit<AgentRecord, 'id'> & { _id: string };

export const agentIndexes: CollectionIndexes = {
  collection: COLLECTION,
  indexes: [{ key: { orgId: 1, _id: 1 }, name: 'org_id' }],
};

const fromDoc = ({ _id, ...rest }: AgentDoc): AgentRecord => ({ id: _id, ...rest });
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createAgentsRepo(db: Db): AgentStore {
  const agents = db.collection<AgentDoc>(COLLECTION);
  return {
    async insert({ id, ...rest }) {
      await insertOnce(agents, { _id: id, ...rest } as never);
    },
    async findById(orgId, id) {
      const doc = await agents.findOne({ _id: id, orgId, archivedAt: null });
      return doc ? fromDoc(doc) : null;
    },
    async list(orgId, page) {
      const filter: Filter<AgentDoc> = { orgId, archivedAt: null };
      if (page.search) filter.name = { $regex: escapeRegex(page.search), $options: 'i' };
      const result = await findPage(agents, filter, { limit: page.limit, cursor: page.cursor, order: 'desc' });
      return { items: result.items.map(fromDoc), nextCursor: result.nextCursor };
    },
    async claimRun(orgId, agentId, runId, tableIds) {
      const res = await agents.updateOne(
        { _id: agentId, orgId, archivedAt: null, activeRunId: null },
        { $set: { activeRunId: runId, lastRunId: runId }, $addToSet: { tableIds: { $each: tableIds } } },
      );
      return res.modifiedCount === 1;
    },
    async releaseRun(orgId, agentId, runId) {
      await agents.updateOne({ _id: agentId, orgId, activeRunId: runId }, { $set: { activeRunId: null } });
    },
    async archive(orgId, id, at) {
      const doc = await agents.findOneAndUpdate({ _id: id, orgId, archivedAt: null }, { $set: { archivedAt: at } }, { returnDocument: 'after' });
      return doc ? fromDoc(doc) : null;
    },
  };
}
