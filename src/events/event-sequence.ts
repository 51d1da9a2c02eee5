import type { Db } from 'mongodb';
import { systemClock, type Clock } from '../domain/shared/clock.ts';
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
//
// A store round trip before every insert would slow every recorded batch, so a process
// takes a block of numbers at once and hands them out from memory, for at most `holdMs`.
// Then (or when a larger batch needs a new block) it marks the rest unused, so a reader
// waits at most that long for numbers a live process reserved but did not use; a reader
// on the same process asks the sequence itself and does not wait at all. Each block is
// also listed (size and time taken) on the counter, so a stream that starts "from now"
// can start below the numbers live blocks may still give out (see `startPoint`).

export const EVENT_SEQUENCES_COLLECTION = 'event_sequences';
export const EVENT_SEQUENCE_GAPS_COLLECTION = 'event_sequence_gaps';
export const SEQUENCE_GAPS_TTL_INDEX = 'retention_ttl';

/** Blocks listed on a counter (the newest); more taken within a hold are not seen by `startPoint`. */
const LISTED_BLOCKS = 64;
/** A marked range never spans more numbers than this, so a read of [from, to] is bounded. */
const MAX_RANGE = 1_000;
/** Clock difference between processes that `startPoint` tolerates. */
const CLOCK_SKEW_MS = 1_000;

interface CounterDoc {
  _id: string;
  seq: number;
  blocks?: { size: number; at: Date }[];
}

interface GapDoc {
  _id: string;
  orgId: string;
  /** The first number of the range. */
  seq: number;
  /** The last number of the range (absent: the range is `seq` alone). */
  last?: number;
  at: Date;
}

export interface UnusedRange {
  from: number;
  to: number;
}

export interface EventSequenceOptions {
  clock?: Clock;
  /** Numbers a process takes for an organization at once. */
  blockSize?: number;
  /** How long a process hands out numbers of a block before it gives the rest back. */
  holdMs?: number;
}

interface Block {
  next: number;
  end: number;
  takenAt: number;
  timer: NodeJS.Timeout;
}

export const eventSequenceIndexes: CollectionIndexes = {
  collection: EVENT_SEQUENCE_GAPS_COLLECTION,
  indexes: [{ key: { orgId: 1, seq: 1 }, name: 'org_seq' }],
};

/** Consecutive runs of the numbers, each at most MAX_RANGE long. */
function toRanges(seqs: number[]): UnusedRange[] {
  const ranges: UnusedRange[] = [];
  for (const seq of [...seqs].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && seq === last.to + 1 && seq - last.from < MAX_RANGE) last.to = seq;
    else ranges.push({ from: seq, to: seq });
  }
  return ranges;
}

