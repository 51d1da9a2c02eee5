import type { StagedEvent } from '../../events/outbox.ts';
import type { EventType } from '../../events/event-types.ts';

// What the webhook domain stores and the small storage interfaces it needs; the
// MongoDB implementations live in src/storage/repositories.

export interface EndpointRecord {
  id: string;
  orgId: string;
  url: string;
  events: string[];
  /** A short label for people; `description` is the longer note. */
  name?: string | null;
  description: string | null;
  headers: Record<string, string>;
  enabled: boolean;
  secret: string;
  secretLast4: string;
  /** Still signs (as a second `v1,` entry) until previousSecretExpiresAt. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  disabledReason: string | null;
  disabledAt: Date | null;
  /** When the last attempt to this endpoint finished, and its outcome (absent before the first). */
  lastDeliveryAt?: Date | null;
  lastDeliveryStatus?: AttemptOutcome | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What became of one attempt. */
export type AttemptOutcome = 'delivered' | 'retry' | 'dropped' | 'failed';

/** The last attempt's end, kept on the endpoint. */
export interface LastDelivery {
  at: Date;
  status: AttemptOutcome;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped';

/** Why a pending delivery is not due: an earlier event of its key, or a disabled endpoint. */
export type DeliveryWait = 'predecessor' | 'endpoint_disabled' | null;

export interface AttemptRecord {
  attempt: number;
  at: Date;
  outcome: AttemptOutcome;
  responseStatus: number | null;
  /** The first 2 KB of the response body. */
  responseBody: string | null;
  latencyMs: number;
  error: string | null;
  nextAttemptAt: Date | null;
}

export interface DeliveryRecord {
  id: string;
  orgId: string;
  endpointId: string;
  /** The event id: the envelope `id` and the `webhook-id` header on every attempt. */
  eventId: string;
  eventType: EventType;
  orderingKey: string;
  /** The serialized envelope, sent byte-identical on every attempt. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** Attempts since the last (re)delivery started; indexes the retry schedule. */
  cycleAttempts: number;
  attemptLog: AttemptRecord[];
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  waiting: DeliveryWait;
  /** A later delivery of the same key waits for this one to finish. */
  successorWaiting: boolean;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
  expiresAt: Date;
}

export type DeliveryEdge = Pick<DeliveryRecord, 'id' | 'orgId' | 'endpointId' | 'orderingKey' | 'eventId' | 'waiting'>;

export interface DeliveryFilter {
  endpointId?: string;
  /** The deliveries of one event (one per endpoint). */
  eventId?: string;
  eventType?: string;
  status?: DeliveryStatus;
  /** Created strictly after / strictly before. */
  createdAfter?: Date;
  createdBefore?: Date;
}

export interface PageResult<T> {
  items: T[];
  nextCursor: string | null;
}

export interface EndpointStore {
  insert(record: EndpointRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<EndpointRecord | null>;
  list(orgId: string, page: { limit: number; cursor?: string }): Promise<PageResult<EndpointRecord>>;
  /** Ids of the organization's enabled endpoints, oldest first (the cap keeps the oldest). */
  enabledIds(orgId: string): Promise<string[]>;
  listEnabled(orgId: string): Promise<EndpointRecord[]>;
  update(orgId: string, id: string, set: Partial<EndpointRecord>): Promise<EndpointRecord | null>;
  delete(orgId: string, id: string): Promise<boolean>;
  /** Counts a failed attempt (and notes it as the last one); returns the new consecutive count. */
  recordFailure(orgId: string, id: string, last: LastDelivery): Promise<number>;
  /** Resets the failure count after a success, noting it as the last attempt. */
  recordSuccess(orgId: string, id: string, last: LastDelivery): Promise<void>;
  /** Notes many endpoints' last attempts in one round trip; an older one never overwrites a newer one. */
  noteLastDeliveries(items: { orgId: string; id: string; last: LastDelivery }[]): Promise<void>;
  /**
   * Disables unless already disabled; true when this call did it. `events` (the one that
   * announces it) are staged in the same single-document write, then relayed.
   */
  disable(orgId: string, id: string, reason: string, at: Date, events?: StagedEvent[]): Promise<boolean>;
}

export interface DeliveryStore {
  /** Inserts, skipping (event, endpoint) pairs that already have a delivery; returns the inserted ones. */
  insertMany(records: DeliveryRecord[]): Promise<DeliveryRecord[]>;
  findById(orgId: string, id: string): Promise<DeliveryRecord | null>;
  findByEvent(orgId: string, endpointId: string, eventId: string): Promise<DeliveryRecord | null>;
  list(orgId: string, filter: DeliveryFilter, page: { limit: number; cursor?: string }): Promise<PageResult<DeliveryRecord>>;
  /**
   * The first (or with `last` the last) pending delivery of a key at an endpoint, after an
   * event id if given, only a waiting one with `waitingOnly`: one ordered index read.
   */
  edge(orgId: string, endpointId: string, orderingKey: string, opts?: { last?: boolean; after?: string; waitingOnly?: boolean }): Promise<DeliveryEdge | null>;
  /**
   * The pending deliveries of a key at an endpoint with event ids after `afterEventId` and
   * up to `throughEventId`, in order (chains asking at once share one read).
   */
  pendingInRange(orgId: string, endpointId: string, orderingKey: string, afterEventId: string, throughEventId: string): Promise<DeliveryEdge[]>;
  /**
   * Takes the attempt lease of waiting deliveries, due at once (claims made at the same
   * moment share one write); with `wakesNext`, each also wakes its chain when it ends
   * (flagged `successorWaiting`). Returns how many of `ids` this call took.
   */
  claimWaiters(orgId: string, ids: string[], opts: { owner: string; now: Date; leaseUntil: Date; wakesNext?: boolean }): Promise<number>;
  /** Puts deliveries this owner claimed but did not attempt back to waiting. */
  releaseToWait(orgId: string, ids: string[], owner: string, at: Date): Promise<void>;
  /**
   * Pending deliveries of these keys at these endpoints, with event ids in the open range
   * given (only waiting ones with `waitingOnly`): an index read of exactly those.
   */
  pendingOfKeys(
    orgId: string,
    q: { orderingKeys: string[]; endpointIds: string[]; after?: string; before?: string; waitingOnly?: boolean },
  ): Promise<DeliveryEdge[]>;
  /**
   * Writes many successful attempts in one round trip (lease-checked per delivery) and
   * returns how many it wrote. With `onlyWithoutSuccessor`, a delivery a successor is
   * flagged on is left as it is (the caller then writes it without the condition).
   */
  finishMany(
    items: { orgId: string; id: string; owner: string; set: Partial<DeliveryRecord>; attempt: AttemptRecord }[],
    opts?: { onlyWithoutSuccessor?: boolean },
  ): Promise<number>;
  /** Those of `ids` that finished and have a successor waiting for them. */
  finishedWithSuccessor(ids: string[]): Promise<DeliveryRecord[]>;
  /** Marks the pending deliveries older than `eventId` so the one that finishes wakes the next. */
  flagSuccessor(orgId: string, endpointId: string, orderingKey: string, eventId: string): Promise<void>;
  /** The oldest pending delivery of a key at an endpoint (the only one that may be attempted). */
  head(orgId: string, endpointId: string, orderingKey: string): Promise<DeliveryRecord | null>;
  /** Takes the attempt lease of a due delivery that waits for nothing, or null if another process holds it. */
  claim(orgId: string, id: string, opts: { owner: string; now: Date; leaseUntil: Date }): Promise<DeliveryRecord | null>;
  /** Writes an attempt's result if this owner still holds the lease. */
  finishAttempt(orgId: string, id: string, owner: string, set: Partial<DeliveryRecord>, attempt: AttemptRecord | null): Promise<DeliveryRecord | null>;
  /** Gives the lease back without an attempt (the delivery must wait). */
  release(orgId: string, id: string, owner: string, set: Partial<DeliveryRecord>): Promise<void>;
  dropPending(orgId: string, endpointId: string, reason: string, at: Date): Promise<number>;
  resumePaused(orgId: string, endpointId: string, at: Date): Promise<number>;
  /** Starts a new delivery cycle (same webhook-id) unless one is running; null when pending already. */
  restart(orgId: string, id: string, at: Date, expiresAt: Date): Promise<DeliveryRecord | null>;
  /** Cross-organization sweeps run by the recovery loop. */
  due(now: Date, limit: number): Promise<DeliveryRecord[]>;
  staleWaiting(before: Date, limit: number): Promise<DeliveryRecord[]>;
  countPending(): Promise<number>;
  failedInWindow(orgId: string, endpointId: string, since: Date, until: Date, afterId: string | null, limit: number): Promise<DeliveryRecord[]>;
  countFailedInWindow(orgId: string, endpointId: string, since: Date, until: Date): Promise<number>;
}

export interface RecoveryRecord {
  id: string;
  orgId: string;
  endpointId: string;
  since: Date;
  until: Date;
  status: 'running' | 'completed';
  total: number;
  processed: number;
  /** Where the background job resumes after a restart. */
  lastDeliveryId: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface RecoveryStore {
  insert(record: RecoveryRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<RecoveryRecord | null>;
  progress(orgId: string, id: string, set: Partial<RecoveryRecord>): Promise<RecoveryRecord | null>;
}
