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
// Then it gives the rest back (marks it unused): in the write that takes its next block
// when it is busy, on its own shortly after when it is idle. So a reader waits at most
// about that long for numbers a live process reserved but did not use; a reader on the
// same process asks the sequence itself and does not wait at all. Each block is also
// listed (size and time taken) on the counter, so a stream that starts "from now" can
// start below the numbers live blocks may still give out (see `startPoint`).

export const EVENT_SEQUENCES_COLLECTION = 'event_sequences';
export const EVENT_SEQUENCE_GAPS_COLLECTION = 'event_sequence_gaps';
export const SEQUENCE_GAPS_TTL_INDEX = 'retention_ttl';

/** Blocks listed on a counter (the newest); more taken within a hold are not seen by `startPoint`. */
const LISTED_BLOCKS = 64;
/** Ranges given back kept on a counter (the newest); older ones are in the gaps collection or passed by the hole wait. */
const LISTED_RANGES = 128;
/** A marked range never spans more numbers than this, so a read of [from, to] is bounded. */
const MAX_RANGE = 1_000;
/** Clock difference between processes that `startPoint` tolerates. */
const CLOCK_SKEW_MS = 1_000;

interface CounterDoc {
  _id: string;
  seq: number;
  blocks?: { size: number; at: Date }[];
  /** The latest ranges given back by a process as it took its next block. */
  unused?: UnusedRange[];
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

interface OrgState {
  /** The block numbers are handed out from, while its hold lasts. */
  live?: Block;
  /** The latest ranges this process gave back: a reader here passes them without a read. */
  givenBack: UnusedRange[];
  /** Given back but not written yet: the next block's write carries them, or `flush` does. */
  unwritten: UnusedRange[];
  flush?: NodeJS.Timeout;
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
  const holdMs = opts.holdMs ?? 100;
  // A busy process takes its next block within this time and carries the unused rest of
  // the last one in that same write; an idle one writes it on its own.
  const carryMs = Math.max(10, holdMs / 4);
  const counters = db.collection<CounterDoc>(EVENT_SEQUENCES_COLLECTION);
  const gaps = db.collection<GapDoc>(EVENT_SEQUENCE_GAPS_COLLECTION);
  const orgs = new Map<string, OrgState>();
  const taking = new Map<string, Promise<unknown>>();
  const state = (orgId: string): OrgState => {
    let st = orgs.get(orgId);
    if (!st) orgs.set(orgId, (st = { givenBack: [], unwritten: [] }));
    return st;
  };

  async function markRanges(orgId: string, ranges: UnusedRange[], at: Date): Promise<void> {
    if (ranges.length === 0) return;
    const docs = ranges.flatMap((r) => {
      const parts: GapDoc[] = [];
      for (let from = r.from; from <= r.to; from += MAX_RANGE) {
        const to = Math.min(r.to, from + MAX_RANGE - 1);
        parts.push({ _id: `${orgId}:${from}`, orgId, seq: from, ...(to > from ? { last: to } : {}), at });
      }
      return parts;
    });
    await insertNew(gaps, docs);
  }

  /** Writes the ranges given back and not carried by a block write (a failed mark only makes readers wait the hole wait). */
  function flush(orgId: string): Promise<void> {
    const st = state(orgId);
    clearTimeout(st.flush);
    st.flush = undefined;
    return markRanges(orgId, st.unwritten.splice(0), clock.now()).catch(() => undefined);
  }

  /** Stops handing out the block's numbers; those not handed out are given back. */
  function close(orgId: string): void {
    const st = state(orgId);
    const block = st.live;
    if (!block) return;
    clearTimeout(block.timer);
    st.live = undefined;
    if (block.next > block.end) return;
    const range = { from: block.next, to: block.end };
    st.givenBack = [...st.givenBack.slice(-(LISTED_RANGES - 1)), range];
    st.unwritten.push(range);
    if (!st.flush) {
      st.flush = setTimeout(() => void flush(orgId), carryMs);
      st.flush.unref();
    }
  }

  async function takeBlock(orgId: string, count: number): Promise<number> {
    const st = state(orgId);
    const size = Math.max(count, blockSize);
    const now = clock.now();
    const carried = st.unwritten.splice(0);
    const push: Record<string, unknown> = { blocks: { $each: [{ size, at: now }], $slice: -LISTED_BLOCKS } };
    if (carried.length > 0) push.unused = { $each: carried, $slice: -LISTED_RANGES };
    let doc: CounterDoc | null;
    try {
      doc = await counters.findOneAndUpdate(
        { _id: orgId },
        { $inc: { seq: size }, $push: push },
        { upsert: true, returnDocument: 'after', projection: { seq: 1 } },
      );
    } catch (err) {
      st.unwritten.unshift(...carried);
      void flush(orgId);
      throw err;
    }
    if (st.unwritten.length === 0) clearTimeout(st.flush);
    if (st.unwritten.length === 0) st.flush = undefined;
    if (!doc) throw new Error('event sequence counter not returned');
    const first = doc.seq - size + 1;
    if (size > count) {
      const block: Block = { next: first + count, end: doc.seq, takenAt: now.getTime(), timer: setTimeout(() => close(orgId), holdMs) };
      block.timer.unref();
      st.live = block;
    }
    return first;
  }

  return {
    /** Takes `count` consecutive numbers of the organization; returns the first. */
    async reserve(orgId: string, count: number): Promise<number> {
      for (;;) {
        const st = state(orgId);
        const block = st.live;
        if (block && clock.now().getTime() - block.takenAt < holdMs && block.end - block.next + 1 >= count) {
          const first = block.next;
          block.next += count;
          if (block.next > block.end) close(orgId);
          return first;
        }
        close(orgId);
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
    /** The range this process gave back (never to be used) that holds `seq`, if any. */
    givenBackHere(orgId: string, seq: number): UnusedRange | undefined {
      return orgs.get(orgId)?.givenBack.find((r) => r.from <= seq && seq <= r.to);
    },
    /**
     * Whether this process reserved `seq` and has not handed it out yet: it may still be
     * used, but only by this process, and only for an event recorded from now on.
     */
    heldHere(orgId: string, seq: number): boolean {
      const block = orgs.get(orgId)?.live;
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
      const doc = await counters.findOne({ _id: orgId }, { projection: { seq: 1, blocks: 1 } });
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
      const [docs, counter] = await Promise.all([
        gaps.find({ orgId, seq: { $gte: from - MAX_RANGE + 1, $lte: to } }, { projection: { seq: 1, last: 1 } }).toArray(),
        counters.findOne({ _id: orgId }, { projection: { unused: 1 } }),
      ]);
      return [...docs.map((d) => ({ from: d.seq, to: d.last ?? d.seq })), ...(counter?.unused ?? [])]
        .filter((r) => r.to >= from && r.from <= to)
        .sort((a, b) => a.from - b.from);
    },
    /** Gives back every block held (the process stops recording). */
    async releaseAll(): Promise<void> {
      for (const orgId of orgs.keys()) close(orgId);
      await Promise.all([...orgs.keys()].map(flush));
    },
  };
}

export type EventSequence = ReturnType<typeof createEventSequence>;
