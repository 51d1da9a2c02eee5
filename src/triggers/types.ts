import type { Verification } from './verification.ts';

export const TRIGGER_ACTIONS = ['rows.upsert', 'sequence.reply', 'sequence.connection.accepted', 'event'] as const;
export type TriggerAction = (typeof TRIGGER_ACTIONS)[number];

export interface TriggerRecord {
  id: string;
  orgId: string;
  name: string;
  action: TriggerAction;
  schema: Record<string, unknown> | null;
  tableId: string | null;
  matchColumns: string[] | null;
  /** Target field (column slug, or reply field) → JSON pointer into the body. */
  mapping: Record<string, string> | null;
  verification: Verification | null;
  dedupPointer: string | null;
  /** Into the body: posts with the same value there are delivered in order (`event` action); null = unordered. */
  orderingPointer?: string | null;
  rateLimitPerMinute: number | null;
  enabled: boolean;
  tokenNonce: string;
  /** The URL generation before the last rotation, accepted until previousTokenExpiresAt. */
  previousTokenNonce: string | null;
  previousTokenExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TRIGGER_EVENT_STATUSES = ['received', 'processed', 'failed', 'duplicate'] as const;
export type TriggerEventStatus = (typeof TRIGGER_EVENT_STATUSES)[number];

export interface TriggerEventRecord {
  id: string;
  orgId: string;
  triggerId: string;
  status: TriggerEventStatus;
  /** `<source>:<value>`; unique per trigger while set; cleared lazily after the dedup window. */
  dedupKey: string | null;
  duplicateOf: string | null;
  contentType: string;
  headers: Record<string, string>;
  rawBody: Buffer;
  receivedAt: Date;
  attempts: number;
  lastError: string | null;
  /** A processor holds the event until then; a crashed holder's lease simply runs out. */
  leaseUntil: Date | null;
  nextAttemptAt: Date | null;
  processedAt: Date | null;
  failedAt: Date | null;
  failureReason: string | null;
  result: Record<string, unknown> | null;
  replayCount: number;
  /** The one thing the action touches (a row's match key, a replying person); events sharing it run in `seq` order. */
  targetKey?: string | null;
  /** Every thing it touches, when that is more than one (a post of several rows). */
  targetKeys?: string[] | null;
  /** Position in the organization's acknowledgment order; null until sequenced (and for unordered actions). */
  seq?: number | null;
}
