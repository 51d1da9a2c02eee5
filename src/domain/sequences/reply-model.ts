import type { StagedEvent } from '../../events/outbox.ts';

export interface ReplyRecord {
  id: string;
  orgId: string;
  /** Same inbound message twice (a retried trigger) → same key → one effect. */
  dedupeKey: string;
  channel: 'email' | 'linkedin';
  from: string;
  to: string[];
  subject: string | null;
  text: string;
  inReplyTo: string | null;
  references: string[];
  threadId: string | null;
  providerId: string | null;
  receivedAt: Date;
  status: 'processing' | 'matched' | 'unmatched';
  sequenceIds: string[];
  newlyStoppedIds: string[];
  matchedBy: 'message_id' | 'thread_id' | 'recipient' | null;
  createdAt: Date;
}

export interface ReplyStore {
  /** Inserts unless the dedupe key exists; returns the stored record and whether it is new. */
  insertIfAbsent(record: ReplyRecord): Promise<{ record: ReplyRecord; inserted: boolean }>;
  complete(orgId: string, id: string, set: Partial<ReplyRecord>, events: StagedEvent[]): Promise<void>;
}
