import type { StagedEvent } from '../events/outbox.ts';
import type { TriggerEventRecord, TriggerEventStatus, TriggerRecord } from './types.ts';

// What the trigger domain needs from storage; implemented in src/storage/repositories.

/** Where stored inbound requests live (also an outbox source: processing stages events there). */
export const TRIGGER_EVENTS_COLLECTION = 'trigger_events';

export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TriggerStore {
  insert(record: TriggerRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<TriggerRecord | null>;
  list(orgId: string, page: PageQuery): Promise<PageOf<TriggerRecord>>;
  /** Applies `set` and returns the trigger as stored after it, or null when missing. */
  update(orgId: string, id: string, set: Partial<TriggerRecord>): Promise<TriggerRecord | null>;
  delete(orgId: string, id: string): Promise<boolean>;
}

/** A settled event, and the events that waited for it (empty when it was settled before). */
export interface Settled {
  done: boolean;
  waiters: string[];
}

export type InsertOutcome = { inserted: true } | { inserted: false; duplicateOf: string };

export interface TriggerEventStore {
  /** Inserts an accepted request; a live duplicate of its dedup key returns the original's id instead. */
  insertAccepted(record: TriggerEventRecord, dedupWindowStart: Date): Promise<InsertOutcome>;
  insertDuplicate(record: TriggerEventRecord): Promise<void>;
  findById(orgId: string, triggerId: string, id: string): Promise<TriggerEventRecord | null>;
  list(orgId: string, triggerId: string, status: TriggerEventStatus | undefined, page: PageQuery): Promise<PageOf<TriggerEventRecord>>;
  /** Takes the processing lease of a `received` event; null when done or leased elsewhere. */
  claim(id: string, now: Date, leaseUntil: Date): Promise<TriggerEventRecord | null>;
  /** Marks a claimed event processed, staging its outbound events in the same write (then relaying them); `waiters` were queued behind it. */
  markProcessed(id: string, at: Date, result: Record<string, unknown>, staged: StagedEvent[]): Promise<Settled>;
  markFailed(id: string, at: Date, reason: string): Promise<Settled>;
  release(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** Gives a `received` event its place in the organization's acknowledgment order (once); returns it. */
  assignSeq(orgId: string, id: string): Promise<number>;
  /** The nearest earlier `received` event sharing one of the event's targets, if any. */
  findBlocker(event: Pick<TriggerEventRecord, 'id' | 'orgId' | 'targetKey' | 'targetKeys' | 'seq'>): Promise<string | null>;
  /** Queues `waiterId` to be woken when `blockerId` settles; false when it already has. */
  waitBehind(blockerId: string, waiterId: string): Promise<boolean>;
  /** Gives back a claim that did not start an attempt (the event must wait its turn). */
  unclaim(id: string, leaseUntil: Date, nextAttemptAt: Date): Promise<void>;
  /** Puts a processed or failed event back to `received` for another run (unsequenced: it is acknowledged anew). */
  resetForReplay(orgId: string, triggerId: string, id: string, now: Date): Promise<TriggerEventRecord | null>;
  /** `received` events whose next attempt is due and that nobody holds (start-up and periodic recovery). */
  findDue(dueBy: Date, now: Date, limit: number): Promise<Pick<TriggerEventRecord, 'id'>[]>;
  markQueued(ids: string[], nextAttemptAt: Date): Promise<void>;
}