export function createEventSequence(db: Db, opts: EventSequenceOptions = {}) {
  const clock = opts.clock ?? systemClock;
  const blockSize = opts.blockSize ?? 100;
  const holdMs = opts.holdMs ?? 50;
  const counters = db.collection<CounterDoc>(EVENT_SEQUENCES_COLLECTION);
  const gaps = db.collection<GapDoc>(EVENT_SEQUENCE_GAPS_COLLECTION);
  const blocks = new Map<string, Block>();
  const taking = new Map<string, Promise<unknown>>();

  async function markRanges(orgId: string, ranges: UnusedRange[], at: Date): Promise<void> {
    if (ranges.length === 0) return;
    const docs = ranges.map((r) => ({ _id: `${orgId}:${r.from}`, orgId, seq: r.from, ...(r.to > r.from ? { last: r.to } : {}), at }));
    await insertNew(gaps, docs);
  }

  /** Stops handing out the block's numbers and marks those not handed out unused. */
  function giveBack(orgId: string, block: Block): Promise<void> {
    clearTimeout(block.timer);
    if (blocks.get(orgId) === block) blocks.delete(orgId);
    if (block.next > block.end) return Promise.resolve();
    const ranges: UnusedRange[] = [];
    for (let from = block.next; from <= block.end; from += MAX_RANGE) ranges.push({ from, to: Math.min(block.end, from + MAX_RANGE - 1) });
    // Not awaited by reserve: a failed mark only makes readers wait the hole wait for these numbers.
    return markRanges(orgId, ranges, clock.now()).catch(() => undefined);
  }

  async function takeBlock(orgId: string, count: number): Promise<number> {
    const size = Math.max(count, blockSize);
    const now = clock.now();
    const doc = await counters.findOneAndUpdate(
      { _id: orgId },
      { $inc: { seq: size }, $push: { blocks: { $each: [{ size, at: now }], $slice: -LISTED_BLOCKS } } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!doc) throw new Error('event sequence counter not returned');
    const first = doc.seq - size + 1;
    if (size > count) {
      const block: Block = { next: first + count, end: doc.seq, takenAt: now.getTime(), timer: setTimeout(() => void giveBack(orgId, block), holdMs) };
      block.timer.unref();
      blocks.set(orgId, block);
    }
    return first;
  }

  return {
    /** Takes `count` consecutive numbers of the organization; returns the first. */
    async reserve(orgId: string, count: number): Promise<number> {
      for (;;) {
        const block = blocks.get(orgId);
        if (block && clock.now().getTime() - block.takenAt >= holdMs) void giveBack(orgId, block);
        else if (block && block.end - block.next + 1 >= count) {
          const first = block.next;
          block.next += count;
          if (block.next > block.end) void giveBack(orgId, block);
          return first;
        } else if (block) void giveBack(orgId, block);
        const pending = taking.get(orgId);
        if (pending) {
          await pending.catch(() => undefined);
          continue;
        }
        const took = takeBlock(orgId, count);
        taking.set(orgId, took);
        try {
          return await took;
        } finally {
          taking.delete(orgId);
        }
      }
    },
    /**
     * Whether this process reserved `seq` and has not handed it out yet: it may still be
     * used, but only by this process, and only for an event recorded from now on.
     */
    heldHere(orgId: string, seq: number): boolean {
      const block = blocks.get(orgId);
      return block !== undefined && seq >= block.next && seq <= block.end;
    },
    /** The last number taken by each organization (0 when none): one indexed read for all. */
    async heads(orgIds: string[]): Promise<Map<string, number>> {
      const docs = await counters.find({ _id: { $in: orgIds } }, { projection: { seq: 1 } }).toArray();
      return new Map(docs.map((d) => [d._id, d.seq]));
    },
    /**
     * Where a stream that starts now begins: `head`, the last number taken, and `low`,
     * below the first number a block still held by some process may give out (events
     * numbered in (low, head] recorded before now belong to the past).
     */
    async startPoint(orgId: string): Promise<{ low: number; head: number }> {
      const doc = await counters.findOne({ _id: orgId });
      if (!doc) return { low: 0, head: 0 };
      const live = clock.now().getTime() - holdMs - CLOCK_SKEW_MS;
      let low = doc.seq;
      let end = doc.seq;
      for (const block of [...(doc.blocks ?? [])].reverse()) {
        if (new Date(block.at).getTime() >= live) low = end - block.size;
        end -= block.size;
      }
      return { low: Math.max(0, low), head: doc.seq };
    },
    /** Numbers that were taken for an insert that found its event already recorded. */
    async markUnused(orgId: string, seqs: number[], at: Date): Promise<void> {
      await markRanges(orgId, toRanges(seqs), at);
    },
    /** The ranges of numbers marked unused that meet [from, to]. */
    async unusedBetween(orgId: string, from: number, to: number): Promise<UnusedRange[]> {
      const docs = await gaps.find({ orgId, seq: { $gte: from - MAX_RANGE + 1, $lte: to } }, { projection: { seq: 1, last: 1 } }).toArray();
      return docs
        .map((d) => ({ from: d.seq, to: d.last ?? d.seq }))
        .filter((r) => r.to >= from)
        .sort((a, b) => a.from - b.from);
    },
    /** Gives back every block held (the process stops recording). */
    async releaseAll(): Promise<void> {
      await Promise.all([...blocks].map(([orgId, block]) => giveBack(orgId, block)));
    },
  };
}

export type EventSequence = ReturnType<typeof createEventSequence>;
