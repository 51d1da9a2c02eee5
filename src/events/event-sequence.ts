import type { Db } from 'mongodb';
import type { CollectionIndexes } from '../storage/indexes.ts';
import { insertNew } from '../storage/insert-new.ts';

// The order the event stream delivers in. Event ids (UUIDv7) are given when an event is
// staged, but an event reaches the events collection later, and from any process: a
// batch staged at 10:00:00.100 may be committed after one staged at .200, and a crash can
// leave an event staged until a relay copies it seconds later. A reader that resumes
// "after id X" would skip such an event for good. So each organization has a counter:
// every recorded event takes the next number (`seq`) just before its insert, and a
// reader delivers strictly in `seq` order. A number taken but not visible yet is a hole:
// the reader waits for it (it is an insert in flight), unless it is marked unused (the
// insert found the event already recorded) or it stays empty longer than the hole
// wait (its writer died between taking the number and inserting).

export const EVENT_SEQUENCES_COLLECTION = 'event_sequences';
export const EVENT_SEQUENCE_GAPS_COLLECTION = 'event_sequence_gaps';
export const SEQUENCE_GAPS_TTL_INDEX = 'retention_ttl';

interface CounterDoc {
  _id: string;
  seq: number;
}

interface GapDoc {
  _id: string;
  orgId: string;
  seq: number;
  at: Date;
}

export const eventSequenceIndexes: CollectionIndexes = {
  collection: EVENT_SEQUENCE_GAPS_COLLECTION,
  indexes: [{ key: { orgId: 1, seq: 1 }, name: 'org_seq' }],
};

export function createEventSequence(db: Db) {
  const counters = db.collection<CounterDoc>(EVENT_SEQUENCES_COLLECTION);
  const gaps = db.collection<GapDoc>(EVENT_SEQUENCE_GAPS_COLLECTION);
  return {
    /** Takes `count` consecutive numbers of the organization; returns the first. */
    async reserve(orgId: string, count: number): Promise<number> {
      const doc = await counters.findOneAndUpdate({ _id: orgId }, { $inc: { seq: count } }, { upsert: true, returnDocument: 'after' });
      if (!doc) throw new Error('event sequence counter not returned');
      return doc.seq - count + 1;
    },
    /** The last number taken by each organization (0 when none): one indexed read for all. */
    async heads(orgIds: string[]): Promise<Map<string, number>> {
      const docs = await counters.find({ _id: { $in: orgIds } }).toArray();
      return new Map(docs.map((d) => [d._id, d.seq]));
    },
    /** Numbers that were taken for an insert that found its event already recorded. */
    async markUnused(orgId: string, seqs: number[], at: Date): Promise<void> {
      if (seqs.length === 0) return;
      await insertNew(
        gaps,
        seqs.map((seq) => ({ _id: `${orgId}:${seq}`, orgId, seq, at })),
      );
    },
    /** The numbers marked unused in [from, to]. */
    async unusedBetween(orgId: string, from: number, to: number): Promise<Set<number>> {
      const docs = await gaps.find({ orgId, seq: { $gte: from, $lte: to } }, { projection: { seq: 1 } }).toArray();
      return new Set(docs.map((d) => d.seq));
    },
  };
}

export type EventSequence = ReturnType<typeof createEventSequence>;
